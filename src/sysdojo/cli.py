"""The `sysdojo` command: one entry point for the web app, the content tools and the engines."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from sysdojo import __version__
from sysdojo.paths import content_dir

Handler = Callable[[argparse.Namespace], int]
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _report(exc: Exception) -> int:
    """Print each problem of a SysdojoError on its own line (file:line: field: message); exit code 1."""
    for problem in getattr(exc, "problems", [exc]):
        print(problem, file=sys.stderr)
    return 1


def _content_check(args: argparse.Namespace) -> int:
    from sysdojo.core.content.curriculum import curriculum_load, page_files
    from sysdojo.core.errors import SysdojoError

    folder = Path(args.content) if args.content else content_dir()
    files = list(page_files(folder))
    try:
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("checking pages", total=len(files))
            curriculum = curriculum_load(folder, progress=lambda _path: bar.advance(task))
    except SysdojoError as exc:
        return _report(exc)
    for problem in curriculum.problems:
        print(problem, file=sys.stderr)
    written, planned = len(curriculum.pages), len(curriculum.plan)
    if curriculum.problems:
        err.print(f"[red]{len(curriculum.problems)} problem(s)[/red] in {len(files)} page file(s)")
        return 1
    out.print(f"content ok: {written} page(s) written of {planned} planned")
    return 0


def _django() -> None:
    """Start Django on demand: `content check` and the engines never need it."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sysdojo.web.settings")
    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _sync(content: str | None) -> int:
    from sysdojo.core.errors import SysdojoError
    from sysdojo.web.catalog.services import curriculum_sync

    folder = Path(content) if content else None
    try:
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("rendering pages", total=None)
            report = curriculum_sync(content_dir=folder, progress=lambda _page: bar.advance(task))
    except SysdojoError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        err.print("[red]sync refused[/red]: fix the content first (nothing was changed)")
        return 1
    out.print(
        f"synced: {report.rendered} rendered, {report.unchanged} unchanged, {report.planned} coming, "
        f"{report.removed} removed; search index: "
        + (f"{report.indexed} page(s)" if report.indexed else "unchanged")
    )
    return 0


def _content_sync(args: argparse.Namespace) -> int:
    _django()
    _migrate()
    return _sync(args.content)


def default_workers() -> int:
    """One process per core: the GIL lets each use one core, and more processes than cores only add
    scheduling delay to the tail (bench/bench_web.py: p99 of a cached lesson 15-22 ms with 2 workers on
    2 cores, 21-41 ms with 4)."""
    return max(2, os.cpu_count() or 1)


def _serve(args: argparse.Namespace) -> int:
    _django()
    from django.conf import settings
    from django.core.management import call_command

    _migrate()
    if _sync(None) != 0:
        return 1
    if args.dev:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
        return 0
    call_command("collectstatic", interactive=False, verbosity=0)
    from sysdojo.web.server import Server, bind_problem
    from sysdojo.web.wsgi import application

    problem = bind_problem(args.host, args.port)
    if problem:
        err.print(f"[red]serve: {problem}[/red]")
        return 1

    out.print(f"sysdojo is serving {settings.CONTENT_DIR} at http://{args.host}:{args.port}/  (Ctrl-C stops)")
    Server(
        application,
        {
            "bind": f"{args.host}:{args.port}",
            "workers": args.workers,
            "worker_class": "gthread",  # threads keep connections alive; measured best in bench/bench_web.py
            "threads": args.threads,
            "reuse_port": True,  # a socket per worker: the kernel balances connections (see bind_problem)
            "accesslog": "-" if args.access_log else None,
        },
    ).run()
    return 0


def _export(args: argparse.Namespace) -> int:
    import json

    _django()
    if args.what == "anki":
        return _export_anki(args)
    if not args.user:
        print("export: --user NAME is required for a JSON export (or: sysdojo export anki)", file=sys.stderr)
        return 1
    from sysdojo.web.study.transfer import learner_export

    learner = _learner_of(args.user)
    if learner is None:
        return 1
    text = json.dumps(learner_export(learner=learner), indent=2, ensure_ascii=False)
    if args.output and args.output != "-":
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        err.print(f"exported {args.user}'s data to {args.output}")
    else:
        print(text)
    return 0


