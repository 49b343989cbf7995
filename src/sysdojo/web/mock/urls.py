from __future__ import annotations

from django.urls import URLPattern

app_name = "mock"
urlpatterns: list[URLPattern] = []
