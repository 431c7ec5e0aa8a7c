"""History pages name each audit verb in words; every verb the shadow-report, calendar and
twinning services record has its words (an unknown verb would show as a bare code)."""

import re
from pathlib import Path

from naptrack.core.templatetags.activity_words import VERB_WORDS, verb_words
from naptrack.events.choices import EventState
from naptrack.shadow_reports.choices import InvitationState, ShadowState
from naptrack.twinning.choices import PartnershipStatus

APPS = Path(__file__).resolve().parents[2] / "naptrack"
LITERAL = re.compile(r'"((?:shadow|event|partnership|twinning)\.[a-z_.]+)"')


def recorded_literals() -> set[str]:
    found = set()
    for app in ("shadow_reports", "events", "twinning"):
        for source in (APPS / app).glob("*.py"):
            found |= set(LITERAL.findall(source.read_text()))
    return found


def test_every_recorded_verb_has_words():
    built = {f"shadow.report.{state}" for state in ShadowState.values}
    built |= {f"shadow.invitation.{s}" for s in InvitationState.values if s != "pending"}
    built |= {"shadow.invitation.invited"}
    built |= {f"event.{state}" for state in EventState.values}
    built |= {f"partnership.{status}" for status in PartnershipStatus.values}
    assert sorted((recorded_literals() | built) - set(VERB_WORDS)) == []


def test_words_in_english_and_the_code_for_an_unknown_verb():
    assert verb_words("shadow.report.published") == "published the report"
    assert verb_words("something.new") == "something.new"
