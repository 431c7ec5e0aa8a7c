"""Page weight is behaviour: with the real reference data loaded, the main pages stay
under 150 KB of HTML (issue #16), for visitors and for a signed-in coordinator."""

import pytest

LIMIT = 150 * 1024
PUBLIC_PAGES = [
    "/",
    "/plans/",
    "/countries/",
    "/countries/KEN/",
    "/indicators/",
    "/data-quality/",
    "/analysis/",
    "/data/",
    "/api/v1/plans",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_stays_under_150_kb(db, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.content) < LIMIT, f"{path}: {len(response.content)} bytes"


@pytest.mark.parametrize("path", ["/", "/me/", "/reporting/", "/plans/"])
def test_signed_in_page_stays_under_150_kb(client, kenya_coordinator, path):
    client.force_login(kenya_coordinator)
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.content) < LIMIT, f"{path}: {len(response.content)} bytes"