def _export_anki(args: argparse.Namespace) -> int:
    """Every written page's flashcards as an Anki deck; stable note GUIDs, so a newer deck updates cards."""
    from sysdojo.web.review.anki import anki_deck_build
    from sysdojo.web.review.selectors import written_pages

    _migrate()
    target = Path(args.output or "sysdojo.apkg")
    pages = written_pages()
    target.write_bytes(anki_deck_build(pages=pages))
    err.print(f"wrote {len(pages)} page(s) of flashcards to {target}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from sysdojo.core.errors import SysdojoError

    _django()
    from sysdojo.web.study.transfer import import_summary, learner_import

    learner = _learner_of(args.user)
    if learner is None:
        return 1
    try:
        raw = Path(args.file).read_bytes()
        counts = learner_import(learner=learner, raw=raw, source=args.file)
    except OSError as exc:
        print(f"{args.file}: cannot read ({exc.strerror})", file=sys.stderr)
        return 1
    except SysdojoError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        err.print("[red]nothing imported[/red]")
        return 1
    out.print(f"{args.user}: {import_summary(counts)}")
    return 0


def _learner_of(username: str) -> Any:
    from django.contrib.auth import get_user_model

    from sysdojo.web.study.services import learner_for_user

    _migrate()
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        print(f"--user: no account named '{username}'", file=sys.stderr)
        return None
    return learner_for_user(user=user)


def _settings(args: argparse.Namespace) -> int:
    from rich.table import Table

    from sysdojo.web.config import SETTINGS

    table = Table("environment variable", "value", "meaning")
    for item in SETTINGS:
        hidden = "SECRET" in item.name or item.name.endswith("_KEY")
        value = "(set)" if hidden and item.value() else item.value()
        table.add_row(item.name, value, item.help)
    out.print(table)
    return 0


def _manage(args: argparse.Namespace) -> int:
    import os

    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sysdojo.web.settings")
    execute_from_command_line(["sysdojo manage", *args.rest])
    return 0


def _block_text(path: Path, kind: str) -> tuple[str, int]:
    """The YAML of a block and the number of file lines before it: the whole file for .yaml, or the
    first ```kind fenced block of a Markdown page."""
    from sysdojo.core.errors import SysdojoError

    text = path.read_text(encoding="utf-8")
    if path.suffix not in (".md", ".markdown"):
        return text, 0
    lines = text.splitlines()
    for start, line in enumerate(lines):
        if line.strip() == f"```{kind}":
            end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "```"), len(lines))
            return "\n".join(lines[start + 1 : end]) + "\n", start + 1
    raise SysdojoError.at(str(path), f"has no ```{kind} block")


def _estimate(args: argparse.Namespace) -> int:
    import json

    from rich.table import Table

    from sysdojo.core.errors import SysdojoError
    from sysdojo.core.estimate import estimate_evaluate, estimate_from_yaml

    try:
        text, offset = _block_text(Path(args.file), "estimate")
        overrides = dict(item.split("=", 1) for item in args.set or [])
        result = estimate_evaluate(
            estimate_from_yaml(text, source=args.file, line_offset=offset), overrides=overrides
        )
    except OSError as exc:
        print(f"{args.file}: cannot read ({exc.strerror})", file=sys.stderr)
        return 1
    except ValueError:
        print("--set takes NAME=VALUE, e.g. --set 'dau=1B users'", file=sys.stderr)
        return 1
    except SysdojoError as exc:
        return _report(exc)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return 0
    table = Table("output", "say", "exact", "derivation", title=result.title or None)
    for output in result.outputs:
        table.add_row(output.label or output.name, output.rounded, output.exact, output.derivation_text)
    out.print(table)
    return 0


