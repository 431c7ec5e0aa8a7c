"""What may be translated, and who may read and translate it: per kind of object, its
model, its translatable fields, and the access helpers of the app that owns it. The
authors of a translation are the people who may edit the object (see
docs/permissions.md): a plan's coordinators for a plan, its actions, its indicators and
its official reports; the authoring organizations' members for a shadow report."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Target:
    kind: str  # the name in URLs and the API
    model_label: str
    fields: dict[str, object]  # field name -> its label
    read: Callable  # (user, pk) -> the object, or Http404
    may_edit: Callable  # (user, object) -> bool

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)


def _plan_read(user, pk):
    from naptrack.registry.permissions import plan_for_read

    return plan_for_read(user, pk)


def _in_visible_plan(model_label: str):
    def read(user, pk):
        from django.apps import apps

        from naptrack.registry.selectors import plans_visible_to

        model = apps.get_model(model_label)
        found = model.objects.filter(plan__in=plans_visible_to(user), pk=_int(pk)).first()
        if found is None:
            raise Http404(_("No such item."))
        return found

    return read


def _report_read(user, pk):
    """An official report like its page: published for anyone who may read the plan, a
    draft only for the plan's coordinators."""
    from naptrack.reporting.models import OfficialReport
    from naptrack.reporting.permissions import report_for_read

    report = OfficialReport.objects.select_related("cycle").filter(pk=_int(pk)).first()
    if report is None:
        raise Http404(_("No such item."))
    try:
        return report_for_read(user, report.cycle.plan_id, report.cycle_id, report.version)
    except Http404 as exc:
        raise Http404(_("No such item.")) from exc


def _shadow_read(user, pk):
    from naptrack.shadow_reports.permissions import report_for_read

    return report_for_read(user, pk)


def _plan_editor(plan_of: Callable):
    def may_edit(user, obj) -> bool:
        from naptrack.registry.permissions import can_edit_plan

        return can_edit_plan(user, plan_of(obj))

    return may_edit


def _shadow_author(user, report) -> bool:
    from naptrack.shadow_reports.permissions import can_author

    return can_author(user, report)


def _int(pk) -> int | None:
    return int(pk) if str(pk).isdigit() else None


TITLE = gettext_lazy("Title")
TARGETS = {
    target.kind: target
    for target in [
        Target("plan", "registry.ActionPlan", {"title": TITLE}, _plan_read,
               _plan_editor(lambda plan: plan)),
        Target("action", "plans.Action",
               {"title": TITLE, "description": gettext_lazy("Description")},
               _in_visible_plan("plans.Action"), _plan_editor(lambda action: action.plan)),
        Target("indicator", "plans.Indicator", {"name": gettext_lazy("Name")},
               _in_visible_plan("plans.Indicator"),
               _plan_editor(lambda indicator: indicator.plan)),
        Target("official-report", "reporting.OfficialReport",
               {"summary": gettext_lazy("Summary")}, _report_read,
               _plan_editor(lambda report: report.cycle.plan)),
        Target("shadow-report", "shadow_reports.ShadowReport",
               {"title": TITLE, "findings": gettext_lazy("Findings")}, _shadow_read,
               _shadow_author),
    ]
}  # fmt: skip


def target_for(kind: str) -> Target:
    if kind not in TARGETS:
        raise Http404(_("No such item."))
    return TARGETS[kind]


def target_of(obj: models.Model) -> Target | None:
    label = obj._meta.label
    return next((t for t in TARGETS.values() if t.model_label == label), None)


def object_for_read(user, kind: str, pk):
    target = target_for(kind)
    return target, target.read(user, pk)


def object_for_translation(user, kind: str, pk):
    """The object if this user may translate it; 404 if they may not see it, 403 if they
    may see it but not edit it (like every page of the app that owns it)."""
    target, obj = object_for_read(user, kind, pk)
    if not target.may_edit(user, obj):
        raise PermissionDenied(_("Only the people who may edit this may translate it."))
    return target, obj
