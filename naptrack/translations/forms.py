from django import forms
from django.utils.translation import gettext_lazy as _

from naptrack.translations.languages import UN_LANGUAGES, language_choices, language_name


class TranslationsForm(forms.Form):
    """The object's own language, and one text box per translatable field and UN language
    other than the object's own. An empty box removes that translation."""

    language = forms.ChoiceField(
        label=_("Written in"),
        required=False,
        help_text=_("The language the original is written in."),
    )

    def __init__(self, *args, target, obj, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["language"].initial = obj.language
        self.pairs = []
        for field, label in target.fields.items():
            for code in UN_LANGUAGES:
                if code == obj.language:
                    continue
                name = f"{field}__{code}"
                self.fields[name] = forms.CharField(
                    label=_("%(field)s in %(language)s")
                    % {"field": label, "language": language_name(code)},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2, "lang": code, "dir": "auto"}),
                    initial=existing.get((field, code), ""),
                )
                self.pairs.append((field, code, name))
