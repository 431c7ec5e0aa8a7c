"""Forms of the coordinators' editing pages. They parse input; the services decide.

The plan form is a plain Form built from the model's fields, not a ModelForm: a ModelForm
writes cleaned values onto the plan before the service runs, which would hide the
"before" state that the service records in the audit trail.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from naptrack.registry import transitions
from naptrack.registry.choices import DatePrecision, PlanStatus
from naptrack.registry.models import ActionPlan, Country, Resolution
from naptrack.registry.services import EDITABLE_FIELDS
from naptrack.translations.languages import language_choices

# Years outside this range are typing mistakes, not plans.
FIRST_YEAR, LAST_YEAR = 1990, 2150
YEAR_FIELDS = ("period_start", "period_end", "extended_to")
CREATE_STATUSES = (
    PlanStatus.ANNOUNCED,
    PlanStatus.DRAFTING,
    PlanStatus.CONSULTATION,
    PlanStatus.ADOPTED,
    PlanStatus.EXPIRED,
)

TRANSITION_LABELS = {t.name: t.label for t in transitions.TABLE}
TRANSITION_HELP = {t.name: t.help for t in transitions.TABLE}


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form; unknown fields become form-wide errors
    that still name the field."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            form.add_error(None, [f"{field}: {message}" for e in errors for message in e])


def _plan_formfield(db_field, **kwargs):
    if db_field.name in YEAR_FIELDS:
        kwargs.update(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    return db_field.formfield(**kwargs)


# The model's fields carry no verbose names (adding them would only add migrations): the
# form names them, translated.
PLAN_LABELS = {
    "generation": _("Generation"),
    "title": _("Title"),
    "adoption_date": _("Adoption date"),
    "adoption_precision": _("Adoption precision"),
    "period_start": _("Period start"),
    "period_end": _("Period end"),
    "extended_to": _("Extended to"),
    "lead_agency": _("Lead agency"),
    "predecessor": _("Predecessor"),
    "focus": _("Focus"),
    "budget": _("Budget"),
    "status_note": _("Status note"),
    "confidence": _("Confidence"),
}


class PlanForm(forms.Form):
    """The editable facts of a plan; `predecessors` limits the predecessor choice to plans
    this user may see of the owners they coordinate (never another owner's drafts)."""

    def __init__(self, *args, predecessors, plan: ActionPlan | None = None, **kwargs):
        if plan is not None:
            kwargs.setdefault("initial", self.initial_for(plan))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                ActionPlan,
                fields=EDITABLE_FIELDS,
                labels=PLAN_LABELS,
                widgets={"adoption_date": forms.DateInput(attrs={"type": "date"})},
                formfield_callback=_plan_formfield,
            )
        )
        self.fields["language"] = forms.ChoiceField(
            label=_("Written in"), choices=language_choices(), required=False,
            help_text=self.fields["language"].help_text,
        )  # fmt: skip
        self.fields["predecessor"].queryset = predecessors
        self.fields["predecessor"].help_text = _("The earlier plan this one follows, if any.")
        self.fields["resolutions"] = forms.ModelMultipleChoiceField(
            Resolution.objects.all(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Resolutions covered"),
        )

    @staticmethod
    def initial_for(plan: ActionPlan) -> dict:
        initial = model_to_dict(plan, fields=EDITABLE_FIELDS)
        initial["resolutions"] = [r.pk for r in plan.resolutions.all()]
        return initial

    def plan_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class PlanCreateForm(PlanForm):
    """A new plan for one of the countries or regional organizations the user coordinates."""

    field_order = ["owner", "status", "title", "generation"]

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {self.owner_key(owner): owner for owner in owners}
        self.fields["owner"] = forms.ChoiceField(
            label=_("Country or regional organization"),
            choices=[(key, str(owner)) for key, owner in self.owners.items()],
        )
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"),
            choices=[(s.value, s.label) for s in CREATE_STATUSES],
            initial=PlanStatus.DRAFTING,
        )
        self.order_fields(self.field_order)

    @staticmethod
    def owner_key(owner) -> str:
        kind = "country" if isinstance(owner, Country) else "regional_organization"
        return f"{kind}:{owner.pk}"

    def clean_owner(self):
        return self.owners[self.cleaned_data["owner"]]


class CitationForm(forms.Form):
    url = forms.URLField(label=_("Address (URL)"), max_length=1000, assume_scheme="https")
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    accessed = forms.DateField(
        label=_("Accessed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day you read the source."),
    )


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the facts against the sources listed on this plan."),
        error_messages={"required": _("Tick the box to confirm you have checked the sources.")},
    )


class AdoptForm(forms.Form):
    adoption_date = forms.DateField(
        label=_("Adoption date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    precision = forms.ChoiceField(
        label=_("The source gives"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        help_text=_("Pick year or month when the source gives no exact day."),
    )


class ExtendForm(forms.Form):
    extended_to = forms.IntegerField(
        label=_("Extended to (year)"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )


class SupersedeForm(forms.Form):
    def __init__(self, *args, successors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"] = forms.ModelChoiceField(
            successors, label=_("Replaced by"), empty_label=_("Choose the newer plan")
        )


TRANSITION_FORMS = {"adopt": AdoptForm, "extend": ExtendForm, "supersede": SupersedeForm}


def transition_form(name: str, data=None, *, successors) -> forms.Form:
    """The form for one lifecycle transition; fields are named as the service's arguments."""
    form_class = TRANSITION_FORMS.get(name, forms.Form)
    extra = {"successors": successors} if form_class is SupersedeForm else {}
    return form_class(data, prefix=name, **extra)
