"""Writing translations. Each change writes an audit row on the translated object."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.services import activity_record
from naptrack.translations.languages import UN_LANGUAGES
from naptrack.translations.models import ContentTranslation
from naptrack.translations.targets import target_of

MAX_CHARS = 20_000


def _touched(obj: models.Model) -> list[str]:
    return ["updated_at"] if any(f.name == "updated_at" for f in obj._meta.fields) else []


def _check(obj: models.Model, field: str, language: str, text: str) -> None:
    target = target_of(obj)
    errors = {}
    if target is None or field not in target.fields:
        errors["field"] = _("“%(field)s” cannot be translated here.") % {"field": field}
    if language not in UN_LANGUAGES:
        errors["language"] = _("“%(code)s” is not one of ar, zh, en, fr, ru, es.") % {
            "code": language
        }
    elif language == (getattr(obj, "language", "") or ""):
        errors["language"] = _("This is the language it is written in: edit it instead.")
    if len(text) > MAX_CHARS:
        errors["text"] = _("At most %(n)s characters.") % {"n": MAX_CHARS}
    if errors:
        raise ValidationError(errors)


def translation_save(*, actor, obj: models.Model, field: str, language: str, text: str,
                     channel: str = "web") -> ContentTranslation | None:  # fmt: skip
    """Adds, changes or (with empty text) removes the translation of one field into one
    language. The caller has checked that the actor may edit the object."""
    text = text.strip()
    _check(obj, field, language, text)
    key = {
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": obj.pk,
        "field": field,
        "language": language,
    }
    with transaction.atomic():
        existing = ContentTranslation.objects.select_for_update().filter(**key).first()
        before = existing.text if existing else ""
        if before == text:
            return existing
        if not text:
            existing.delete()
            translation, verb = None, "translation.removed"
        elif existing:
            existing.text, existing.author = text, actor
            existing.save(update_fields=["text", "author", "updated_at"])
            translation, verb = existing, "translation.changed"
        else:
            translation = ContentTranslation.objects.create(**key, text=text, author=actor)
            verb = "translation.added"
        activity_record(
            actor=actor,
            verb=verb,
            target=obj,
            changes={f"{field}:{language}": {"before": before, "after": text}},
            channel=channel,
        )
        if _touched(obj):  # the plan's search record is refreshed from updated_at
            type(obj).objects.filter(pk=obj.pk).update(updated_at=timezone.now())
    obj.__dict__.pop("_translation_map", None)
    return translation


def content_language_set(*, actor, obj: models.Model, language: str, channel: str = "web"):
    """Records the language the object is written in (ISO 639-1, or empty: unknown)."""
    from naptrack.translations.languages import validate_language_code

    try:
        validate_language_code(language)
    except ValidationError as error:
        raise ValidationError({"language": error.messages}) from error
    before = obj.language
    if before == language:
        return
    obj.language = language
    obj.save(update_fields=["language", *_touched(obj)])
    activity_record(
        actor=actor,
        verb="language.changed",
        target=obj,
        changes={"language": {"before": before, "after": language}},
        channel=channel,
    )
