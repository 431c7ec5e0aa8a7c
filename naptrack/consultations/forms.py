"""Forms of the consultation pages. They parse and present; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from naptrack.accounts.models import Organization
from naptrack.consultations.choices import Identity, Outcome, Participation
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
