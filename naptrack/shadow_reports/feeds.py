"""Atom feeds of public shadow reports, beside the official reports' feeds
(naptrack/reporting/feeds.py). A feed shows what an anonymous visitor sees, whoever asks,
and names a pseudonymous report's pseudonym only: entries are built from `public_byline`,
the title and the findings, never from the authoring organizations."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from naptrack.registry.permissions import plan_for_read
from naptrack.shadow_reports.selectors import recently_public_reports

SUMMARY_WORDS = 80


class ShadowReportsFeed(Feed):
    """Every public plan's newly public shadow reports, with whether they were answered."""

    feed_type = Atom1Feed

    def title(self, plan=None) -> str:
        return _("NAPtrack: civil-society shadow reports")

    def subtitle(self, plan=None) -> str:
        return _(
            "Shadow reports by civil society on National Action Plans on Women, Peace and Security."
        )

    def link(self, plan=None) -> str:
        return reverse("registry:plan_list")

    def items(self, plan=None):
        return recently_public_reports(plan)

    def item_title(self, report) -> str:
        return _("%(plan)s: %(title)s") % {"plan": report.plan, "title": report.title}

    def item_description(self, report) -> str:
        summary = Truncator(report.findings).words(SUMMARY_WORDS)
        if report.has_reply:
            summary += " " + _("The plan's coordinators published a reply.")
        return summary

    def item_link(self, report) -> str:
        return report.get_absolute_url()

    def item_pubdate(self, report):
        return report.publish_at

    def item_author_name(self, report) -> str:
        return report.public_byline


class PlanShadowReportsFeed(ShadowReportsFeed):
    """One plan's public shadow reports."""

    def get_object(self, request, pk):
        return plan_for_read(AnonymousUser(), pk)

    def title(self, plan=None) -> str:
        return _("NAPtrack: shadow reports on %(plan)s") % {"plan": plan}

    def link(self, plan=None) -> str:
        return reverse("shadow_reports:plan_reports", args=[plan.pk])
