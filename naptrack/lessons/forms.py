from django import forms
from django.utils.translation import gettext_lazy as _

from naptrack.lessons.choices import LessonTheme
from naptrack.registry.fields import CountryMultipleChoiceField
from naptrack.registry.models import ActionPlan, Country, Pillar


class LessonForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("What was tried, where and by whom"), widget=forms.Textarea)
    result = forms.CharField(label=_("Result"), widget=forms.Textarea)
    evidence_url = forms.URLField(
        label=_("Evidence (a link to a report, an evaluation, a document)"),
        required=False,
        assume_scheme="https",
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=LessonTheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Pillars"), queryset=Pillar.objects.order_by("position"), required=False
    )
    countries = CountryMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.order_by("name"), required=False
    )
    plans = forms.ModelMultipleChoiceField(
        label=_("Plans"),
        queryset=ActionPlan.objects.public().select_related("country", "regional_organization"),
        required=False,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the author sees it)"), widget=forms.Textarea)


class LessonFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    country = forms.CharField(label=_("Country (ISO alpha-3)"), required=False, max_length=3)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("Any")), *LessonTheme.choices]
    )
    pillar = forms.ModelChoiceField(
        label=_("Pillar"),
        required=False,
        queryset=Pillar.objects.order_by("position"),
        to_field_name="code",
    )
