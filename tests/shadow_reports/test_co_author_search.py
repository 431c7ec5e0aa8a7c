"""Issue #14: the co-author picker is searchable without JavaScript (filtered on the server),
and the search never shows an organization the full list would not."""

import re

from django.urls import reverse

from naptrack.accounts.choices import OrganizationKind
from tests.factories.accounts import OrganizationFactory
from tests.factories.people import signed_in
from tests.shadow_reports.conftest import SECRET_CO_AUTHOR, write_report


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="co_authors".*?</select>', html, re.S).group(0)
    return [name.strip() for name in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


def test_search_narrows_the_co_author_list_on_create(
    client, shadow_coalition_member, shadow_plan, co_author
):
    OrganizationFactory(name="Women Mediators Network (test)", kind=OrganizationKind.CSO)
    OrganizationFactory(name="Mediators Ministry (test)", kind=OrganizationKind.GOVERNMENT_AGENCY)
    url = reverse("shadow_reports:create", args=[shadow_plan.pk])
    page = signed_in(client, shadow_coalition_member).get(url).text
    assert 'form="co-author-search"' in page and '<form id="co-author-search" method="get"' in page
    assert "Women Mediators Network (test)" in _options(page)

    found = client.get(url, {"co_author_search": "mediators"}).text
    assert _options(found) == ["Women Mediators Network (test)"]
    assert SECRET_CO_AUTHOR not in _options(found)
    assert 'value="mediators"' in found


def test_search_on_the_editor_keeps_the_chosen_co_authors(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, co_author
):
    report = write_report(
        shadow_coalition_member, shadow_plan, shadow_coalition, co_authors=[co_author]
    )
    OrganizationFactory(name="Women Mediators Network (test)", kind=OrganizationKind.CSO)
    url = reverse("shadow_reports:edit", args=[report.pk])
    found = (
        signed_in(client, shadow_coalition_member).get(url, {"co_author_search": "mediators"}).text
    )
    assert sorted(_options(found)) == sorted(["Women Mediators Network (test)", SECRET_CO_AUTHOR])


def test_a_post_ignores_the_search_and_validates_against_the_full_list(
    client, shadow_coalition_member, shadow_coalition, shadow_plan, co_author
):
    report = write_report(shadow_coalition_member, shadow_plan, shadow_coalition)
    url = reverse("shadow_reports:edit", args=[report.pk])
    data = {
        "title": "Renamed (test)",
        "co_authors": [co_author.pk],
        "publication_mode": "named",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
    }
    response = signed_in(client, shadow_coalition_member).post(url + "?co_author_search=zzz", data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Renamed (test)"
