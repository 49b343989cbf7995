from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sysdojo.web.accounts import views as accounts
from sysdojo.web.api import api
from sysdojo.web.catalog import views as catalog
from sysdojo.web.study import views as study
from sysdojo.web.tools import views as tools

urlpatterns = [
    path("", catalog.learn, name="learn"),
    path("learn/<slug:page_id>/", catalog.lesson, name="lesson"),
    path("learn/<slug:page_id>/status", study.status_set, name="status-set"),
    path("learn/<slug:page_id>/note", study.note_update, name="note-update"),
    path("learn/<slug:page_id>/design", catalog.design, name="design"),
    path("search/", catalog.search, name="search"),
    path("progress/", catalog.progress_overview, name="progress"),
    path("data/", study.data, name="data"),
    path("data/export.json", study.export_download, name="export"),
    path("code.css", catalog.code_css, name="code-css"),
    path("healthz", catalog.healthz, name="healthz"),
    path("csrf", catalog.csrf_token_cookie, name="csrf"),
    path("tools/estimate/", tools.estimate, name="tool-estimate"),
    path("tools/analyze/", tools.analyze, name="tool-analyze"),
    path("numbers/", tools.numbers, name="numbers"),
    path("review/", include("sysdojo.web.review.urls")),
    path("mock/", include("sysdojo.web.mock.urls")),
    path("skills/", include("sysdojo.web.skills.urls")),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.MergingLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
