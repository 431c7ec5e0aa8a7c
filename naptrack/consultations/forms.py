"""Forms of the consultation pages. They parse and present; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from naptrack.accounts.models import Organization
from naptrack.consultations.choices import (
    AgeBand,
    Identity,
    Outcome,
    Participation,
    SessionKind,
    Sex,
)
from naptrack.plans.models import Action

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_lazy("Title"), max_length=300)
    description = forms.CharField(
        label=_lazy("What you ask and why"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    opens_on = forms.DateField(label=_lazy("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_lazy("Closes on (last day of input)"), widget=DATE)
    languages = forms.CharField(
        label=_lazy("Languages"),
        required=False,
        help_text=_lazy("ISO 639-1 codes separated by commas, such as en, sw."),
    )
    participation = forms.ChoiceField(
        label=_lazy("Who may take part"),
        choices=Participation.choices,
        widget=forms.RadioSelect,
        initial=Participation.PUBLIC,
    )
    invited_organizations = forms.ModelMultipleChoiceField(
        label=_lazy("Invited organizations (when by invitation)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
    )
    questions = forms.CharField(
        label=_lazy("Questions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_lazy("One question per line."),
    )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["languages"] = data["languages"].split(",")
        data["questions"] = data["questions"].splitlines()
        return data

    @staticmethod
    def initial_for(consultation) -> dict:
        return {
            "title": consultation.title,
            "description": consultation.description,
            "opens_on": consultation.opens_on,
            "closes_on": consultation.closes_on,
            "languages": ", ".join(consultation.languages),
            "participation": consultation.participation,
            "invited_organizations": list(consultation.invited_organizations.all()),
            "questions": "\n".join(q.text for q in consultation.questions.all()),
        }


class CommentForm(forms.Form):
    text = forms.CharField(label=_lazy("Your comment"), widget=forms.Textarea(attrs={"rows": 6}))
    identity = forms.ChoiceField(
        label=_lazy("Publish it"),
        choices=Identity.choices,
        widget=forms.RadioSelect,
        initial=Identity.ANONYMOUS,
    )
    contact_email = forms.EmailField(
        label=_lazy("Email, to hear what became of it (optional, anonymous comments)"),
        required=False,
        help_text=_lazy("Never shown to anyone, the coordinators included."),
    )

    def __init__(self, *args, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not signed_in:
            # Without an account a comment can only be anonymous: nobody can check a name.
            del self.fields["identity"]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.setdefault("identity", Identity.ANONYMOUS)
        return data


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_lazy("What became of it"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_lazy("Where it went in the plan, or why not"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    action = forms.ModelChoiceField(
        label=_lazy("Action that changed because of it"),
        queryset=Action.objects.none(),
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(plan=plan).order_by("position", "pk")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_lazy("Reason"), max_length=1000)


class ReportForm(forms.Form):
    summary = forms.CharField(
        label=_lazy("What the input changed"), widget=forms.Textarea(attrs={"rows": 5})
    )


# ---- Facilitators and offline input ----------------------------------------------------


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=_lazy("Email of the facilitator's account"),
        help_text=_lazy("They must have signed up already."),
    )


def _count_name(sex: str, band: str) -> str:
    return f"count_{sex}_{band}"


class SessionForm(forms.Form):
    """A facilitator's record: what, when, where, in which language, and how many took
    part, by sex and age band (one number field per group)."""

    kind = forms.ChoiceField(label=_lazy("What was it"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_lazy("Held on"), widget=DATE)
    district = forms.CharField(label=_lazy("Place (district)"), max_length=200)
    language = forms.CharField(
        label=_lazy("Language"), max_length=8, help_text=_lazy("ISO 639-1 code, such as sw.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for sex, sex_label in Sex.choices:
            for band, band_label in AgeBand.choices:
                self.fields[_count_name(sex, band)] = forms.IntegerField(
                    label=f"{sex_label}, {band_label}".lower().capitalize(),
                    min_value=0,
                    max_value=100000,
                    required=False,
                )

    def count_rows(self):
        """The number fields grouped by sex, for a table of sex by age band."""
        return [
            (label, [self[_count_name(sex, band)] for band in AgeBand.values])
            for sex, label in Sex.choices
        ]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        counts = {
            (sex, band): data.get(_count_name(sex, band)) or 0
            for sex in Sex.values
            for band in AgeBand.values
        }
        return {
            "kind": data["kind"],
            "held_on": data["held_on"],
            "district": data["district"],
            "language": data["language"],
            "counts": counts,
        }


class PointForm(forms.Form):
    part = forms.ChoiceField(label=_lazy("About"), required=False)
    text = forms.CharField(
        label=_lazy("Point raised (anonymized quote)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    contact_email = forms.EmailField(
        label=_lazy("Email, if the person asked to hear back (never shown)"), required=False
    )

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = {part.key: part.target for part in parts}
        self.fields["part"].choices = [("", _lazy("The whole draft"))] + [
            (part.key, part.label[:120]) for part in parts
        ]

    def point(self) -> dict | None:
        """The service's point, or None for a row left empty."""
        data = self.cleaned_data
        if not data.get("text", "").strip():
            return None
        return {
            "text": data["text"],
            "part": self.parts.get(data.get("part") or ""),
            "contact_email": data.get("contact_email", ""),
        }


class BasePointFormSet(forms.BaseFormSet):
    def __init__(self, *args, parts, **kwargs):
        self.parts = parts
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"parts": self.parts}

    @property
    def empty_form(self):
        prefix = self.add_prefix("__prefix__")
        return self.form(auto_id=self.auto_id, prefix=prefix, parts=self.parts)

    def points(self) -> list[dict]:
        return [point for form in self.forms if (point := form.point())]


PointFormSet = forms.formset_factory(PointForm, formset=BasePointFormSet, extra=5, max_num=50)


class ImportForm(forms.Form):
    """A spreadsheet or KoboToolbox/ODK export and which of its columns holds what. The
    mapping fields are named map_<our field> ("question:7" becomes map_question_7)."""

    file = forms.FileField(
        label=_lazy("Spreadsheet or KoboToolbox/ODK export (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    kind = forms.ChoiceField(
        label=_lazy("What the rows are"), choices=SessionKind.choices, initial="paper_form"
    )
    default_language = forms.CharField(
        label=_lazy("Language, when no column says it"), max_length=8, required=False
    )

    def __init__(self, *args, fields: dict, mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.mapping_keys = {}
        for key, label in fields.items():
            name = "map_" + key.replace(":", "_")
            self.mapping_keys[name] = key
            self.fields[name] = forms.CharField(
                label=label, max_length=200, required=False, initial=mapping.get(key, "")
            )

    def mapping_fields(self):
        return [self[name] for name in self.mapping_keys]

    def mapping(self) -> dict:
        return {key: self.cleaned_data.get(name, "") for name, key in self.mapping_keys.items()}
