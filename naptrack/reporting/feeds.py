"""Atom feeds of published official reports, for feed readers, newsrooms and parliaments'
staff who follow a plan without signing in. A feed shows what an anonymous visitor sees,
whoever asks: feed readers share their subscriptions, so nothing scoped may enter one."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from naptrack.registry.permissions import plan_for_read
from naptrack.reporting.selectors import recently_published_reports


class OfficialReportsFeed(Feed):
    """Every public plan's newly published official reports and corrections."""

    feed_type = Atom1Feed

    def title(self, plan=None) -> str:
        return _("NAPtrack: official reports published")

    def subtitle(self, plan=None) -> str:
        return _("Official reports on National Action Plans on Women, Peace and Security.")

    def link(self, plan=None) -> str:
        return reverse("registry:plan_list")

    def items(self, plan=None):
        return recently_published_reports(plan)

    def item_title(self, report) -> str:
        title = _("%(plan)s: official report %(label)s, version %(version)s") % {
            "plan": report.cycle.plan,
            "label": report.cycle.label,
            "version": report.version,
        }
        return title + (_(" (a correction)") if report.corrects_id else "")

    def item_description(self, report) -> str:
        if report.corrects_id:
            return _("Corrects version %(version)s: %(note)s") % {
                "version": report.corrects.version,
                "note": report.correction_note,
            }
        return report.summary

    def item_link(self, report) -> str:
        return report.get_absolute_url()

    def item_pubdate(self, report):
        return report.published_at

    def item_author_name(self, report) -> str:
        return str(report.cycle.plan.owner)


class PlanOfficialReportsFeed(OfficialReportsFeed):
    """One plan's official reports."""

    def get_object(self, request, pk):
        return plan_for_read(AnonymousUser(), pk)

    def title(self, plan=None) -> str:
        return _("NAPtrack: official reports on %(plan)s") % {"plan": plan}

    def link(self, plan=None) -> str:
        return reverse("reporting:reports", args=[plan.pk])
