"""Checks shared by the services and the importer (which reports them by row)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def point_text_checked(text: str) -> str:
    """A point raised offline is an anonymized quote that gets published: it must say
    something and carry no email address."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the point raised.")})
    if EMAIL_IN_TEXT.search(text):
        raise ValidationError(
            {"text": _("Leave email addresses out of the quote: it is published.")}
        )
    return text


def held_on_checked(consultation, held_on: datetime.date) -> datetime.date:
    """Offline input was gathered within the consultation's dates, and not in future."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("This date is in the future.")})
    if held_on < consultation.opens_on or held_on > consultation.closes_on:
        raise ValidationError({"held_on": _("The date must fall within the consultation's dates.")})
    return held_on
