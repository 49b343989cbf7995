from __future__ import annotations

from django.urls import URLPattern, path

from sysdojo.web.mock import views

app_name = "mock"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("start", views.start, name="start"),
    path("<int:session_id>/", views.session, name="session"),
    path("<int:session_id>/save", views.save, name="save"),
    path("<int:session_id>/submit", views.submit, name="submit"),
    path("<int:session_id>/debrief", views.debrief, name="debrief"),
    path("<int:session_id>/second-opinion", views.second_opinion, name="second-opinion"),
]
