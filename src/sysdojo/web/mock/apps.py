from django.apps import AppConfig


class MockConfig(AppConfig):
    name = "sysdojo.web.mock"
    label = "mock"
    verbose_name = "Mock interviews"