def _analyze(args: argparse.Namespace) -> int:
    import json

    from rich.table import Table

    from sysdojo.core.architecture import design_analyze, design_from_yaml, design_svg
    from sysdojo.core.errors import SysdojoError
    from sysdojo.core.estimate import estimate_evaluate, estimate_from_yaml

    path = Path(args.file)
    try:
        text, offset = _block_text(path, "architecture")
        estimate = None
        if path.suffix in (".md", ".markdown") and "```estimate" in path.read_text(encoding="utf-8"):
            estimate_text, estimate_offset = _block_text(path, "estimate")
            estimate = estimate_evaluate(
                estimate_from_yaml(estimate_text, source=args.file, line_offset=estimate_offset)
            )
        design = design_from_yaml(text, source=args.file, line_offset=offset, estimate=estimate)
        fail = [name for item in args.fail or [] for name in item.split(",") if name]
        known = {c.id for c in design.components}
        for name in fail:
            if name.split(":")[0] not in known:
                raise SysdojoError.at(args.file, f"'{name}' is not a component of the design", field="--fail")
        if not 0 < args.scale <= 10_000:
            raise SysdojoError.at(args.file, "must be more than 0 and at most 10,000", field="--scale")
        analysis = design_analyze(design, fail=fail, scale=args.scale)
    except OSError as exc:
        print(f"{args.file}: cannot read ({exc.strerror})", file=sys.stderr)
        return 1
    except SysdojoError as exc:
        return _report(exc)
    if args.svg:
        Path(args.svg).write_text(design_svg(design, analysis), encoding="utf-8")
    if args.json:
        print(json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False))
        return 0
    out.print(f"[bold]{analysis.headline}[/bold]")
    table = Table("component", "reads/s", "writes/s", "utilization", "nodes")
    for load in analysis.loads:
        utilization = "n/a" if load.utilization is None else f"{load.utilization:.0%}"
        table.add_row(
            load.id, f"{load.reads:,.0f}", f"{load.writes:,.0f}", utilization, str(load.serving_nodes)
        )
    out.print(table)
    spofs = [s for s in analysis.spofs if s.accepted is None]
    out.print(
        "single points of failure: "
        + ("; ".join(f"{s.id} ({', '.join(s.reasons)})" for s in spofs) or "none")
    )
    out.print(
        "availability: "
        + ", ".join(f"{k} {v:.6%}" for k, v in analysis.availability.items() if v is not None)
    )
    for flow, latency in analysis.latency_ms.items():
        if latency:
            out.print(f"{flow} latency: p50 {latency['p50']:.1f} ms, p99 {latency['p99']:.1f} ms")
    out.print(f"cost: ${analysis.cost_monthly:,.0f} a month")
    for failed in analysis.failed_flows:
        out.print(
            f"[red]{failed.failed_share:.1%} of {failed.flow}s fail[/red] "
            f"(through {', '.join(failed.through)})"
        )
    if args.svg:
        err.print(f"diagram written to {args.svg}")
    return 0


