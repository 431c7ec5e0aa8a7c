"""{% translated obj "title" %}: the field in the visitor's language when its authors
translated it, otherwise the original with its language named (and a lang attribute)."""

from django import template

from naptrack.translations.languages import language_name
from naptrack.translations.selectors import shown
from naptrack.translations.targets import target_of

register = template.Library()


@register.inclusion_tag("translations/_shown.html")
def translated(obj, field: str):
    found = shown(obj, field)
    return {"shown": found, "shown_language_name": language_name(found.language)}


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
