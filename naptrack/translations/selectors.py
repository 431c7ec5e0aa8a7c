"""Reading translations, and choosing what a visitor sees: the text in their language
when an author wrote one, otherwise the original, saying in which language it is."""

from dataclasses import dataclass

from django.db import models

from naptrack.translations.languages import visitor_language
from naptrack.translations.models import ContentTranslation


def translations_of(obj: models.Model) -> list[ContentTranslation]:
    return list(_of_model(obj).filter(object_id=obj.pk).order_by("field", "language"))


def _of_model(obj: models.Model):
    """By the content type's natural key, joined: one query whether or not Django's
    content-type cache is warm (query counts stay fixed)."""
    meta = obj._meta
    return ContentTranslation.objects.filter(
        content_type__app_label=meta.app_label, content_type__model=meta.model_name
    )


def translation_map(obj: models.Model) -> dict[tuple[str, str], str]:
    """{(field, language): text}, cached on the object for the rest of the request."""
    cached = getattr(obj, "_translation_map", None)
    if cached is None:
        cached = {(t.field, t.language): t.text for t in translations_of(obj)}
        obj._translation_map = cached
    return cached


@dataclass(frozen=True)
class Shown:
    text: str
    language: str  # ISO 639-1 code of the text shown; "" when the original's is unknown
    translated: bool  # an author's translation into the visitor's language
    original_language: str
    visitor_language: str

    @property
    def in_visitor_language(self) -> bool:
        return self.translated or self.language == self.visitor_language


def shown(obj: models.Model, field: str, language: str | None = None) -> Shown:
    """Per field: the translation into `language` (the visitor's) if there is one,
    otherwise the original text in the object's own language."""
    language = language or visitor_language()
    original = getattr(obj, "language", "") or ""
    text = translation_map(obj).get((field, language))
    if text and language != original:
        return Shown(text, language, True, original, language)
    # A plan without a title shows the one made from its owner and period.
    fallback = getattr(obj, f"display_{field}", "")
    return Shown(getattr(obj, field) or fallback or "", original, False, original, language)


def attach_translations(objects: list[models.Model]) -> None:
    """Reads the translations of many objects of one model in one query (lists and the
    structure page), so that `shown` asks nothing more."""
    if not objects:
        return
    found: dict[int, dict] = {obj.pk: {} for obj in objects}
    rows = (
        _of_model(objects[0])
        .filter(object_id__in=list(found))
        .values_list("object_id", "field", "language", "text")
    )
    for object_id, field, language, text in rows:
        found[object_id][(field, language)] = text
    for obj in objects:
        obj._translation_map = found[obj.pk]


def translated_texts(obj: models.Model) -> list[str]:
    """Every translation of the object, for the search index: a plan written in French
    is found by the words of its English title too."""
    return [text for _key, text in sorted(translation_map(obj).items())]
