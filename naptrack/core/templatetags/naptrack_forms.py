"""The error summary shown at the top of a form: every error once, each field's error a
link to the field, so keyboard and screen-reader users can reach what needs fixing."""

from django import template

register = template.Library()


def _entries(form) -> list[dict]:
    entries = [{"label": "", "anchor": "", "error": e} for e in form.non_field_errors()]
    for field in form:
        anchor = "" if field.is_hidden else field.id_for_label
        entries += [{"label": field.label, "anchor": anchor, "error": e} for e in field.errors]
    return entries


@register.inclusion_tag("_error_summary.html")
def error_summary(*forms):
    """{% error_summary form %} or {% error_summary form value_forms %}: forms or lists of
    forms; nothing is shown when none has an error."""
    entries = []
    for item in forms:
        for form in item if isinstance(item, list | tuple) else [item]:
            if form is not None and hasattr(form, "non_field_errors") and form.errors:
                entries += _entries(form)
    return {"entries": entries}
