"""The consultation report ("you said, we did") as XLSX and PDF. Every cell goes
through the core's formula-neutralising writer; the PDF is laid out by WeasyPrint like
the reporting outputs. Neither names an anonymous participant: bylines are the public
ones, offline points say only where they were raised."""

import io

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from naptrack.consultations.selectors import Report
from naptrack.core.spreadsheets import sheet_append
from naptrack.reporting import outputs as reporting_outputs

PRINT_STYLESHEET = "consultations/print.css"


def source_of(comment) -> str:
    """Who said it, as the public may know it."""
    if comment.session_id:
        session = comment.session
        return _("%(kind)s, %(district)s, %(date)s") % {
            "kind": session.get_kind_display(),
            "district": session.district,
            "date": session.held_on.isoformat(),
        }
    return comment.public_byline


def input_rows(report: Report):
    for comment in report.comments:
        answer = getattr(comment, "answer", None)
        yield [
            comment.pk,
            comment.get_channel_display(),
            source_of(comment),
            comment.part_label or _("The whole draft"),
            comment.text,
            comment.support_count,
            answer.get_outcome_display() if answer else _("Not answered yet"),
            answer.text if answer else "",
            f"{answer.action.code} {answer.action.title}" if answer and answer.action else "",
        ]


INPUT_HEADERS = (
    "#",
    _lazy("Channel"),
    _lazy("From"),
    _lazy("About"),
    _lazy("You said"),
    _lazy("Supports"),
    _lazy("We did"),
    _lazy("Answer"),
    _lazy("Action changed"),
)


def xlsx_bytes(report: Report) -> bytes:
    from openpyxl import Workbook

    consultation = report.consultation
    book = Workbook(write_only=True)
    summary = book.create_sheet(_("Summary"))
    for row in (
        [_("Consultation"), consultation.title],
        [_("Plan"), str(consultation.plan)],
        [_("Dates"), f"{consultation.opens_on} – {consultation.closes_on}"],
        [_("State"), consultation.get_state_display()],
        [_("What the input changed"), consultation.report_summary],
        [_("Inputs"), report.tallies.total],
        [_("Not answered yet"), report.tallies.unanswered],
        *[[label, n] for label, n in report.tallies.outcome_rows],
        *[[_("Through: %(c)s") % {"c": label}, n] for label, n in report.tallies.channel_rows],
        [_("Offline participants"), report.reach.participants],
    ):
        sheet_append(summary, _plain(row))
    _table(book, _("Input"), INPUT_HEADERS, input_rows(report))
    places = [_("Place (district)"), _("Records"), _("Participants"), _("Points")]
    _table(book, _("Places"), places, report.reach.places)
    groups = [[label, *cells, total] for label, cells, total in report.reach.groups]
    _table(book, _("Groups"), ["", *report.reach.age_bands, _("Total")], groups)
    actions = [[a.code, a.title, n] for a, n in report.tallies.changed_actions]
    _table(book, _("Actions changed"), [_("Code"), _("Action"), _("Inputs")], actions)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(book, title: str, headers, rows) -> None:
    sheet = book.create_sheet(title[:31])
    sheet_append(sheet, _plain(headers))
    for row in rows:
        sheet_append(sheet, _plain(row))


def _plain(row) -> list:
    """Lazy translations (choice labels) as the text openpyxl can write."""
    return [str(value) if isinstance(value, Promise) else value for value in row]


def pdf_bytes(html: str) -> bytes:
    return reporting_outputs.pdf_bytes(html, stylesheet=PRINT_STYLESHEET)
