"""Registry forms. PlanFilterForm is the one parser of the registry's filter query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from naptrack.registry.choices import PENDING_FILTER, Budget, PlanStatus
from naptrack.registry.models import Region
from naptrack.registry.selectors import PLAN_SORTS, PlanFilters

ANY = [("", _("Any"))]
OWNER_KINDS = [("national", _("National plans")), ("regional", _("Regional plans"))]
SORT_LABELS = {
    "owner": _("Country or organization (A–Z)"),
    "-adopted": _("Adoption date, newest first"),
    "adopted": _("Adoption date, oldest first"),
    "generation": _("Generation, lowest first"),
    "-generation": _("Generation, highest first"),
    "-period_end": _("Period end, latest first"),
}
# Resolution 1325 dates from 2000; the upper bound only catches typing mistakes.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class PlanFilterForm(forms.Form):
    """Parses the registry list's GET parameters; `to_filters()` gives the selector input."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    subregion = forms.ChoiceField(label=_("Sub-region"), required=False)
    status = forms.ChoiceField(
        label=_("Current status"),
        required=False,
        choices=ANY
        + [(PENDING_FILTER, _("Pending (announced, drafting or in consultation)"))]
        + list(PlanStatus.choices),
    )
    generation = forms.IntegerField(label=_("Generation"), required=False, min_value=1)
    adopted_from = forms.IntegerField(
        label=_("Adopted from (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    adopted_to = forms.IntegerField(
        label=_("Adopted to (year)"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    budget = forms.ChoiceField(
        label=_("Budget"), required=False, choices=ANY + list(Budget.choices)
    )
    owner_kind = forms.ChoiceField(
        label=_("National or regional"), required=False, choices=ANY + OWNER_KINDS
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS.get(key, key)) for key in PLAN_SORTS],
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields
        super().__init__(*args, **kwargs)
        regions = list(Region.objects.filter(level__in=[1, 2]).order_by("name"))
        self.fields["region"].choices = ANY + [(r.m49, r.name) for r in regions if r.level == 1]
        self.fields["subregion"].choices = ANY + [(r.m49, r.name) for r in regions if r.level == 2]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("adopted_from"), cleaned.get("adopted_to")
        if start and end and start > end:
            self.add_error(
                "adopted_to",
                _("“Adopted to” (%(end)s) is before “Adopted from” (%(start)s).")
                % {"start": start, "end": end},
            )
        return cleaned

    def to_filters(self) -> PlanFilters:
        """The validated filters; call only after is_valid()."""
        data = self.cleaned_data
        return PlanFilters(
            region=data.get("region") or "",
            subregion=data.get("subregion") or "",
            status=data.get("status") or "",
            generation=data.get("generation"),
            adopted_from=data.get("adopted_from"),
            adopted_to=data.get("adopted_to"),
            budget=data.get("budget") or "",
            owner_kind=data.get("owner_kind") or "",
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "owner",
        )
