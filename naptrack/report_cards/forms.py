"""Report-card forms. RankingFilterForm is the one parser of the ranking's query string
(pages and API)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naptrack.registry.choices import PlanStatus
from naptrack.registry.models import Region
from naptrack.report_cards.choices import GRADES, Claim, Kind, PublicationMode, Result
from naptrack.report_cards.method import BY_CODE, CRITERIA, DESIGN_CODES
from naptrack.report_cards.selectors import RankingFilters

ANY = [("", _("Any"))]
LETTERS = ANY + [(letter, letter) for letter in GRADES]
SORTS = [
    ("grade", _("Grade, best first")),
    ("-grade", _("Grade, worst first")),
    ("coverage", _("Share known, highest first")),
    ("owner", _("Country or organization (A–Z)")),
]


class RankingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.ChoiceField(
        label=_("Current status"), required=False, choices=ANY + list(PlanStatus.choices)
    )
    dimension = forms.ChoiceField(label=_("Grade"), required=False, choices=Kind.choices)
    best = forms.ChoiceField(label=_("Best grade"), required=False, choices=LETTERS)
    worst = forms.ChoiceField(label=_("Worst grade"), required=False, choices=LETTERS)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(level=1).order_by("name")
        self.fields["region"].choices = ANY + [(r.m49, r.name) for r in regions]

    def clean(self):
        cleaned = super().clean()
        best, worst = cleaned.get("best"), cleaned.get("worst")
        if best and worst and GRADES.index(best) > GRADES.index(worst):
            self.add_error(
                "worst",
                _("“Worst grade” (%(worst)s) is better than “Best grade” (%(best)s).")
                % {"best": best, "worst": worst},
            )
        return cleaned

    def to_filters(self) -> RankingFilters:
        data = self.cleaned_data
        return RankingFilters(
            region=data.get("region") or "",
            status=data.get("status") or "",
            q=(data.get("q") or "").strip(),
            dimension=data.get("dimension") or Kind.DESIGN,
            best=data.get("best") or "",
            worst=data.get("worst") or "",
            sort=data.get("sort") or "grade",
        )


class StatementForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"))
    claim = forms.ChoiceField(label=_("Your statement"), choices=Claim.choices)
    text = forms.CharField(
        label=_("What shows it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Signed in your name as a coordinator; shown publicly as self-reported."),
    )
    link = forms.URLField(
        label=_("Link to a source (optional)"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [
            (code, gettext(BY_CODE[code].label)) for code in DESIGN_CODES
        ]


class CsoCardCreateForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Write as"), queryset=None, empty_label=None)

    def __init__(self, *args, organizations, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class CsoCardForm(forms.Form):
    """The whole card in one form: summary, publication, and per criterion a result and a
    reason (fields `result_<code>` and `reason_<code>`)."""

    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )
    publication_mode = forms.ChoiceField(
        label=_("Publish"), choices=PublicationMode.choices, widget=forms.RadioSelect
    )
    pseudonym = forms.CharField(label=_("Pseudonym"), required=False, max_length=120)

    def __init__(self, *args, codes=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.codes = [code for code in (codes or BY_CODE) if code in BY_CODE]
        for code in self.codes:
            label = gettext(BY_CODE[code].label)
            self.fields[f"result_{code}"] = forms.ChoiceField(
                label=_("Your result: %(criterion)s") % {"criterion": label}, choices=Result.choices
            )
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("Your reason: %(criterion)s") % {"criterion": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=5000,
            )

    def criterion_fields(self):
        """(criterion, result field, reason field) in the method's order."""
        order = [c for c in CRITERIA if c.code in self.codes]
        return [(c, self[f"result_{c.code}"], self[f"reason_{c.code}"]) for c in order]

    def grades(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {code: (data[f"result_{code}"], data[f"reason_{code}"]) for code in self.codes}


def cso_card_initial(card) -> dict:
    initial = {
        "summary": card.summary,
        "publication_mode": card.publication_mode,
        "pseudonym": card.pseudonym,
    }
    for grade in card.grades.all():
        initial[f"result_{grade.criterion}"] = grade.result
        initial[f"reason_{grade.criterion}"] = grade.reason
    return initial
