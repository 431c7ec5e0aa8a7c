"""The one hook into django-allauth's two-factor flow."""

from naptrack.accounts.services import api_tokens_revoke_unproven


def revoke_tokens_when_a_factor_is_removed(sender, request, user, authenticator, **kwargs):
    """Turning two-factor off must not leave behind tokens that were made while it was on:
    they would keep a full sign-in's powers on a password alone. The service does the work
    and writes the audit rows; allauth only tells us when."""
    api_tokens_revoke_unproven(actor=user, user=user, channel="web")
