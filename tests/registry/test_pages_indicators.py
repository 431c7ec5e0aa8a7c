import re

from naptrack.registry.models import StandardIndicator
from tests.factories.registry import StandardIndicatorFactory


def rows(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def test_indicator_page_lists_every_indicator_under_its_pillar_with_verification(client, db):
    html = client.get("/indicators/").content.decode()
    body = rows(html)
    assert any(r.startswith("1a Prevalence of sexual violence Verified") for r in body)
    assert any(r.startswith("4 Security Council missions") and "Unverified" in r for r in body)
    unverified = StandardIndicator.objects.filter(verified=False).count()
    assert html.count('class="badge unverified"') == unverified
    for name in ("Participation", "Protection", "Prevention", "Relief and recovery"):
        assert f">{name}</h2>" in html
    assert html.index(">Prevention</h2>") < html.index("Prevalence of sexual violence")


def test_indicator_page_query_count_does_not_grow(client, db, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/indicators/")
    StandardIndicatorFactory.create_batch(2)
    with django_assert_num_queries(2):
        html = client.get("/indicators/").content.decode()
    assert html.count("Test indicator") == 2
