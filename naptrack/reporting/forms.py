"""Forms of the reporting pages. They parse and present; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from naptrack.core.forms import EvidenceForm  # noqa: F401 (the reporting pages' form)
from naptrack.core.widgets import LongSelect
from naptrack.reporting.choices import (
    INDICATOR_FIELD_PREFIX,
    Frequency,
    ImplementationStatus,
    ReviewField,
    Sex,
)
from naptrack.reporting.services import ValueInput
from naptrack.reporting.validators import decimal_text
from naptrack.translations.languages import language_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(label=_lazy("Frequency"), choices=Frequency.choices)
    first_period_start = forms.DateField(
        label=_lazy("Start of the first period"),
        widget=DATE,
        help_text=_lazy("Usually 1 January of the plan's first year."),
    )
    due_days = forms.IntegerField(
        label=_lazy("Days from the end of each period to its due date"),
        min_value=0,
        max_value=366,
        initial=30,
    )


class CycleForm(forms.Form):
    label = forms.CharField(
        label=_lazy("Label"), max_length=40, help_text=_lazy("Such as 2025 or 2025-H1.")
    )
    period_start = forms.DateField(label=_lazy("Period starts"), widget=DATE)
    period_end = forms.DateField(label=_lazy("Period ends"), widget=DATE)
    due_date = forms.DateField(label=_lazy("Report due"), widget=DATE)


class UpdateForm(forms.Form):
    """The agency's update. `version` is the version the page was rendered from: a save
    from a stale page is refused instead of overwriting someone else's work."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(
        label=_lazy("Status"),
        required=False,
        choices=[("", _lazy("Not stated yet")), *ImplementationStatus.choices],
    )
    narrative = forms.CharField(
        label=_lazy("What happened in this period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    spending_amount = forms.DecimalField(
        label=_lazy("Amount spent in this period"),
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        help_text=_lazy("Leave empty if unknown."),
    )
    spending_currency = forms.CharField(
        label=_lazy("Currency"),
        required=False,
        max_length=3,
        help_text=_lazy("ISO code such as KES, USD or EUR."),
    )


def _figures_text(figures: dict) -> str:
    return "\n".join(f"{label}: {value}" for label, value in figures.items())


def parse_figures(text: str, what: str) -> dict[str, str]:
    """Lines of "category: number" (or "category = number") into {category: number}."""
    figures = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, value = line.replace("=", ":").rpartition(":")
        if not sep or not label.strip():
            raise ValidationError(
                _("%(what)s, line %(n)d: write “category: number”.") % {"what": what, "n": number}
            )
        try:
            figures[label.strip()] = decimal_text(value)
        except ValidationError as error:
            raise ValidationError(
                _("%(what)s, line %(n)d: %(error)s")
                % {"what": what, "n": number, "error": " ".join(error.messages)}
            ) from None
    return figures


class IndicatorValueForm(forms.Form):
    """One indicator's value; disaggregation fields only for the indicator's dimensions."""

    value = forms.DecimalField(
        label=_lazy("Value"), required=False, max_digits=20, decimal_places=4
    )
    note = forms.CharField(
        label=_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, prefix=f"indicator-{indicator.pk}", **kwargs)
        self.fields["value"].label = _("Value (%(unit)s)") % {"unit": indicator.unit}
        if indicator.disaggregated_by_sex:
            for sex, label in Sex.choices:
                self.fields[f"sex_{sex}"] = forms.DecimalField(
                    label=label, required=False, max_digits=20, decimal_places=4
                )
        for dimension, label in (("age", _("By age group")), ("location", _("By location"))):
            if getattr(indicator, f"disaggregated_by_{dimension}"):
                self.fields[dimension] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("One line each: “category: number”, such as “18-24: 12”."),
                )

    @staticmethod
    def initial_from(value) -> dict:
        if value is None:
            return {}
        initial = {"value": value.value, "note": value.note}
        for sex, figure in value.disaggregation.get("sex", {}).items():
            initial[f"sex_{sex}"] = figure
        for dimension in ("age", "location"):
            if dimension in value.disaggregation:
                initial[dimension] = _figures_text(value.disaggregation[dimension])
        return initial

    def sex_fields(self):
        return [self[name] for name in self.fields if name.startswith("sex_")]

    def clean(self):
        data = super().clean()
        disaggregation = {}
        sex = {
            name.removeprefix("sex_"): decimal_text(value)
            for name, value in data.items()
            if name.startswith("sex_") and value is not None
        }
        if sex:
            disaggregation["sex"] = sex
        for dimension in ("age", "location"):
            if data.get(dimension):
                try:
                    disaggregation[dimension] = parse_figures(data[dimension], self.indicator.code)
                except ValidationError as error:
                    self.add_error(dimension, error)
        data["disaggregation"] = disaggregation
        return data

    def to_input(self) -> ValueInput:
        data = self.cleaned_data
        return ValueInput(
            indicator_id=self.indicator.pk,
            value=data.get("value"),
            disaggregation=data.get("disaggregation") or {},
            note=data.get("note") or "",
        )


def comment_field_name(field: str) -> str:
    return "comment_" + field.replace(INDICATOR_FIELD_PREFIX, "indicator_").replace(".", "_")


class ReviewForm(forms.Form):
    """Approve, or return with a comment next to each field that needs fixing."""

    decision = forms.ChoiceField(
        choices=[("approve", _lazy("Approve")), ("return", _lazy("Return for changes"))]
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {}
        labels = [(value, label) for value, label in ReviewField.choices]
        labels += [
            (INDICATOR_FIELD_PREFIX + i.code, _("Indicator %(code)s") % {"code": i.code})
            for i in indicators
        ]
        for field, label in labels:
            name = comment_field_name(field)
            self.targets[name] = field
            self.fields[name] = forms.CharField(
                label=_("Comment on: %(what)s") % {"what": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def comment_fields(self):
        return [self[name] for name in self.targets]

    def comments(self) -> dict[str, str]:
        return {
            field: self.cleaned_data.get(name, "")
            for name, field in self.targets.items()
            if self.cleaned_data.get(name, "").strip()
        }


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_lazy("Summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_lazy(
            "The coordinator's overview of the period, shown at the top of the report."
        ),
    )
    language = forms.ChoiceField(
        label=_lazy("Written in"),
        required=False,
        help_text=_lazy("The language of the summary; translations are added afterwards."),
        widget=LongSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


class CorrectionForm(forms.Form):
    note = forms.CharField(
        label=_lazy("What does the correction change, and why?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
