"""One way to show a service's refusal: its ValidationError on the form, or as a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError


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


def flash_service_errors(request, error: ValidationError) -> None:
    """A service's refusal of an action that has no form, shown as one message."""
    messages.error(request, " ".join(error.messages))
