""" "My work" shows the same derived plan status as the public pages."""

import pytest
from django.urls import reverse

from tests.factories.registry import ActionPlanFactory


@pytest.mark.django_db
def test_my_work_shows_derived_status_not_the_recorded_field(client, kenya_coordinator, kenya):
    lapsed = ActionPlanFactory(
        country=kenya, generation=91, title="Lapsed test plan", period_start=2001, period_end=2003
    )
    current = ActionPlanFactory(country=kenya, generation=92, title="Current test plan")
    client.force_login(kenya_coordinator)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()

    def status_cell(plan):
        row = html[html.index(f'href="{plan.get_absolute_url()}"') :]
        return row[: row.index("</tr>")]

    assert lapsed.status == "adopted"
    assert "Expired" in status_cell(lapsed)
    assert "Adopted" not in status_cell(lapsed)
    public = client.get(lapsed.get_absolute_url()).content.decode()
    assert 'class="status status-expired"' in public
    assert "status-expired" in status_cell(lapsed)
    assert "status-adopted" in status_cell(current)
