"""Form widgets for long lists (180 languages, every civil-society organization).

Django's select template includes one template per option, and that one includes the
attributes' template: two template lookups and contexts per option, the largest part of
the shadow report editor's time (docs/benchmarks.md). These widgets render the same HTML
with the options written inline."""

from django import forms

INLINE_SELECT = "core/widgets/select_inline.html"


class LongSelect(forms.Select):
    template_name = INLINE_SELECT


class LongSelectMultiple(forms.SelectMultiple):
    template_name = INLINE_SELECT
