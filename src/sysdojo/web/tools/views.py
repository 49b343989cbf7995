"""The capacity calculator, the architecture analyzer and the numbers-to-know page.

The calculator and the analyzer take YAML that the reader writes; everything is parsed by the core
(never evaluated as code) and every problem comes back as a message naming the line and field.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from sysdojo.core.architecture import design_analyze, design_from_yaml, design_svg
from sysdojo.core.content.executable import Executable, analysis_html, estimate_table_html
from sysdojo.core.errors import SysdojoError
from sysdojo.core.estimate import estimate_evaluate, estimate_from_yaml
from sysdojo.core.numbers import numbers_load
from sysdojo.web.catalog.models import Page
from sysdojo.web.catalog.selectors import page_executable

MAX_YAML = 100_000

EXAMPLE_ESTIMATE = """title: A photo-sharing feed
profile: standard
inputs:
  dau: 50M users
  reads_per_user: 30 /day
  writes_per_user: 2 /day
  object_size: 300 KB
  read_size: 50 KB
  retention: 5 years
  replication: 3
  peak_factor: 3
  node_capacity: capacity(app_server)
outputs:
  photo_storage_per_year: storage_per_day * 365 -> PB
"""

EXAMPLE_DESIGN = """name: Read-heavy web service
traffic: {read_qps: 20K, write_qps: 500}
components:
  client: {type: client}
  lb: {type: load-balancer, replicas: 2, zones: 2}
  api: {type: service, replicas: 12, zones: 3, capacity: 2K}
  cache: {type: cache, tech: redis, replicas: 3, hit_ratio: 0.9}
  db: {type: database, tech: postgres, role: primary, replicas: 2}
  db_replica: {type: database, tech: postgres, role: replica, replicas: 2}
edges:
  - client -> lb
  - lb -> api
  - {from: api, to: cache, reads: 1.0}
  - {from: api, to: db_replica, reads: 1.0, on_miss: cache}
  - {from: api, to: db, writes: 1.0}
"""


class EstimateForm(forms.Form):
    yaml = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}), max_length=MAX_YAML
    )


class AnalyzeForm(forms.Form):
    yaml = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "false"}), max_length=MAX_YAML
    )
    scale = forms.FloatField(min_value=0.01, max_value=10_000, initial=1.0)
    fail = forms.CharField(
        required=False, max_length=200, help_text="component ids, comma separated; id:all for every node"
    )


def _problems(exc: SysdojoError) -> list[str]:
    return [str(p) for p in exc.problems]


@require_http_methods(["GET", "POST"])
def estimate(request: HttpRequest) -> HttpResponse:
    form = EstimateForm(request.POST or None, initial={"yaml": EXAMPLE_ESTIMATE})
    context: dict[str, Any] = {"form": form}
    text = EXAMPLE_ESTIMATE if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["yaml"]
    elif request.method == "POST":
        context["problems"] = _form_problems(form)
    if text is not None:
        try:
            result = estimate_evaluate(estimate_from_yaml(text, source="your estimate"))
            context["result_html"] = estimate_table_html(result)
        except SysdojoError as exc:
            context["problems"] = _problems(exc)
    template = (
        "tools/_estimate_result.html"
        if request.headers.get("HX-Request") == "true"
        else "tools/estimate.html"
    )
    return render(request, template, context, status=400 if context.get("problems") else 200)


@require_http_methods(["GET", "POST"])
def analyze(request: HttpRequest) -> HttpResponse:
    """Paste a design, or start from a case study's (`?from=<page id>`), then change it and re-run."""
    start = EXAMPLE_DESIGN
    source_page = request.GET.get("from", "")
    executable = page_executable(page_id=source_page) if source_page else None
    if executable is not None and executable.design is not None:
        start = _self_contained(executable)
    form = AnalyzeForm(request.POST or None, initial={"yaml": start, "scale": 1.0})
    context: dict[str, Any] = {"form": form, "designs": _pages_with_designs()}
    text, scale, fail = (start, 1.0, []) if request.method == "GET" else (None, 1.0, [])
    if request.method == "POST" and form.is_valid():
        text, scale = form.cleaned_data["yaml"], form.cleaned_data["scale"]
        fail = [f.strip() for f in form.cleaned_data["fail"].split(",") if f.strip()]
    elif request.method == "POST":
        context["problems"] = _form_problems(form)
    if text is not None:
        try:
            design = design_from_yaml(text, source="your design")
            analysis = design_analyze(design, fail=fail, scale=scale)
            context["svg"] = design_svg(design, analysis)
            context["analysis_html"] = analysis_html(analysis)
        except SysdojoError as exc:
            context["problems"] = _problems(exc)
    template = (
        "tools/_analyze_result.html" if request.headers.get("HX-Request") == "true" else "tools/analyze.html"
    )
    return render(request, template, context, status=400 if context.get("problems") else 200)


_ESTIMATE_REF = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _self_contained(executable: Executable) -> str:
    """A page's design with `$output` traffic replaced by the page's figures, so it stands on its own."""
    assert executable.design is not None
    text = executable.design.text
    if executable.estimate is None:
        return text
    result = estimate_evaluate(executable.estimate)

    def figure(match: re.Match[str]) -> str:
        output = result.output(match.group(1))
        return f"{output.value:.6g}/s" if output is not None else match.group(0)

    return _ESTIMATE_REF.sub(figure, text)


def _form_problems(form: forms.Form) -> list[str]:
    return [f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()]


def _pages_with_designs() -> list[tuple[str, str]]:
    rows = Page.objects.filter(state=Page.State.WRITTEN).values_list("id", "title", "blocks")
    return [(pid, title) for pid, title, blocks in rows if "architecture" in (blocks or {})]


def _duration(seconds: float) -> str:
    """Downtime in the unit a person would say: 3.65 days, 8.77 h, 52.6 min, 31.6 s."""
    for unit, size in (("days", 86_400.0), ("h", 3_600.0), ("min", 60.0), ("s", 1.0)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds * 1000:.3g} ms"


@require_GET
def numbers(request: HttpRequest) -> HttpResponse:
    data = numbers_load()
    nines = [
        {
            "percent": f"{n.percent:g}",
            "label": n.label,
            "year": _duration(n.downtime_per_year_s),
            "month": _duration(n.downtime_per_month_s),
            "day": _duration(n.downtime_per_day_s),
        }
        for n in data.nines
    ]
    return render(request, "tools/numbers.html", {"numbers": data, "nines": nines})
