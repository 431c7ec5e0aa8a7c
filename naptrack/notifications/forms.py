from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from naptrack.notifications.choices import Delivery, Family


def autonyms() -> list[tuple[str, str]]:
    """Each site language named in itself (Django's CLDR-based table), as a language
    menu does: whoever reads French looks for "Français", whatever the page's language."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class PreferencesForm(forms.Form):
    """One choice per family of events, and the language of the emails."""

    language = forms.ChoiceField(
        label=_("Language of emails"),
        choices=(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The site's default language")), *autonyms()]
        for family in Family:
            self.fields[family.value] = forms.ChoiceField(
                label=family.label, choices=Delivery.choices, widget=forms.RadioSelect
            )

    def deliveries(self) -> dict[str, str]:
        return {family: self.cleaned_data[family] for family in Family.values}


class MarkReadForm(forms.Form):
    """Empty: every unread notification; otherwise the one named."""

    notification = forms.IntegerField(required=False, min_value=1)
