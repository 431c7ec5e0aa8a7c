"""The synthetic dataset generator on a small scale: what it makes, how it is labelled,
when it refuses to run, and that its records never reach the real registry."""

import io

import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from naptrack.plans.models import Action, BudgetLine, Indicator
from naptrack.registry.choices import Origin
from naptrack.registry.models import ActionPlan, Country
from naptrack.reporting.models import ActionUpdate, IndicatorValue, OfficialReport, ReportingCycle
from naptrack.synthetic import generator
from tests.factories.registry import ActionPlanFactory

SMALL = ["--plans", "2", "--actions", "3", "--indicators", "2", "--cycles", "2"]
CONFIRM = "--i-understand-this-is-synthetic"


def generate(*extra) -> str:
    out = io.StringIO()
    call_command("generate_synthetic_data", CONFIRM, *SMALL, *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def synthetic(db):
    generate("--published", "1")
    return list(ActionPlan.objects.filter(origin=Origin.SYNTHETIC).order_by("pk"))


def test_generator_makes_the_requested_scale(synthetic):
    assert len(synthetic) == 2
    plan = synthetic[0]
    assert Action.objects.filter(plan=plan).count() == 3
    assert Indicator.objects.filter(plan=plan).count() == 6
    assert ReportingCycle.objects.filter(plan=plan).count() == 2
    assert [c.label for c in ReportingCycle.objects.filter(plan=plan)] == ["2021-Q1", "2021-Q2"]
    # three leads and one supporting agency (on the first action) per cycle
    assert ActionUpdate.objects.filter(cycle__plan=plan).count() == 2 * 4
    assert IndicatorValue.objects.filter(update__cycle__plan=plan).count() <= 2 * 3 * 2
    reports = OfficialReport.objects.filter(cycle__plan=plan)
    assert [(r.cycle.label, r.state) for r in reports] == [("2021-Q2", "published")]
    snapshot = reports.get().snapshot
    assert snapshot["plan"]["title"] == plan.title and len(snapshot["actions"]) == 3


def test_generator_labels_everything_synthetic(synthetic):
    countries = Country.objects.filter(source=generator.SOURCE).order_by("iso3")
    assert [(c.iso3[:2], c.name) for c in countries] == [
        ("QM", "Synthetic Country 001 [SYNTHETIC]"),
        ("QM", "Synthetic Country 002 [SYNTHETIC]"),
    ]
    assert all(p.origin == Origin.SYNTHETIC and "[SYNTHETIC]" in p.title for p in synthetic)
    assert set(
        BudgetLine.objects.filter(action__plan__in=synthetic).values_list("currency", flat=True)
    ) == {"XTS"}  # noqa: E501
    agencies = {u.agency.name for u in ActionUpdate.objects.filter(cycle__plan=synthetic[0])}
    assert all(name.startswith("Synthetic Ministry") and "[SYNTHETIC]" in name for name in agencies)


def test_generator_refuses_without_the_confirmation(db):
    with pytest.raises(CommandError, match="pass --i-understand-this-is-synthetic"):
        call_command("generate_synthetic_data", *SMALL)
    assert generator.synthetic_counts() == {"plans": 0, "countries": 0}


def test_generator_refuses_a_database_with_real_data(db, kenya):
    ActionPlanFactory(country=kenya, title="A plan entered on the platform")
    with pytest.raises(CommandError, match=r"holds real data \(1 plans entered on the platform\)"):
        generate()
    assert generator.synthetic_counts() == {"plans": 0, "countries": 0}
    generate("--allow-mixed")
    assert generator.synthetic_counts() == {"plans": 2, "countries": 2}


def test_generator_refuses_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never made in production"):
        generate()
    assert generator.synthetic_counts()["plans"] == 0


def test_generator_refuses_twice_and_bad_sizes(synthetic):
    with pytest.raises(CommandError, match="already holds synthetic plans"):
        generate()
    with pytest.raises(CommandError, match="--actions must be at least 1"):
        call_command("generate_synthetic_data", CONFIRM, "--delete")  # empties it first
        call_command("generate_synthetic_data", CONFIRM, "--actions", "0")


def test_delete_removes_every_synthetic_record_and_nothing_else(synthetic):
    real_countries = Country.objects.exclude(source=generator.SOURCE).count()
    real_plans = ActionPlan.objects.exclude(origin=Origin.SYNTHETIC).count()
    call_command("generate_synthetic_data", CONFIRM, "--delete", stdout=io.StringIO())
    assert generator.synthetic_counts() == {"plans": 0, "countries": 0}
    assert not ActionUpdate.objects.exists() and not OfficialReport.objects.exists()
    assert Country.objects.count() == real_countries
    assert ActionPlan.objects.count() == real_plans


def test_synthetic_plans_never_reach_the_registry_analysis_or_exports(client, synthetic):
    plan = synthetic[0]
    pages = {
        "registry list": client.get(reverse("registry:plan_list"), {"q": "Synthetic"}),
        "plans.csv": client.get(reverse("analysis:plans_csv")),
        "plans.json": client.get(reverse("analysis:plans_json")),
        "analysis": client.get(reverse("analysis:overview")),
        "API plans": client.get("/api/v1/plans", {"q": "Synthetic"}),
        "compilation": client.get(reverse("reporting_outputs:compilation_csv", args=[2021])),
    }
    for name, response in pages.items():
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, name
        assert b"Synthetic National Action Plan" not in content, name
    assert client.get("/api/v1/plans", {"q": "Synthetic"}).json()["count"] == 0
    assert client.get(plan.get_absolute_url()).status_code == 404  # not a registry record


def test_synthetic_pages_say_synthetic_data(client, synthetic):
    plan = synthetic[0]
    report = OfficialReport.objects.get(cycle__plan=plan)
    key = [plan.pk, report.cycle_id, report.version]
    for url in [
        reverse("reporting_outputs:dashboard", args=[plan.pk]),
        reverse("reporting_outputs:standard", args=key),
        reverse("reporting_outputs:compilation", args=[2021]) + "?dataset=synthetic",
    ]:
        html = client.get(url).content.decode()
        assert '<p class="banner synthetic" role="note"><strong>SYNTHETIC DATA</strong>' in html, (
            url
        )
    pdf = pypdfium2.PdfDocument(
        client.get(reverse("reporting_outputs:standard_pdf", args=key)).content
    )
    assert "SYNTHETIC DATA" in pdf[0].get_textpage().get_text_range()
    csv_text = client.get(reverse("reporting_outputs:standard_csv", args=key)).content.decode()
    assert "SYNTHETIC DATA" in csv_text.splitlines()[1]
