from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "sysdojo.web.review"
    label = "review"
    verbose_name = "Spaced repetition"
