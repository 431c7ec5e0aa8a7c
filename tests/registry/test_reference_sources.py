"""Sources and coded facts in the reference data: what the loader refuses, and what it loads."""

import pytest
from django.core.management import CommandError, call_command

from naptrack.core.models import Activity
from naptrack.registry.models import ActionPlan, Citation, PlanFact
from naptrack.registry.reference import ReferenceDataError, load_reference_data
from tests.registry.test_reference_data import edit_line

AFGHANISTAN_URL = "https://www.peacewomen.org/action-plan/national-action-plan-afghanistan"
HEADER = (
    "plan_key,fact,value,source_url,source_title,source_publisher,source_date,quote,"
    "location,confidence\n"
)
FACT_URL = "https://1325naps.peacewomen.org/index.php/afghanistan/"


def write_facts(directory, *rows: str) -> None:
    (directory / "coded_facts.csv").write_text(HEADER + "".join(r + "\n" for r in rows))


def fact_row(fact="budget", value="not_allocated", url=FACT_URL, **overrides) -> str:
    cells = {
        "plan_key": "NAP:AFG:g1",
        "fact": fact,
        "value": value,
        "source_url": url,
        "source_title": "Afghanistan | 1325 National Action Plans",
        "source_publisher": "WILPF PeaceWomen",
        "source_date": "",
        "quote": '"It does not include an allocated budget, and more."',
        "location": "p.6",
        "confidence": "medium",
        **overrides,
    }
    return ",".join(cells.values())


def written_state() -> tuple:
    return (
        Activity.objects.count(),
        Citation.objects.count(),
        PlanFact.objects.count(),
        ActionPlan.objects.get(reference_key="NAP:AFG:g1").period_end,
    )


@pytest.mark.parametrize(
    ("bad_url", "problem"),
    [
        ("https://docslib.org/doc/5723301/plan", "docslib.org is a document mirror"),
        ("https://fr.scribd.com/document/1/plan", "fr.scribd.com is a document mirror"),
        ("https://preview.example.gov/news/plan", "preview.example.gov is a staging or preview"),
        ("https://example.gov/news/plan/news/plan", "repeats the path /news/plan"),
        ("http://198.51.100.7:83/Searcher\\2024\\0663.htm", "contains a backslash"),
        ("https://example.gov/kb/plan\ufffc-3", "invisible or control character U+FFFC"),
        ("https:///news/plan", "is not an http(s) URL with a host"),
        ("example.gov/news/plan", "is not an http(s) URL with a host"),
    ],
    ids=[
        "denylisted",
        "denylisted-subdomain",
        "preview",
        "doubled",
        "backslash",
        "fffc",
        "no-host",
        "no-scheme",
    ],
)
def test_loader_refuses_bad_source_url_naming_file_line_field(db, data_dir, bad_url, problem):
    edit_line(data_dir / "naps.csv", 2, "2015,2015,2022", "2015,2015,2023")
    edit_line(data_dir / "naps.csv", 2, AFGHANISTAN_URL, bad_url)
    before = written_state()
    with pytest.raises(CommandError) as raised:
        call_command("load_reference_data", directory=data_dir)
    message = str(raised.value)
    assert "nothing was written" in message
    line = next(m for m in message.splitlines() if m.startswith("naps.csv, line 2"))
    assert line.startswith("naps.csv, line 2, field source_url: ") and problem in line
    assert written_state() == before


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.is/stakt-rit/2025/04/04/plan/",
        "https://www.gov.uk/government/publications/uk-nap-2023-to-2027/uk-nap-2023-to-2027",
    ],
    ids=["date", "gov-uk-html-version"],
)
def test_one_repeated_segment_is_not_a_doubled_path(db, data_dir, url):
    edit_line(data_dir / "naps.csv", 2, AFGHANISTAN_URL, url)
    load_reference_data(data_dir)
    assert ActionPlan.objects.get(reference_key="NAP:AFG:g1").citations.filter(url=url).exists()


def test_row_without_source_loads_only_as_low_confidence(db, data_dir):
    line = (data_dir / "naps.csv").read_text(encoding="utf-8").splitlines()[1]
    urls = line.split(",2022,", 1)[1].split(",")[0]
    edit_line(data_dir / "naps.csv", 2, urls, "")
    with pytest.raises(ReferenceDataError, match="line 2, field confidence: a row without a"):
        load_reference_data(data_dir)
    edit_line(data_dir / "naps.csv", 2, ",high", ",low")
    load_reference_data(data_dir)
    plan = ActionPlan.objects.get(reference_key="NAP:AFG:g1")
    assert (plan.confidence, plan.citations.count()) == ("low", 0)


def test_encyclopedia_alone_cannot_be_more_than_low(db, data_dir):
    line = (data_dir / "naps.csv").read_text(encoding="utf-8").splitlines()[1]
    urls = line.split(",2022,", 1)[1].split(",")[0]
    edit_line(data_dir / "naps.csv", 2, urls, "https://en.wikipedia.org/wiki/Afghanistan")
    with pytest.raises(ReferenceDataError, match="resting on an encyclopedia alone must be low"):
        load_reference_data(data_dir)


def test_shipped_files_have_no_refused_or_weak_rated_sources(db):
    wikipedia = Citation.objects.filter(url__contains="wikipedia.org", from_reference=True)
    assert wikipedia.exists()
    assert not wikipedia.filter(plan__confidence="high").exists()
    assert not Citation.objects.filter(url__contains="docslib.org").exists()
    assert not Citation.objects.filter(url__contains="preview.").exists()


