from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "naptrack.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed

        from naptrack.accounts.receivers import revoke_tokens_when_a_factor_is_removed

        authenticator_removed.connect(
            revoke_tokens_when_a_factor_is_removed,
            dispatch_uid="accounts.revoke_tokens_when_a_factor_is_removed",
        )
