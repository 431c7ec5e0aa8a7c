"""Forms for the structure pages. They check input; the services write.

ModelForms here are always bound to a copy of the element (see `for_edit`): a ModelForm
writes cleaned values onto its instance, and the services must see the element as it
was to record what changed.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from naptrack.plans import selectors
from naptrack.plans.models import (
    Action,
    BudgetLine,
    Indicator,
    IndicatorTarget,
    Objective,
    PlanPillar,
    Responsibility,
)
from naptrack.plans.spreadsheet import max_bytes
from naptrack.translations.languages import language_choices


class PlanScopedForm(forms.ModelForm):
    """Choices of parents come from this plan only: a crafted id from another plan is
    an invalid choice, never a foreign element."""

    scoped_fields: dict = {}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for name, model in self.scoped_fields.items():
            self.fields[name].queryset = model.objects.filter(plan=plan)


class PillarForm(forms.ModelForm):
    class Meta:
        model = PlanPillar
        fields = ["name"]
        labels = {"name": _("Name")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)


class ObjectiveForm(PlanScopedForm):
    scoped_fields = {"pillar": PlanPillar}

    class Meta:
        model = Objective
        fields = ["pillar", "code", "title"]
        labels = {"pillar": _("Pillar"), "code": _("Code"), "title": _("Title")}


class ContentLanguageMixin:
    """The language of the text as a list: not recorded, the six UN languages, others."""

    def _language_as_choice(self) -> None:
        field = self.fields["language"]
        self.fields["language"] = forms.ChoiceField(
            label=_("Written in"), choices=language_choices(), required=False,
            help_text=field.help_text,
        )  # fmt: skip


class ActionForm(ContentLanguageMixin, PlanScopedForm):
    scoped_fields = {"objective": Objective}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._language_as_choice()

    class Meta:
        model = Action
        fields = ["objective", "code", "title", "description", "language", "start_year", "end_year"]
        labels = {
            "objective": _("Objective"),
            "code": _("Code"),
            "title": _("Title"),
            "description": _("Description"),
            "language": _("Language"),
            "start_year": _("Start year"),
            "end_year": _("End year"),
        }
        help_texts = {
            "start_year": _("First year of the timeframe; leave empty if unknown."),
            "end_year": _("Last year of the timeframe; leave empty if unknown."),
        }


class ResponsibilityForm(forms.ModelForm):
    class Meta:
        model = Responsibility
        fields = ["agency", "role"]
        labels = {"agency": _("Agency"), "role": _("Role")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.agencies_for_plan(plan).order_by("name")
        if self.instance.pk:
            self.fields["agency"].disabled = True


class IndicatorForm(ContentLanguageMixin, PlanScopedForm):
    scoped_fields = {"action": Action}

    class Meta:
        model = Indicator
        fields = [
            "action",
            "code",
            "name",
            "language",
            "unit",
            "baseline_value",
            "baseline_date",
            "data_source",
            "disaggregated_by_sex",
            "disaggregated_by_age",
            "disaggregated_by_location",
            "standard_indicator",
            "sdg_indicator",
        ]
        labels = {
            "action": _("Action"),
            "code": _("Code"),
            "name": _("Name"),
            "unit": _("Unit"),
            "baseline_date": _("Baseline date"),
            "data_source": _("Data source"),
            "disaggregated_by_sex": _("Disaggregated by sex"),
            "disaggregated_by_age": _("Disaggregated by age"),
            "disaggregated_by_location": _("Disaggregated by location"),
            "baseline_value": _("Baseline"),
            "standard_indicator": _("UN global indicator on 1325"),
            "sdg_indicator": _("SDG indicator (such as 5.5.1)"),
        }
        widgets = {"baseline_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard_indicator"].queryset = selectors.standard_indicators()
        self._language_as_choice()
        self.fields["baseline_value"].help_text = _("Leave empty if the baseline is unknown.")


class TargetForm(forms.ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["period", "value"]
        labels = {"period": _("Period"), "value": _("Value")}
        help_texts = {"period": _("A year (2025), a half-year (2025-H1) or a quarter (2025-Q3).")}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["period"].disabled = True

    def clean_period(self):
        return self.cleaned_data["period"].strip().upper()


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["amount", "currency", "kind", "funding_source"]
        labels = {
            "amount": _("Amount"),
            "currency": _("Currency"),
            "kind": _("Kind"),
            "funding_source": _("Funding source"),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].validators.append(MinValueValidator(0))

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name of the government agency"), max_length=300)


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the workbook and list the changes; save nothing"), required=False
    )

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if workbook.size > max_bytes():
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                params={
                    "size": filesizeformat(workbook.size),
                    "limit": filesizeformat(max_bytes()),
                },
            )
        return workbook


def for_edit(form_class, data, element, *, plan):
    """A form bound to a copy of `element`, so validation never touches the original."""
    return form_class(data, instance=copy.copy(element), plan=plan)


def changed_values(form) -> dict:
    """Only the editable, non-disabled fields, as the services take them."""
    return {
        name: value for name, value in form.cleaned_data.items() if not form.fields[name].disabled
    }
