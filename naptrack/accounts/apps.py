from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "naptrack.accounts"
    label = "accounts"
