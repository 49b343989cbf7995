"""Sign-up and log-in: Django's own views, plus the merge of the visitor's anonymous progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sysdojo.web.accounts.forms import SignupForm
from sysdojo.web.study.services import learner_adopt_session


class MergingLoginView(LoginView):
    """Django's login; the anonymous session's progress and notes then move into the account."""

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        learner_adopt_session(request=self.request, user=form.get_user())
        return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect("learn")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        learner_adopt_session(request=request, user=user)
        return redirect("learn")
    return render(request, "registration/signup.html", {"form": form})
