"""One way to show a service's refusal (its ValidationError on the form, or as a
message), and the one form for evidence."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


def add_service_errors(form, error: ValidationError, *, field_prefix: str = "") -> None:
    """Put a service's errors next to the fields they are about: on the field the error
    names, or on `field_prefix` + that name (forms whose fields carry a prefix), and on
    the whole form when the form has neither."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, found in error.message_dict.items():
        field = name if name in form.fields else f"{field_prefix}{name}"
        form.add_error(field if field in form.fields else None, found)


def service_error_text(error: ValidationError) -> str:
    """A service's refusal as one line of text, for a page or fragment that shows it."""
    return " ".join(error.messages)


def flash_service_errors(request, error: ValidationError) -> None:
    """A service's refusal of an action that has no form, shown as one message."""
    messages.error(request, service_error_text(error))


def run_and_flash(request, action, done: str) -> bool:
    """Call `action` (a service call with no form); say `done`, or the service's refusal
    (`flash_service_errors`). True when it went through."""
    try:
        action()
    except ValidationError as error:
        flash_service_errors(request, error)
        return False
    messages.success(request, done)
    return True


class EvidenceForm(forms.Form):
    """A link or a file, and what it shows: evidence of every kind (the services check
    the file itself, naptrack.core.evidence)."""

    description = forms.CharField(label=_lazy("What it shows"), max_length=500)
    url = forms.URLField(
        label=_lazy("Link"), required=False, max_length=1000, assume_scheme="https"
    )
    file = forms.FileField(
        label=_lazy("Or a file"),
        required=False,
        help_text=_lazy("PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, TXT or CSV."),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise ValidationError(_("Give either a link or a file, not both and not neither."))
        return data
