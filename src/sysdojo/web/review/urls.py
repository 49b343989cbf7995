from __future__ import annotations

from django.urls import URLPattern, path

from sysdojo.web.review import views

app_name = "review"
urlpatterns: list[URLPattern] = [
    path("", views.queue, name="queue"),
    path("rate", views.rate, name="rate"),
    path("settings", views.settings_update, name="settings"),
    path("anki.apkg", views.anki_download, name="anki"),
]
