"""The card's outputs besides its page: the embeddable SVG badge and the PDF."""

from django.template.loader import render_to_string

from naptrack.reporting import outputs as reporting_outputs

PRINT_STYLESHEET = "report_cards/print.css"


def badge_svg(plan, card) -> str:
    """A fixed-size image with both grades: text and shapes only, never a script or a link
    (the template escapes every value)."""
    return render_to_string("report_cards/badge.svg", {"plan": plan, "card": card})


def pdf_bytes(html: str) -> bytes:
    """The print page as a PDF, laid out like the standardized report."""
    return reporting_outputs.pdf_bytes(html, stylesheet=PRINT_STYLESHEET)
