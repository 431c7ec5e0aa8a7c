"""Forms of the shadow-report pages. They parse and present; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from naptrack.accounts.models import Organization
from naptrack.core import forms as core_forms
from naptrack.core.widgets import LongSelect, LongSelectMultiple
from naptrack.reporting.models import ReportingCycle
from naptrack.shadow_reports.choices import (
    AUTHOR_KINDS,
    Agreement,
    ImplementationStatus,
    PublicationMode,
)
from naptrack.translations.languages import language_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ShadowReportForm(forms.Form):
    """The report's own fields. `author` is asked only when the report is created."""

    author = forms.ModelChoiceField(
        label=_lazy("Written by"), queryset=Organization.objects.none(), empty_label=None
    )
    co_authors = forms.ModelMultipleChoiceField(
        label=_lazy("Co-authors (for a coalition writing together)"),
        queryset=Organization.objects.filter(kind__in=AUTHOR_KINDS),
        required=False,
        widget=LongSelectMultiple,
        help_text=_lazy(
            "Each is invited and answers for itself: only an organization whose members "
            "accept is named on the report and can edit and publish it."
        ),
    )
    title = forms.CharField(label=_lazy("Title"), max_length=300)
    language = forms.ChoiceField(
        label=_lazy("Written in"),
        required=False,
        help_text=_lazy("The language of the report; translations are added afterwards."),
        widget=LongSelect,
    )
    cycle = forms.ModelChoiceField(
        label=_lazy("Reporting cycle assessed"),
        queryset=ReportingCycle.objects.none(),
        required=False,
        empty_label=_lazy("None: the report covers the period below"),
    )
    period_start = forms.DateField(label=_lazy("Or a period from"), widget=DATE, required=False)
    period_end = forms.DateField(label=_lazy("to"), widget=DATE, required=False)
    publication_mode = forms.ChoiceField(
        label=_lazy("Publish"),
        choices=PublicationMode.choices,
        widget=forms.RadioSelect,
        initial=PublicationMode.NAMED,
    )
    pseudonym = forms.CharField(
        label=_lazy("Pseudonym"),
        max_length=120,
        required=False,
        help_text=_lazy(
            "Shown instead of your organizations' names. The platform's moderators know who "
            "you are; the public, the government and other users never do."
        ),
    )
    findings = forms.CharField(
        label=_lazy("Overall findings"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    recommendations = forms.CharField(
        label=_lazy("Recommendations"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args, plan, authors=None, co_author_search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.co_author_search = co_author_search
        if co_author_search:
            self._narrow_co_authors(co_author_search)
        self.fields["language"].choices = language_choices()
        self.fields["cycle"].queryset = ReportingCycle.objects.filter(plan=plan).order_by(
            "-period_start"
        )
        if authors is None:
            del self.fields["author"]
        else:
            self.fields["author"].queryset = authors

    def _narrow_co_authors(self, search: str) -> None:
        """The server-side search of the co-author list (it works without JavaScript): only
        names containing the words, plus those already chosen. It narrows the same list of
        author organizations, so it never shows one the full list would not."""
        field = self.fields["co_authors"]
        chosen = [str(pk) for pk in self.initial.get("co_authors") or []]
        kept = Q(pk__in=[pk for pk in chosen if pk.isdigit()])
        field.queryset = field.queryset.filter(Q(name__icontains=search) | kept)

    def clean(self):
        data = super().clean()
        has_period = data.get("period_start") or data.get("period_end")
        if data.get("cycle") and has_period:
            raise ValidationError(_("Choose a reporting cycle or give a period, not both."))
        return data


class AssessmentForm(forms.Form):
    agrees_with_official = forms.ChoiceField(
        label=_lazy("Do you agree with the official status?"),
        # Nothing chosen in advance: an answer the author did not give is not theirs.
        choices=[("", _lazy("Choose an answer")), *Agreement.choices],
    )
    own_status = forms.ChoiceField(
        label=_lazy("Status as you see it"),
        choices=[("", _lazy("Not stated")), *ImplementationStatus.choices],
        required=False,
    )
    narrative = forms.CharField(
        label=_lazy("What you found"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class EvidenceForm(core_forms.EvidenceForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _lazy(
            "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, TXT or CSV. Files are "
            "published as they are: remove your names from them and from their properties "
            "first if you publish under a pseudonym."
        )


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_lazy("Publish on (UTC)"),
        widget=DATETIME,
        required=False,
        help_text=_lazy("Leave empty to publish now. The report stays hidden until then."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_lazy("Reason (the authors will read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_lazy("Why you withdraw it (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_lazy("Your reply"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_lazy("Published with the report at once, under your country's name."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_lazy("Words"), required=False, max_length=200)
