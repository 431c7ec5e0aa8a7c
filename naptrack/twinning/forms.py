from django import forms
from django.utils.translation import gettext_lazy as _

from naptrack.registry.fields import CountryMultipleChoiceField
from naptrack.registry.models import Country, RegionalOrganization
from naptrack.twinning.choices import ExchangeKind, PartnershipStatus


class PartnershipForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    aims = forms.CharField(label=_("Aims"), widget=forms.Textarea)
    countries = CountryMultipleChoiceField(
        label=_("Partner countries (yours included)"),
        queryset=Country.objects.order_by("name"),
        required=False,
    )
    regional_organizations = forms.ModelMultipleChoiceField(
        label=_("Partner regional bodies"),
        queryset=RegionalOrganization.objects.order_by("short_name"),
        required=False,
    )
    period_start = forms.IntegerField(label=_("First year"), required=False, min_value=2000)
    period_end = forms.IntegerField(label=_("Last year"), required=False, min_value=2000)
    contacts = forms.CharField(label=_("Contacts"), widget=forms.Textarea, required=False)


class PartnershipEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    aims = forms.CharField(label=_("Aims"), widget=forms.Textarea)
    period_start = forms.IntegerField(label=_("First year"), required=False, min_value=2000)
    period_end = forms.IntegerField(label=_("Last year"), required=False, min_value=2000)
    contacts = forms.CharField(label=_("Contacts"), widget=forms.Textarea, required=False)


class ExchangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExchangeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea, required=False)
    outcomes = forms.CharField(label=_("Outcomes"), widget=forms.Textarea, required=False)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(PartnershipStatus.ACTIVE, _("Active")), (PartnershipStatus.ENDED, _("Ended"))]
    )


class PartnershipFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    country = forms.CharField(label=_("Country (ISO alpha-3)"), required=False, max_length=3)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *PartnershipStatus.choices]
    )
