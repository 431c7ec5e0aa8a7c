"""Matchmaking that explains itself: for one country, the countries it might twin with,
each with the factors that put it there, their weights and what the data says.

Everything comes from public data only (published plans and what hangs on them), so a
suggestion never reveals a draft. A country whose coordinator declined to be suggested
(SuggestionOptOut) is never suggested to others; countries already in a partnership
with the asking country are left out (they know each other).

The weights live here, in WEIGHTS, and nowhere else; docs/twinning.md explains each.
A factor's value is between 0 and 1; the score is the sum of weight x value.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naptrack.registry.choices import FactCode
from naptrack.registry.models import ActionPlan, Country, PlanFact
from naptrack.report_cards.choices import Result
from naptrack.report_cards.models import ReportCard
from naptrack.twinning.choices import PUBLIC_STATUSES
from naptrack.twinning.models import Partner, SuggestionOptOut

WEIGHTS = {
    # The candidate has adopted more plans than the asking country: experience to pass on.
    "experience": 3,
    # The candidate shares the asking country's UN M49 intermediate region or sub-region
    # (full value; 0.75 for a sub-region when both have different intermediate regions)
    # or only its region (half).
    "region": 2,
    # Their plans' documents in the library share a language.
    "language": 2,
    # Themes both plans take up, from the registry's coded facts.
    "themes": 1,
    # Report-card criteria the candidate meets where the asking country does not.
    "strengths": 3,
    # The candidate has twinned before (public partnerships on the platform).
    "twinning": 1,
}
FACTOR_LABELS = {
    "experience": gettext_lazy("Plan experience"),
    "region": gettext_lazy("Region"),
    "language": gettext_lazy("Language"),
    "themes": gettext_lazy("Shared themes"),
    "strengths": gettext_lazy("Strong where you are weak"),
    "twinning": gettext_lazy("Twinning experience"),
}
THEME_CODES = tuple(code for code in FactCode.values if code.startswith("theme_"))
# A gap of this many plans (or more) gives the experience factor its full value.
FULL_EXPERIENCE_GAP = 2
FULL_STRENGTHS = 3
FULL_TWINNINGS = 2
MAX_SUGGESTIONS = 10


@dataclass
class Factor:
    code: str
    weight: int
    value: float
    reason: str

    @property
    def label(self) -> str:
        return str(FACTOR_LABELS[self.code])

    @property
    def contribution(self) -> float:
        return round(self.weight * self.value, 2)


@dataclass
class Suggestion:
    country: Country
    factors: list[Factor] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(f.contribution for f in self.factors), 2)


@dataclass
class Profile:
    """What the public data says about one country, for matching."""

    plans: int = 0
    languages: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    met: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)
    criterion_labels: dict[str, str] = field(default_factory=dict)
    twinnings: int = 0


def _profiles() -> dict[int, Profile]:
    profiles: dict[int, Profile] = defaultdict(Profile)
    public = ActionPlan.objects.public().filter(country__isnull=False)
    for row in public.values("country_id").annotate(n=Count("id")):
        profiles[row["country_id"]].plans = row["n"]
    _add_languages(profiles, public)
    facts = PlanFact.objects.filter(plan__in=public, code__in=THEME_CODES, value="yes")
    for country_id, code in facts.values_list("plan__country_id", "code"):
        profiles[country_id].themes.add(code)
    _add_report_cards(profiles, public)
    sides = Partner.objects.filter(partnership__status__in=PUBLIC_STATUSES, country__isnull=False)
    for row in sides.values("country_id").annotate(n=Count("partnership", distinct=True)):
        profiles[row["country_id"]].twinnings = row["n"]
    return profiles


def _add_languages(profiles, public) -> None:
    from naptrack.library.selectors import documents_visible_to

    documents = documents_visible_to(AnonymousUser()).filter(plan__in=public)
    for country_id, language in documents.values_list("plan__country_id", "language").distinct():
        profiles[country_id].languages.add(language)


def _add_report_cards(profiles, public) -> None:
    """Each country's newest current card among its public plans: the criteria it meets
    and those it does not."""
    cards = ReportCard.objects.filter(is_current=True, plan__in=public).order_by(
        "computed_at", "pk"
    )
    newest = {}
    for country_id, results in cards.values_list("plan__country_id", "results"):
        newest[country_id] = results
    for country_id, results in newest.items():
        profile = profiles[country_id]
        for result in results:
            profile.criterion_labels[result["code"]] = result["label"]
            if result["result"] == Result.MET:
                profile.met.add(result["code"])
            elif result["result"] == Result.NOT_MET:
                profile.weak.add(result["code"])


def _experience(mine: Profile, theirs: Profile, country: Country) -> Factor:
    gap = theirs.plans - mine.plans
    value = min(max(gap, 0), FULL_EXPERIENCE_GAP) / FULL_EXPERIENCE_GAP
    reason = _("%(country)s has adopted %(theirs)s plan(s); you have %(mine)s.") % {
        "country": country,
        "theirs": theirs.plans,
        "mine": mine.plans,
    }
    return Factor("experience", WEIGHTS["experience"], value, reason)


def _shared_area(asking: Country, country: Country) -> tuple[float, object]:
    """The most specific UN M49 area both are in, and the factor's value for it."""
    inter = asking.intermediate_region_id
    if inter and inter == country.intermediate_region_id:
        return 1.0, country.intermediate_region
    if asking.subregion_id == country.subregion_id:
        either_without = not (inter and country.intermediate_region_id)
        return (1.0 if either_without else 0.75), country.subregion
    if asking.region_id == country.region_id:
        return 0.5, country.region
    return 0.0, None


