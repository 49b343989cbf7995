from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "sysdojo.web.study"
    label = "study"
    verbose_name = "Study progress and notes"
