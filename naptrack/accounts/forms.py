"""Forms of the People and API-token pages. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from naptrack.accounts.choices import REQUESTABLE_ROLES, Role
from naptrack.accounts.models import Organization, User
from naptrack.registry.fields import CountryChoiceField
from naptrack.registry.models import Country, RegionalOrganization


class MembershipGrantForm(forms.Form):
    email = forms.EmailField(label=_("Person's email address"))
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    organization = forms.ModelChoiceField(
        Organization.objects.all(),
        required=False,
        label=_("Organization"),
        help_text=_("Required for agency reporters and civil-society members."),
    )
    country = CountryChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Country"),
        help_text=_("For a coordinator: the country whose plans they edit."),
    )
    regional_organization = forms.ModelChoiceField(
        RegionalOrganization.objects.all(),
        required=False,
        label=_("Regional organization"),
        help_text=_("For a coordinator: the regional organization whose plans they edit."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            self.user = User.objects.get(email__iexact=email)
        except User.DoesNotExist as exc:
            raise forms.ValidationError(
                _("No account uses %(email)s. The person must sign up first."),
                params={"email": email},
            ) from exc
        return email

    def grant_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "user": self.user,
            "role": data["role"],
            "organization": data["organization"],
            "country": data["country"],
            "regional_organization": data["regional_organization"],
        }


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by email or name"), required=False, max_length=200)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, e.g. “nightly export script”."),
    )


class RoleRequestForm(forms.Form):
    role = forms.ChoiceField(label=_("Role you ask for"))
    organization_name = forms.CharField(
        required=False,
        max_length=300,
        label=_("Your organization"),
        help_text=_(
            "Its full name. Required for agency reporters and civil-society members; an "
            "admin matches it to the organization (or adds it)."
        ),
    )
    country = forms.ModelChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Country"),
        help_text=_("For a coordinator: the country whose plan you coordinate."),
    )
    regional_organization = forms.ModelChoiceField(
        RegionalOrganization.objects.all(),
        required=False,
        label=_("Regional organization"),
        help_text=_("For a coordinator: the regional organization whose plan you coordinate."),
    )
    note = forms.CharField(
        label=_("Note for the admins"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who you are and why you need the role, so an admin can check it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requestable = [(r, Role(r).label) for r in REQUESTABLE_ROLES]
        self.fields["role"].choices = [("", _("Choose a role")), *requestable]

    def request_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class RoleDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
    organization = forms.ModelChoiceField(
        Organization.objects.all(), required=False, label=_("Organization")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class OrganizationCreateForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "country", "regional_organization", "website"]
