from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "sysdojo.web.catalog"
    label = "catalog"
    verbose_name = "Curriculum"
