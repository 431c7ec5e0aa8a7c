"""Issue #14: the home page has a search box, to the plan search and the library search."""

import re

from django.urls import reverse


def test_home_page_search_box_leads_to_plans_and_library_search(client, db):
    html = client.get(reverse("registry:home")).text
    form = re.search(r'<form[^>]*role="search".*?</form>', html, re.S).group(0)
    assert f'action="{reverse("registry:plan_list")}"' in form
    assert 'name="q"' in form and '<label for="home-q">' in form
    assert f'formaction="{reverse("library:search")}"' in form


def test_the_home_search_query_works_on_both_targets(client, db):
    assert client.get(reverse("registry:plan_list"), {"q": "Kenya"}).status_code == 200
    assert client.get(reverse("library:search"), {"q": "Kenya"}).status_code == 200
