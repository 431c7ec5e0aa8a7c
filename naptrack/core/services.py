"""Writing the audit trail. Every service that changes state calls activity_record."""

import datetime
import decimal
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from naptrack.core.models import Activity
from naptrack.core.signals import activity_recorded


def acting_person(actor):
    """The user to store as who did something: the actor when a signed-in person, None
    for the system or an anonymous request (commands and tasks pass no person)."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    return value


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict]:
    """The fields whose value differs, as {field: {"before": old, "after": new}}."""
    changed = {}
    for field in sorted(set(before) | set(after)):
        old, new = _jsonable(before.get(field)), _jsonable(after.get(field))
        if old != new:
            changed[field] = {"before": old, "after": new}
    return changed


def activity_record(
    *, actor, verb: str, target: models.Model, changes: dict | None = None, channel: str = "web"
) -> Activity:
    is_person = acting_person(actor) is not None
    activity = Activity.objects.create(
        actor=actor if is_person else None,
        actor_label=str(actor) if is_person else "system",
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_label=str(target)[:300],
        changes=changes or {},
        channel=channel,
    )
    activity_recorded.send(sender=Activity, activity=activity, target=target)
    return activity


def audited_update(
    obj: models.Model, *, actor, fields: dict[str, Any], allowed: Sequence[str], verb: str,
    channel: str = "web", validate: Callable[[models.Model], None] | None = None,
) -> dict[str, dict]:  # fmt: skip
    """Set `fields` (only names in `allowed`) on `obj`, validate it (`full_clean`, or the
    app's own `validate`), save it, and record what changed against the stored row (no
    audit row when nothing did). Returns the changes. The caller checks who acts and
    holds the transaction."""
    refuse_unknown_fields(fields, allowed)
    stored = type(obj)._default_manager.get(pk=obj.pk)
    before = {name: getattr(stored, name) for name in allowed}
    for name, value in fields.items():
        setattr(obj, name, value)
    (validate or _full_clean)(obj)
    obj.save(update_fields=list(fields) or None)
    changes = changes_between(before, {name: getattr(obj, name) for name in allowed})
    if changes:
        activity_record(actor=actor, verb=verb, target=obj, changes=changes, channel=channel)
    return changes


def refuse_unknown_fields(fields, allowed: Sequence[str]) -> None:
    """ValidationError naming the `fields` a service does not let its caller change."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )


def _full_clean(obj: models.Model) -> None:
    obj.full_clean()