def _debrief(args: argparse.Namespace) -> int:
    import json

    from rich.table import Table

    from sysdojo.core.content.curriculum import plan_load
    from sysdojo.core.content.parse import page_parse
    from sysdojo.core.debrief import debrief_grade
    from sysdojo.core.errors import SysdojoError

    folder = content_dir()
    page_path = folder / "case-studies" / f"{args.case}.md"
    try:
        if not page_path.is_file():
            raise SysdojoError.at(
                str(folder), f"no case study '{args.case}' in case-studies/", field="CASE_ID"
            )
        page = page_parse(page_path.read_text(encoding="utf-8"), source=str(page_path))
        plan = plan_load(folder / "plan.yaml")
        skills = {entry.id: entry.title for entry in plan.values() if entry.kind == "skill"}
        answer = Path(args.answer).read_text(encoding="utf-8")
        debrief = debrief_grade(page=page, answer=answer, skills=skills, source=args.answer)
    except OSError as exc:
        print(f"{args.answer}: cannot read ({exc.strerror})", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"{args.answer}: is not UTF-8 text", file=sys.stderr)
        return 1
    except SysdojoError as exc:
        return _report(exc)
    if args.json:
        print(json.dumps(debrief.to_dict(), indent=2, ensure_ascii=False))
        return 0
    out.print(f"[bold]{debrief.case_title}[/bold]: overall {debrief.overall}/100")
    table = Table("skill", "score", "reason", title="Skills (weakest first)")
    for skill in debrief.skills:
        table.add_row(skill.title, f"{skill.score}/4", skill.reason)
    out.print(table)
    for figure in debrief.wrong_figures:
        out.print(f"[red]line {figure.line}[/red]: {figure.message}")
    missing = debrief.missing
    if missing:
        out.print(f"[bold]Missing key points ({len(missing)})[/bold]")
        for point in missing:
            out.print(f"  - {point.point} [dim](weight {point.weight}; study {point.lesson})[/dim]")
    structure = debrief.structure
    if structure.missing:
        out.print("phases not covered: " + ", ".join(structure.missing))
    for phase in structure.phases:
        if phase.verdict and phase.verdict != "on time":
            out.print(
                f"{phase.phase}: {phase.minutes:g} min for a {phase.budget:g} min budget ({phase.verdict})"
            )
    if debrief.specificity.vague:
        out.print("vague: " + "; ".join(f"'{m.name}' (line {m.line})" for m in debrief.specificity.vague))
    if debrief.next_lesson is not None:
        out.print(f"[bold]Next lesson[/bold]: {debrief.next_lesson.lesson} ({debrief.next_lesson.reason})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sysdojo", description="Self-hosted system design interview study.")
    parser.add_argument("--version", action="version", version=f"sysdojo {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    content = commands.add_parser("content", help="check or sync the curriculum")
    content_commands = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    check = content_commands.add_parser("check", help="validate every page; exit 1 on any problem")
    check.add_argument("--content", help="content folder (default: the bundled curriculum)")
    check.set_defaults(handler=_content_check)
    sync = content_commands.add_parser("sync", help="render changed pages into the database and search index")
    sync.add_argument("--content", help="content folder (default: the bundled curriculum)")
    sync.set_defaults(handler=_content_sync)

    serve = commands.add_parser("serve", help="migrate, sync the content and serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="gunicorn worker processes (default: one per core, measured best by bench/bench_web.py)",
    )
    serve.add_argument("--threads", type=int, default=4, help="threads per worker")
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument("--dev", action="store_true", help="Django's development server instead of gunicorn")
    serve.set_defaults(handler=_serve)

    export = commands.add_parser(
        "export", help="all of an account's data as JSON, or every flashcard as an Anki deck"
    )
    export.add_argument(
        "what", nargs="?", choices=("json", "anki"), default="json", help="json (default) or anki"
    )
    export.add_argument("--user", help="the account's username (JSON export)")
    export.add_argument(
        "-o", "--output", help="file to write (JSON default: standard output; anki: sysdojo.apkg)"
    )
    export.set_defaults(handler=_export)

    imp = commands.add_parser("import", help="load an export file into an account")
    imp.add_argument("file", help="a JSON file written by `sysdojo export`")
    imp.add_argument("--user", required=True, help="the account's username")
    imp.set_defaults(handler=_import)

    estimate = commands.add_parser(
        "estimate", help="evaluate an estimate block (a .yaml file or a page's block)"
    )
    estimate.add_argument("file", help="a YAML estimate, or a Markdown page with an ```estimate block")
    estimate.add_argument(
        "--set", action="append", metavar="NAME=VALUE", help="change an input, e.g. 'dau=1B users'"
    )
    estimate.add_argument("--json", action="store_true", help="machine-readable output")
    estimate.set_defaults(handler=_estimate)

    analyze = commands.add_parser(
        "analyze", help="analyze an architecture: bottleneck, SPOFs, availability, cost"
    )
    analyze.add_argument("file", help="a YAML design, or a Markdown page with an ```architecture block")
    analyze.add_argument(
        "--fail", action="append", metavar="COMPONENT", help="fail one node (or COMPONENT:all)"
    )
    analyze.add_argument("--scale", type=float, default=1.0, help="multiply the traffic (default 1)")
    analyze.add_argument("--svg", metavar="OUT", help="write the diagram to this SVG file")
    analyze.add_argument("--json", action="store_true", help="machine-readable output")
    analyze.set_defaults(handler=_analyze)

    debrief = commands.add_parser(
        "debrief", help="grade a written mock-interview answer against a case study"
    )
    debrief.add_argument("case", metavar="CASE_ID", help="a case study id, e.g. url-shortener")
    debrief.add_argument("answer", metavar="ANSWER.md", help="the answer, Markdown with '## ' phase headings")
    debrief.add_argument("--json", action="store_true", help="machine-readable output")
    debrief.set_defaults(handler=_debrief)

    show = commands.add_parser("settings", help="list the environment variables sysdojo reads")
    show.set_defaults(handler=_settings)

    manage = commands.add_parser("manage", help="run a Django management command (createsuperuser, ...)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    from sysdojo.web.config import SettingError  # no Django import: config is plain Python

    try:
        return handler(args)
    except SettingError as exc:
        err.print(f"[red]setting refused: {exc}[/red]")
        return 2


if __name__ == "__main__":
    sys.exit(main())
