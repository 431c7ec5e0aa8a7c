"""The plan lifecycle's transitions come from one table (naptrack/registry/transitions.py)."""

from naptrack.registry import api, forms_manage, schemas, services
from naptrack.registry.transitions import NAMES, TABLE
from naptrack.registry.views import manage


def test_every_transition_has_its_service_and_is_offered_everywhere():
    for transition in TABLE:
        assert callable(getattr(services, f"plan_{transition.name}"))
        assert transition.sources and transition.participle and str(transition.label)
    assert set(manage.TRANSITION_SERVICES) == set(api.TRANSITION_SERVICES) == set(NAMES)
    assert set(schemas.TRANSITIONS) == set(forms_manage.TRANSITION_LABELS) == set(NAMES)
    assert services.TRANSITION_SOURCES["expire"] == ("adopted",)
    assert api.TRANSITION_SERVICES["withdraw"] is services.plan_withdraw
