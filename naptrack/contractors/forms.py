from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from naptrack.accounts.models import Organization
from naptrack.contractors.choices import (
    AUTHORITY_KINDS,
    Answer,
    IncidentType,
    PublicationMode,
)
from naptrack.contractors.models import Contract, Contractor
from naptrack.contractors.selectors import RegisterFilters, current_checklist
from naptrack.core.forms import EvidenceForm  # noqa: F401 (the contract page's form)
from naptrack.plans.models import Action
from naptrack.registry.fields import CountryChoiceField
from naptrack.registry.models import Country


class RegisterFilterForm(forms.Form):
    country = forms.CharField(
        label=_("Country (ISO3)"),
        required=False,
        max_length=3,
        help_text=_("Awarding country or country of operation, such as KEN."),
    )
    authority = forms.ModelChoiceField(
        label=_("Contracting authority"),
        queryset=Organization.objects.filter(
            kind__in=AUTHORITY_KINDS, contracts_awarded__in=Contract.objects.public()
        )
        .distinct()
        .order_by("name"),
        required=False,
    )
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Contractor.objects.public(), required=False
    )
    item = forms.ChoiceField(label=_("Checklist item"), required=False)
    answer = forms.ChoiceField(
        label=_("Answer to the item"),
        choices=[("", _("Any answer")), *Answer.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = current_checklist()
        items = [(i.code, i.label) for i in version.items.all()] if version else []
        self.fields["item"].choices = [("", _("Any item")), *items]

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        if country and not country.isalpha():
            raise forms.ValidationError(_("Give a three-letter ISO code, such as KEN."))
        return country

    def to_filters(self) -> RegisterFilters:
        data = self.cleaned_data
        return RegisterFilters(
            country=data["country"],
            authority=data["authority"].pk if data["authority"] else None,
            company=data["company"].pk if data["company"] else None,
            item=data["item"],
            answer=data["answer"],
        )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices, widget=forms.RadioSelect)
    explanation = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChallengeForm(forms.Form):
    author = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organization.objects.none())
    claimed_answer = forms.ChoiceField(
        label=_("The answer should be"), choices=Answer.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 4}))
    publication_mode = forms.ChoiceField(
        label=_("Publish"),
        choices=PublicationMode.choices,
        initial=PublicationMode.NAMED,
        widget=forms.RadioSelect,
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        required=False,
        max_length=120,
        help_text=_("Shown instead of your organization's name when you choose a pseudonym."),
    )
    evidence_description = forms.CharField(label=_("What the evidence shows"), max_length=500)
    evidence_url = forms.URLField(
        label=_("Evidence link"), required=False, max_length=1000, assume_scheme="https"
    )
    evidence_file = forms.FileField(label=_("Or an evidence file"), required=False)

    def __init__(self, *args, organization_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = Organization.objects.filter(pk__in=organization_ids)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the challengers read it)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class IncidentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    incident_type = forms.ChoiceField(label=_("Type"), choices=IncidentType.choices)
    summary = forms.CharField(
        label=_("Summary for publication"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "No names, ages, places, dates or contact details: nothing that could identify a "
            "survivor or a witness. Shown only if you publish the incident."
        ),
    )


class IncidentPublishForm(forms.Form):
    reviewed = forms.BooleanField(
        label=_("I have read the summary: it identifies no survivor or witness."), required=True
    )


def _https_links(field, **kwargs):
    """Links typed without a scheme are taken as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ContractorForm(forms.ModelForm):
    class Meta:
        model = Contractor
        formfield_callback = _https_links
        fields = [
            "name",
            "country_of_registration",
            "icoca_membership",
            "icoca_source",
            "icoc_signatory",
            "icoc_source",
            "other_codes",
        ]
        field_classes = {"country_of_registration": CountryChoiceField}
        # The model's first fields have no verbose names; labelled here, no migration.
        labels = {
            "name": _("Name"),
            "country_of_registration": _("Country of registration"),
            "other_codes": _("Other codes of conduct"),
        }


class ContractForm(forms.Form):
    """A contract of one of the owners the user coordinates."""

    contractor = forms.ModelChoiceField(
        label=_("Company"), queryset=Contractor.objects.public().order_by("name")
    )
    authority = forms.ChoiceField(label=_("Contracting authority"))
    authority_body = forms.ModelChoiceField(
        label=_("Signing ministry or body"), queryset=Organization.objects.none(), required=False
    )
    country_of_operation = CountryChoiceField(
        label=_("Country of operation"), queryset=Country.objects.order_by("name")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    services = forms.CharField(label=_("Services"), widget=forms.Textarea(attrs={"rows": 3}))
    start_date = forms.DateField(label=_("Start date (YYYY-MM-DD)"), required=False)
    end_date = forms.DateField(label=_("End date (YYYY-MM-DD)"), required=False)
    value = forms.DecimalField(
        label=_("Value"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    currency = forms.CharField(
        label=_("Currency (ISO 4217, such as USD)"), required=False, max_length=3
    )
    reference = forms.CharField(label=_("Contract number"), required=False, max_length=120)
    source_url = forms.URLField(
        label=_("Public notice"), required=False, max_length=1000, assume_scheme="https"
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Plan actions concerned"), queryset=Action.objects.none(), required=False
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {self._key(owner): owner for owner in owners}
        self.fields["authority"].choices = [(k, str(o)) for k, o in self.owners.items()]
        countries = [o.pk for o in owners if isinstance(o, Country)]
        bodies = [o.pk for o in owners if not isinstance(o, Country)]
        owned = Q(country__in=countries) | Q(regional_organization__in=bodies)
        self.fields["authority_body"].queryset = Organization.objects.filter(
            owned, kind__in=AUTHORITY_KINDS
        ).order_by("name")
        plans = Q(plan__country__in=countries) | Q(plan__regional_organization__in=bodies)
        self.fields["actions"].queryset = Action.objects.filter(plans).select_related("plan")

    @staticmethod
    def _key(owner) -> str:
        return f"{'country' if isinstance(owner, Country) else 'regional'}:{owner.pk}"

    def clean_authority(self):
        return self.owners[self.cleaned_data["authority"]]
