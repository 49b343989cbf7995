from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "sysdojo.web.tools"
    label = "tools"
    verbose_name = "Calculator, analyzer and numbers to know"
