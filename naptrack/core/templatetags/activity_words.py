"""What an audit row's verb means, in words, for the history pages of shadow reports, events
and twinning (the registry and structure verbs have their table in registry_display). The
code stays beside the words for experts; an unknown verb shows as its code."""

from django import template
from django.utils.translation import gettext_lazy

register = template.Library()

VERB_WORDS = {
    "shadow.report.created": gettext_lazy("created the report"),
    "shadow.report.updated": gettext_lazy("edited the report"),
    "shadow.report.draft": gettext_lazy("returned the report to draft"),
    "shadow.report.submitted": gettext_lazy("marked the report ready to publish"),
    "shadow.report.published": gettext_lazy("published the report"),
    "shadow.report.withdrawn": gettext_lazy("withdrew the report"),
    "shadow.report.hidden_by_moderator": gettext_lazy("hid the report (moderation)"),
    "shadow.report.restored": gettext_lazy("restored the report"),
    "shadow.assessment.saved": gettext_lazy("saved an assessment of an action"),
    "shadow.assessment.removed": gettext_lazy("removed an assessment of an action"),
    "shadow.evidence.added": gettext_lazy("added evidence"),
    "shadow.evidence.removed": gettext_lazy("removed evidence"),
    "shadow.reply.published": gettext_lazy("published the government's reply"),
    "shadow.invitation.invited": gettext_lazy("invited a co-author"),
    "shadow.invitation.accepted": gettext_lazy("a co-author accepted"),
    "shadow.invitation.declined": gettext_lazy("a co-author declined"),
    "shadow.invitation.withdrawn": gettext_lazy("withdrew a co-author invitation"),
    "shadow.invitation.lapsed": gettext_lazy("a co-author invitation lapsed"),
    "event.submitted": gettext_lazy("submitted the event"),
    "event.published": gettext_lazy("published the event"),
    "event.rejected": gettext_lazy("rejected the event"),
    "event.updated": gettext_lazy("edited the event"),
    "event.cancelled": gettext_lazy("cancelled the event"),
    "partnership.proposed": gettext_lazy("proposed the partnership"),
    "partnership.agreed": gettext_lazy("agreed to the partnership"),
    "partnership.declined": gettext_lazy("declined the partnership"),
    "partnership.active": gettext_lazy("marked the partnership active"),
    "partnership.ended": gettext_lazy("ended the partnership"),
    "partnership.updated": gettext_lazy("edited the partnership"),
    "partnership.exchange_recorded": gettext_lazy("recorded an exchange"),
    "partnership.loaded": gettext_lazy("loaded from the documented examples"),
    "partnership.reference_updated": gettext_lazy("updated from the documented examples"),
    "twinning.suggestions_allowed": gettext_lazy("allowed being suggested as a partner"),
    "twinning.suggestions_declined": gettext_lazy("declined being suggested as a partner"),
}


@register.filter
def verb_words(verb: str) -> str:
    return str(VERB_WORDS.get(verb, verb))
