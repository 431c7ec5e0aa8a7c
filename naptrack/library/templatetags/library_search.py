from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_url(context, name: str, value: str = "") -> str:
    """The search URL with one facet set to `value` (or removed when empty), page reset."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value:
        params[name] = value
    else:
        params.pop(name, None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def page_url(context, page: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = str(page)
    return "?" + params.urlencode()


@register.filter
def language_name(code: str) -> str:
    from naptrack.library.search import language_name as name_of

    return name_of(code)
