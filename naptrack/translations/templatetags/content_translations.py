"""{% translated obj "title" %}: the field in the visitor's language when its authors
translated it, otherwise the original with its language named (and a lang attribute)."""

from django import template

from naptrack.translations.languages import language_name, visitor_language
from naptrack.translations.selectors import shown
from naptrack.translations.targets import target_of

register = template.Library()


@register.inclusion_tag("translations/_shown.html")
def translated(obj, field: str, note: bool = True):
    """`note=False` leaves out the sentence naming the language, for the items of a list
    under one note (content_language_note)."""
    found = shown(obj, field)
    return {"shown": found, "shown_language_name": language_name(found.language), "note": note}


@register.inclusion_tag("translations/_note.html")
def content_language_note(obj):
    """Once above a list: the language it is written in, unless it is the visitor's."""
    language = getattr(obj, "language", "")
    return {"show": bool(language) and language != visitor_language(),
            "language": language, "language_name": language_name(language)}  # fmt: skip


@register.filter
def translatable_kind(obj) -> str:
    """The kind of object for translations URLs, or "" when it has no translations."""
    target = target_of(obj)
    return target.kind if target else ""


@register.filter
def may_translate(obj, user) -> bool:
    target = target_of(obj)
    return bool(target and user.is_authenticated and target.may_edit(user, obj))


@register.inclusion_tag("translations/_link.html", takes_context=True)
def translations_link(context, obj):
    """A link to the object's language and translations, for those who may edit it."""
    user = context["request"].user
    return {"object": obj, "kind": translatable_kind(obj), "show": may_translate(obj, user)}
