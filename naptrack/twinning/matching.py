"""Matchmaking that explains itself: for one country or regional body (a "party"), the
countries and regional bodies it might twin with, each with the factors that put it
there, their weights and what the data says.

Everything comes from public data only (published plans and what hangs on them), so a
suggestion never reveals a draft. A country or regional body whose coordinator declined
to be suggested (SuggestionOptOut) is never suggested to others; parties already in a
partnership with the asking one are left out (they know each other). A regional body is
compared on the same factors as a country, from its regional plans, except the region:
the registry records no member countries for regional bodies, so that factor is 0
whenever a body is on either side, and the reason says so.

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
from naptrack.registry.models import ActionPlan, Country, PlanFact, RegionalOrganization
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


Party = Country | RegionalOrganization
COUNTRY, BODY = "country", "regional_organization"


def key(party: Party) -> tuple[str, int]:
    """Profiles are keyed by kind and id: a country and a body may share an id."""
    return (COUNTRY if isinstance(party, Country) else BODY, party.pk)


def _side_key(country_id, body_id) -> tuple[str, int]:
    return (COUNTRY, country_id) if country_id else (BODY, body_id)


@dataclass
class Suggestion:
    partner: Party
    factors: list[Factor] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(f.contribution for f in self.factors), 2)

    @property
    def kind(self) -> str:
        return key(self.partner)[0]

    @property
    def country(self) -> Country | None:
        return self.partner if isinstance(self.partner, Country) else None

    @property
    def regional_organization(self) -> RegionalOrganization | None:
        return None if isinstance(self.partner, Country) else self.partner


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


def _profiles() -> dict[tuple[str, int], Profile]:
    profiles: dict[tuple[str, int], Profile] = defaultdict(Profile)
    public = ActionPlan.objects.public()
    owners = ("country_id", "regional_organization_id")
    for row in public.values(*owners).annotate(n=Count("id")):
        profiles[_side_key(row["country_id"], row["regional_organization_id"])].plans = row["n"]
    _add_languages(profiles, public)
    facts = PlanFact.objects.filter(plan__in=public, code__in=THEME_CODES, value="yes")
    for country_id, body_id, code in facts.values_list(
        "plan__country_id", "plan__regional_organization_id", "code"
    ):
        profiles[_side_key(country_id, body_id)].themes.add(code)
    _add_report_cards(profiles, public)
    sides = Partner.objects.filter(partnership__status__in=PUBLIC_STATUSES)
    for row in sides.values(*owners).annotate(n=Count("partnership", distinct=True)):
        profiles[_side_key(row["country_id"], row["regional_organization_id"])].twinnings = row["n"]
    return profiles


def _add_languages(profiles, public) -> None:
    from naptrack.library.selectors import documents_visible_to

    documents = documents_visible_to(AnonymousUser()).filter(plan__in=public)
    rows = documents.values_list(
        "plan__country_id", "plan__regional_organization_id", "language"
    ).distinct()
    for country_id, body_id, language in rows:
        profiles[_side_key(country_id, body_id)].languages.add(language)


def _add_report_cards(profiles, public) -> None:
    """Each party's newest current card among its public plans: the criteria it meets
    and those it does not."""
    cards = ReportCard.objects.filter(is_current=True, plan__in=public).order_by(
        "computed_at", "pk"
    )
    newest = {}
    rows = cards.values_list("plan__country_id", "plan__regional_organization_id", "results")
    for country_id, body_id, results in rows:
        newest[_side_key(country_id, body_id)] = results
    for side, results in newest.items():
        profile = profiles[side]
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


def _region(asking: Party, country: Party) -> Factor:
    if not (isinstance(asking, Country) and isinstance(country, Country)):
        reason = _("Not compared: the registry records no member countries for regional bodies.")
        return Factor("region", WEIGHTS["region"], 0.0, reason)
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


def _excluded(asking: Party) -> set[tuple[str, int]]:
    opted_out = {
        _side_key(country_id, body_id)
        for country_id, body_id in SuggestionOptOut.objects.values_list(
            "country_id", "regional_organization_id"
        )
    }
    mine = "partnership__partners__" + key(asking)[0]
    together = Partner.objects.filter(**{mine: asking}).exclude(partnership__status="declined")
    rows = together.values_list("country_id", "regional_organization_id")
    return opted_out | {_side_key(c, b) for c, b in rows} | {key(asking)}


def explain(asking: Party, mine: Profile, partner: Party, theirs: Profile) -> Suggestion:
    """Every factor for one candidate, with its reason."""
    factors = [
        _experience(mine, theirs, partner),
        _region(asking, partner),
        _language(mine, theirs),
        _themes(mine, theirs),
        _strengths(mine, theirs, partner),
        _twinning(theirs, partner),
    ]
    return Suggestion(partner, factors)


def _name(party: Party) -> str:
    return party.name


def rank(asking: Party, candidates, profiles: dict[tuple[str, int], Profile], limit: int) -> list:
    """Candidates with a positive score, best first (ties by name)."""
    mine = profiles.get(key(asking), Profile())
    suggestions = [explain(asking, mine, c, profiles[key(c)]) for c in candidates]
    suggestions = [s for s in suggestions if s.score > 0]
    suggestions.sort(key=lambda s: (-s.score, _name(s.partner)))
    return suggestions[:limit]


def suggest_partners(asking: Party, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Countries and regional bodies with at least one public plan, best match first,
    each explained."""
    profiles = _profiles()
    excluded = _excluded(asking)
    with_plans = {side for side, profile in profiles.items() if profile.plans} - excluded
    countries = Country.objects.filter(
        pk__in=[pk for kind, pk in with_plans if kind == COUNTRY]
    ).select_related("region", "subregion", "intermediate_region")
    bodies = RegionalOrganization.objects.filter(
        pk__in=[pk for kind, pk in with_plans if kind == BODY]
    )
    return rank(asking, [*countries, *bodies], profiles, limit)