def _region(asking: Country, country: Country) -> Factor:
    value, area = _shared_area(asking, country)
    if area is None:
        reason = _("Another region (%(name)s).") % {"name": country.region}
    else:
        reason = _("Both in %(name)s.") % {"name": area}
    return Factor("region", WEIGHTS["region"], value, reason)


def _language(mine: Profile, theirs: Profile) -> Factor:
    shared = sorted(mine.languages & theirs.languages)
    if shared:
        reason = _("Plan documents in the same language: %(codes)s.") % {"codes": ", ".join(shared)}
    else:
        reason = _("No plan documents in a shared language in the library.")
    return Factor("language", WEIGHTS["language"], 1.0 if shared else 0.0, reason)


def _themes(mine: Profile, theirs: Profile) -> Factor:
    shared = sorted(mine.themes & theirs.themes)
    value = len(shared) / len(THEME_CODES) if THEME_CODES else 0.0
    if shared:
        names = ", ".join(str(FactCode(code).label) for code in shared)
        reason = _("Both plans take up: %(themes)s.") % {"themes": names}
    else:
        reason = _("No theme coded for both plans.")
    return Factor("themes", WEIGHTS["themes"], value, reason)


def _strengths(mine: Profile, theirs: Profile, country: Country) -> Factor:
    codes = sorted(theirs.met & mine.weak)
    value = min(len(codes), FULL_STRENGTHS) / FULL_STRENGTHS
    if codes:
        names = ", ".join(_(theirs.criterion_labels[code]) for code in codes)
        reason = _("%(country)s meets what your report card does not: %(criteria)s.") % {
            "country": country,
            "criteria": names,
        }
    else:
        reason = _("No report-card criterion met there and not met here.")
    return Factor("strengths", WEIGHTS["strengths"], value, reason)


def _twinning(theirs: Profile, country: Country) -> Factor:
    value = min(theirs.twinnings, FULL_TWINNINGS) / FULL_TWINNINGS
    reason = _("%(country)s has %(count)s public partnership(s) on the platform.") % {
        "country": country,
        "count": theirs.twinnings,
    }
    return Factor("twinning", WEIGHTS["twinning"], value, reason)


def _excluded(asking: Country) -> set[int]:
    opted_out = set(SuggestionOptOut.objects.values_list("country_id", flat=True))
    together = Partner.objects.filter(
        partnership__partners__country=asking, country__isnull=False
    ).exclude(partnership__status="declined")
    return opted_out | set(together.values_list("country_id", flat=True)) | {asking.pk}


def explain(asking: Country, mine: Profile, country: Country, theirs: Profile) -> Suggestion:
    """Every factor for one candidate, with its reason."""
    factors = [
        _experience(mine, theirs, country),
        _region(asking, country),
        _language(mine, theirs),
        _themes(mine, theirs),
        _strengths(mine, theirs, country),
        _twinning(theirs, country),
    ]
    return Suggestion(country, factors)


def rank(asking: Country, candidates, profiles: dict[int, Profile], limit: int) -> list:
    """Candidates with a positive score, best first (ties by name)."""
    mine = profiles.get(asking.pk, Profile())
    suggestions = [explain(asking, mine, c, profiles[c.pk]) for c in candidates]
    suggestions = [s for s in suggestions if s.score > 0]
    suggestions.sort(key=lambda s: (-s.score, s.country.name))
    return suggestions[:limit]


def suggest_partners(asking: Country, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Countries with at least one public plan, best match first, each explained."""
    profiles = _profiles()
    with_plans = [pk for pk, profile in profiles.items() if profile.plans]
    candidates = (
        Country.objects.filter(pk__in=with_plans)
        .exclude(pk__in=_excluded(asking))
        .select_related("region", "subregion", "intermediate_region")
    )
    return rank(asking, candidates, profiles, limit)