def test_sources_file_describes_citations_and_flags_untitled_ones_weak(db, data_dir):
    (data_dir / "sources.csv").write_text(
        "url,title,publisher,date,kind\n"
        f"{AFGHANISTAN_URL},National Action Plan: Afghanistan,WILPF PeaceWomen,2016-02,cso\n",
        encoding="utf-8",
    )
    load_reference_data(data_dir)
    citations = ActionPlan.objects.get(reference_key="NAP:AFG:g1").citations.all()
    described = citations.get(url=AFGHANISTAN_URL)
    assert (described.title, described.publisher, described.published_display) == (
        "National Action Plan: Afghanistan",
        "WILPF PeaceWomen",
        "February 2016",
    )
    assert described.supports == "adoption, period, status" and not described.is_weak
    assert all(c.is_weak for c in citations.exclude(url=AFGHANISTAN_URL))


def test_sources_file_rejects_bad_date_and_kind(db, data_dir):
    (data_dir / "sources.csv").write_text(
        f"url,title,publisher,date,kind\n{AFGHANISTAN_URL},T,P,2016-13,blog\n", encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError) as raised:
        load_reference_data(data_dir)
    assert "sources.csv, line 2, field date: '2016-13' is not a date" in str(raised.value)
    assert "sources.csv, line 2, field kind: 'blog' is not one of" in str(raised.value)


def test_coded_facts_load_with_their_source_and_reload_idempotently(db, data_dir):
    write_facts(data_dir, fact_row(), fact_row("cso_drafting", "partly", source_date="2020-10"))
    load_reference_data(data_dir)
    plan = ActionPlan.objects.get(reference_key="NAP:AFG:g1")
    budget = plan.facts.get(code="budget")
    assert (budget.value, budget.quote, budget.location) == (
        "not_allocated",
        "It does not include an allocated budget, and more.",
        "p.6",
    )
    assert (budget.coded_by, budget.from_reference, budget.confidence) == (
        "platform",
        True,
        "medium",
    )
    assert plan.facts.get(code="cso_drafting").source_date_display == "October 2020"
    # The newest row: the real data loaded for the session may have coded this plan too.
    audit = Activity.objects.filter(verb="plan.facts_changed", target_id=str(plan.pk)).latest("pk")
    assert len(audit.changes["facts"]["after"]) == 2
    before = Activity.objects.count()
    assert "coded facts" not in str(load_reference_data(data_dir))
    assert Activity.objects.count() == before


def test_changed_and_removed_facts_follow_the_file_with_one_audit_row(db, data_dir):
    write_facts(data_dir, fact_row(), fact_row("theme_climate", "yes"))
    load_reference_data(data_dir)
    write_facts(data_dir, fact_row(value="allocated"))
    summary = load_reference_data(data_dir)
    assert "coded facts: 0 created, 1 updated, 1 removed" in str(summary)
    plan = ActionPlan.objects.get(reference_key="NAP:AFG:g1")
    assert list(plan.facts.values_list("code", "value")) == [("budget", "allocated")]
    audits = Activity.objects.filter(verb="plan.facts_changed", target_id=str(plan.pk))
    audit = audits.order_by("pk").last()
    assert audit.changes["facts"]["before"] == [
        f"budget: not_allocated ({FACT_URL})",
        f"theme_climate: yes ({FACT_URL})",
    ]
    assert audit.changes["facts"]["after"] == [f"budget: allocated ({FACT_URL})"]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (fact_row(plan_key="NAP:AFG:g9"), "field plan_key: 'NAP:AFG:g9' matches no plan row"),
        (fact_row(fact="budget_size"), "field fact: 'budget_size' is not one of"),
        (fact_row(value="maybe"), "field value: 'maybe' is not one of"),
        (fact_row("period", "2015 to 2022"), "field value: '2015 to 2022' is not written"),
        (fact_row("budget_amount", "4.5m EUR"), "field value: '4.5m EUR' is not written <number>"),
        (
            fact_row(url="https://docslib.org/doc/1/plan"),
            "field source_url: docslib.org is a document",
        ),
        (
            fact_row(url="https://en.wikipedia.org/wiki/A"),
            "field source_url: 'https://en.wikipedia.org/wiki/A' is an encyclopedia",
        ),
        (fact_row(url=""), "field source_url: a source URL is required"),
        (fact_row(confidence="certain"), "field confidence: 'certain' is not one of"),
        (fact_row(source_date="May 2020"), "field source_date: 'May 2020' is not a date"),
    ],
    ids=[
        "plan",
        "fact",
        "value",
        "period",
        "amount",
        "denylisted",
        "wikipedia",
        "no-url",
        "confidence",
        "date",
    ],
)
def test_bad_coded_fact_is_refused_and_nothing_is_written(db, data_dir, row, error):
    write_facts(data_dir, fact_row("theme_climate", "yes"), row)
    before = written_state()
    with pytest.raises(ReferenceDataError) as raised:
        load_reference_data(data_dir)
    assert f"coded_facts.csv, line 3, {error}" in str(raised.value)
    assert written_state() == before


def test_duplicate_coded_fact_is_refused(db, data_dir):
    write_facts(data_dir, fact_row(), fact_row(value="allocated"))
    with pytest.raises(
        ReferenceDataError,
        match="coded_facts.csv, line 3, field fact: 'budget' from this source repeats line 2",
    ):
        load_reference_data(data_dir)


def test_shipped_coded_facts_are_loaded(db):
    nepal = ActionPlan.objects.get(reference_key="NAP:NPL:g1")
    drafting = nepal.facts.get(code="cso_drafting")
    assert drafting.value == "yes" and drafting.source_url == "https://www.peacewomen.org/nap-nepal"
    assert "civil society were involved in the development of the NAP" in drafting.quote
