from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sysdojo.web.accounts"
    label = "accounts"
