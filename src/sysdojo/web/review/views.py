"""The daily review queue. Rating works as a plain form post (redirect back) and as an htmx request
(answering with the queue fragment to swap), like the study app's writes."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sysdojo.web.review.anki import anki_deck_build
from sysdojo.web.review.forms import RateForm, SettingsForm
from sysdojo.web.review.selectors import review_queue, review_settings_of, written_pages
from sysdojo.web.review.services import review_rate, review_settings_set
from sysdojo.web.study.services import learner_for_request


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _form_errors(form: RateForm | SettingsForm) -> str:
    return "; ".join(f"{name}: {e}" for name, errors in form.errors.items() for e in errors)


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request=request, create=False)
    settings = review_settings_of(learner=learner)
    form = SettingsForm(
        initial={"desired_retention": settings.desired_retention, "new_per_day": settings.new_per_day}
    )
    return render(
        request, "review/queue.html", {"queue": review_queue(learner=learner), "settings_form": form}
    )


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    form = RateForm(request.POST)
    learner = learner_for_request(request=request, create=False)
    error = ""
    if not form.is_valid():
        error = _form_errors(form)
    elif learner is None:
        error = "nothing to review yet: mark a page as learning first"
    else:
        try:
            review_rate(learner=learner, **form.cleaned_data)
        except ValueError as exc:
            error = str(exc)
    if _htmx(request):
        context = {"queue": review_queue(learner=learner), "error": error}
        return render(request, "review/_session.html", context, status=400 if error else 200)
    if error:
        messages.error(request, f"Not rated: {error}.")
    return redirect("review:queue")


@require_POST
def settings_update(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        learner = learner_for_request(request=request, create=True)
        assert learner is not None
        review_settings_set(learner=learner, **form.cleaned_data)
        saved, status = "Saved.", 200
    else:
        saved, status = "", 400
    if _htmx(request):
        return render(
            request, "review/_settings.html", {"settings_form": form, "saved": saved}, status=status
        )
    if status == 400:
        messages.error(request, f"Settings not saved: {_form_errors(form)}.")
    else:
        messages.success(request, "Review settings saved.")
    return redirect("review:queue")


@require_GET
def anki_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(anki_deck_build(pages=written_pages()), content_type="application/apkg")
    response["Content-Disposition"] = 'attachment; filename="sysdojo.apkg"'
    return response
