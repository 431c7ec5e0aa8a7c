from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from naptrack.accounts.models import Organization
from naptrack.accounts.selectors import user_scopes
from naptrack.lessons.choices import LessonTheme
from naptrack.library.models import Document
from naptrack.plans.models import Action, Indicator
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
    organization = forms.ModelChoiceField(
        label=_("Shared on behalf of"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Nobody: in my own name"),
        help_text=_("An organization you belong to; its name is shown with the lesson."),
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
    actions = forms.ModelMultipleChoiceField(
        label=_("Plan actions"), queryset=Action.objects.none(), required=False
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"), queryset=Indicator.objects.none(), required=False
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Library documents"), queryset=Document.objects.none(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        from naptrack.library.selectors import documents_visible_to

        super().__init__(*args, **kwargs)
        # A government agency, CSO or UN entity shares a lesson through its members only.
        organizations = Organization.objects.filter(
            pk__in=user_scopes(user).organization_ids
        ).order_by("name")
        if organizations.exists():
            self.fields["organization"].queryset = organizations
        else:
            del self.fields["organization"]
        # Only what everyone may see can be linked: a public lesson must not reveal a draft.
        public_plans = ActionPlan.objects.public()
        self.fields["actions"].queryset = Action.objects.filter(
            plan__in=public_plans
        ).select_related("plan")
        self.fields["indicators"].queryset = Indicator.objects.filter(
            plan__in=public_plans
        ).select_related("plan")
        self.fields["documents"].queryset = documents_visible_to(AnonymousUser())


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
