from __future__ import annotations

from django.urls import URLPattern, path

from sysdojo.web.skills import views

app_name = "skills"
urlpatterns: list[URLPattern] = [
    path("", views.skill_map, name="map"),
]
