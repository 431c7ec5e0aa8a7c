"""The analysis page's one parameter: which set of countries every chart counts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from naptrack.analysis.selectors import SET_ALL, SET_UN


class CountrySetForm(forms.Form):
    set = forms.ChoiceField(
        label=_("Count"),
        required=False,
        choices=[
            (SET_ALL, _("All countries and territories")),
            (SET_UN, _("UN member states only")),
        ],
    )

    def country_set(self) -> str:
        """The chosen set; call only after is_valid()."""
        return self.cleaned_data.get("set") or SET_ALL


def errors_text(form: forms.Form) -> str:
    """Every error as “field: message” lines, for plain-text 400 responses."""
    return "\n".join(
        f"{name}: {message}" for name, messages in form.errors.items() for message in messages
    )
