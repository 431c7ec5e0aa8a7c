"""Background work of the report cards, run by `manage.py db_worker`."""

from django_tasks import task

from naptrack.registry.models import ActionPlan
from naptrack.report_cards.services import report_card_recompute


@task()
def recompute_report_card(plan_id: int) -> str:
    """Recompute one plan's card; a new card only if its inputs or the method changed."""
    plan = ActionPlan.objects.filter(pk=plan_id).first()
    if plan is None:
        return "no such plan"
    card = report_card_recompute(plan=plan)
    return f"card {card.pk}" if card else "unchanged"
