from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "sysdojo.web.skills"
    label = "skills"
    verbose_name = "Quiz attempts and the skill map"
