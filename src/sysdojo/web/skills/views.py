"""The skill map page. Reads only: visiting it never creates a learner."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sysdojo.web.skills.selectors import skill_map_of
from sysdojo.web.study.services import learner_for_request


@require_GET
def skill_map(request: HttpRequest) -> HttpResponse:
    learner = learner_for_request(request=request, create=False)
    return render(request, "skills/map.html", {"map": skill_map_of(learner=learner)})
