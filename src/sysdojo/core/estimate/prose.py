"""Keeps prose and estimate in step: {{placeholders}} and a conservative contradiction check.

Placeholders: ``{{read_qps}}`` becomes the rounded figure ("~12K/s"), ``{{read_qps:exact}}`` the exact one,
``{{read_qps:derivation}}`` the one-line derivation. After "about", "roughly", "~"... the rounded figure
drops its own "~". An input renders as it was written ({{upload_bitrate}} -> "15 Mbps"), see
`input_as_written`. ``{{"50K QPS"}}`` renders its text as it is and is never checked: the escape for a
figure that deliberately differs from the estimate.

Contradictions (rule also in FORMAT.md): a figure written with a unit (20K QPS, 20,000 requests per
second, 5 TB, 40 GB per day, 2 Gbps; or a bare count directly followed by an output's alias, "400
servers") is compared with the outputs that its sentence names by alias. It is flagged only if every
such output with a compatible dimension differs from the figure by more than 2x (a rate figure is never
compared with a plain count). Code spans, fenced blocks and placeholders are ignored, and so are figures
qualified per node/server/user/... ("10K writes a second per node") and sentences about another scale
or a hypothetical ("at 10x ...", "if traffic doubled", "suppose", "would be", "were").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sysdojo.core.errors import Problem, SysdojoError
from sysdojo.core.estimate.model import EstimateResult, InputValue, OutputValue
from sysdojo.core.estimate.units import COUNT_WORDS, NONE, RATE, UNITS, Dims, dims_add
from sysdojo.core.yamlio import suggest

_PLACEHOLDER = re.compile(
    r"\{\{\s*(?:([A-Za-z_][A-Za-z0-9_]*)\s*(?::\s*([A-Za-z_]+)\s*)?|\"(?P<literal>[^\"{}\n]*)\"\s*)\}\}"
)
_STYLES = ("rounded", "exact", "derivation")
TOLERANCE = 2.0
# Words that already say "approximately": "about ~26" says it twice, so the figure drops its "~".
_APPROX_BEFORE = re.compile(
    r"(?:(?<![\w-])(?:about|around|roughly|approximately|nearly|some)\s+|[~≈]\s*)[*_]*\Z", re.IGNORECASE
)
# An input written as a plain figure: a number (K/M/B/T glued), then units or count nouns, no operators.
_WRITTEN = re.compile(r"\$?[\d.,]+(?:[A-Za-z%]+)?(?:\s*(?:[A-Za-z%µμ]+|/|per|\d[\d.,]*))*")
_MONEY_WORD = re.compile(r"^(-?)([\d.,]+(?:[KMBT]|bn)?)\s*(?:USD|usd|dollars?)\b\s*")
_BIG_INT = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])")


def input_as_written(item: InputValue) -> str:
    """An input as its author (or the reader who overrode it) wrote it, tidied: "15 Mbps", "$0.005 per GB".

    The computed display ("1.875 MB/s") is in base units, which is not how the author said it. Tidying:
    spaces collapsed, none before "/" ("10 /day" -> "10/day"), long digit runs grouped ("143,199/s"),
    money written "$" first, and a lone counting noun dropped ("100M users" -> "100M", since prose says
    "{{dau}} daily users"). Anything that is not a plain figure (capacity(redis), 62^7) shows computed.
    """
    text = " ".join(item.text.split())
    if not _WRITTEN.fullmatch(text):
        return item.shown
    text = re.sub(r"\s+/\s*", "/", text)
    text = _BIG_INT.sub(lambda m: f"{int(m.group(0)):,}", text)
    text = _MONEY_WORD.sub(lambda m: f"{m.group(1)}${m.group(2)} ", text).strip()
    words = text.split(" ")
    if (
        len(words) == 2
        and re.fullmatch(r"[A-Za-z]+", words[1])
        and words[1] not in UNITS
        and words[1] not in COUNT_WORDS
    ):
        return words[0]
    return text


def _line_of(text: str, pos: int, line_offset: int) -> int:
    return line_offset + text.count("\n", 0, pos) + 1


def estimate_render(prose: str, result: EstimateResult, *, source: str, line_offset: int = 0) -> str:
    """Replace {{name}} / {{name:exact}} / {{name:derivation}}; unknown names raise SysdojoError."""
    problems: list[Problem] = []
    names = [i.name for i in result.inputs] + [o.name for o in result.outputs]

    def sub(m: re.Match[str]) -> str:
        if m.group("literal") is not None:
            return m.group("literal")
        name, style = m.group(1), m.group(2) or "rounded"
        item = result.get(name)
        line = _line_of(prose, m.start(), line_offset)
        if item is None:
            problems.append(
                Problem(source, f"no estimate figure named {name!r}{suggest(name, names)}", line=line)
            )
            return m.group(0)
        if style not in _STYLES:
            problems.append(
                Problem(source, f"unknown style {style!r}; use one of {', '.join(_STYLES)}", line=line)
            )
            return m.group(0)
        if isinstance(item, InputValue):
            return input_as_written(item)
        if (
            style == "rounded"
            and item.rounded.startswith("~")
            and _APPROX_BEFORE.search(prose[max(m.start() - 30, 0) : m.start()])
        ):
            return item.rounded[1:]
        return {"rounded": item.rounded, "exact": item.exact, "derivation": item.derivation_text}[style]

    out = _PLACEHOLDER.sub(sub, prose)
    if problems:
        raise SysdojoError(problems)
    return out


def default_aliases(out: OutputValue) -> list[str]:
    """Phrases that name an output in prose: its words, its label, and QPS variants for *_qps names."""
    words = out.name.lower().split("_")
    aliases = [" ".join(words), *(a.lower() for a in out.aliases)]
    if out.label and out.label.lower() != " ".join(words):
        aliases.append(out.label.lower())
    if words[-1] in ("qps", "rps", "tps") and len(words) > 1:
        stem = " ".join(words[:-1])
        plural = " ".join([*words[:-2], words[-2] + "s"])
        aliases += [f"{stem} {w}" for w in ("qps", "rps", "requests", "traffic", "rate", "load")]
        aliases += [
            f"{plural}{sep}" for sep in (" per second", "/s", "/sec", "/second", " a second", " per sec")
        ]
    return [a for a in dict.fromkeys(aliases) if a.strip()]


_PERIODS = {"second": 1.0, "sec": 1.0, "s": 1.0, "minute": 60.0, "min": 60.0, "hour": 3600.0, "hr": 3600.0,
            "h": 3600.0, "day": 86_400.0, "week": 7 * 86_400.0, "month": 30 * 86_400.0,
            "year": 365 * 86_400.0}  # fmt: skip
_PERIOD = r"(?:second|sec|s|minute|min|hour|hr|h|day|week|month|year)"
FIGURE = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<mult>K|k|M|B|bn|T)(?![A-Za-z])|\s+(?P<multw>thousand|million|billion|trillion)\b)?\s*"
    r"(?:(?P<bytes>[KMGTPE]i?B|bytes|B)(?:\s*(?:/|per|an?)\s*(?P<bper>" + _PERIOD + r"))?\b"
    r"|(?P<bits>[KMGT]bps)\b"
    r"|(?:[A-Za-z]+\s+)?(?P<qps>qps|rps|tps|QPS|RPS|TPS)\b"
    r"|(?:(?P<noun>[A-Za-z]+(?:\s+[A-Za-z]+)?)\s*)?(?:/|per|an?|every)\s*(?P<per>" + _PERIOD + r")\b"
    r"|(?P<word>[A-Za-z][A-Za-z-]*))"
)
_MULT = {"K": 1e3, "k": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9, "T": 1e12,
         "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}  # fmt: skip


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    value: float
    dims: Dims
    period: float | None  # "40 GB per day" can also be read as 40 GB when the output is an amount
    word_at: int | None  # position of the noun of a bare count ("400 servers")


def figure_of(m: re.Match[str]) -> Figure | None:
    value = float(m.group("num").replace(",", ""))
    mult = m.group("mult") or m.group("multw")
    value *= _MULT[mult] if mult else 1.0
    period = None
    word_at = None
    if m.group("bytes"):
        unit = UNITS.get(m.group("bytes"))
        if unit is None:
            return None
        value *= unit.value
        dims: Dims = (1, 0, 0)
        if m.group("bper"):
            period = _PERIODS[m.group("bper")]
            value /= period
            dims = (1, -1, 0)
    elif m.group("bits"):
        value *= UNITS[m.group("bits")].value
        dims = (1, -1, 0)
    elif m.group("qps"):
        dims = RATE
    elif m.group("per"):
        period = _PERIODS[m.group("per")]
        value /= period
        dims = RATE
    else:
        dims = NONE
        word_at = m.start("word")
    return Figure(m.start(), m.end(), m.group(0).strip(), value, dims, period, word_at)


def blank_out(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|#)\s)")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _matches(out: OutputValue, value: float, fig: Figure) -> bool | None:
    """True/False when the figure is comparable with the output (agree/disagree); None if not."""
    if fig.dims == out.dims:
        figure_value = value
    elif fig.period is not None and out.dims != NONE and dims_add(out.dims, RATE) == fig.dims:
        # "40 GB per day" also reads as the amount stored in a day. Not for plain counts: a rate
        # ("125K scores a second") says nothing about a count of things (ranker_nodes).
        figure_value = value * fig.period
    else:
        return None
    target = out.value
    if target == 0 or figure_value == 0:
        return target == figure_value
    if (target > 0) != (figure_value > 0):
        return False
    return abs(math.log(abs(figure_value) / abs(target))) <= math.log(TOLERANCE)


_UNIT_NOUNS = (
    r"(?:node|server|shard|instance|partition|user|device|connection|worker|core|host|machine|replica)s?"
)
# A per-unit figure ("10K writes a second per node", "50K connections per server") is a capacity or a
# usage rate, not the system's total, so comparing it with a total output would only cry wolf.
_PER_UNIT_AFTER = re.compile(
    r"\A[^.;:,]{0,12}?(?:\bper|\beach|\bevery|\ban?|/)[\s-]*" + _UNIT_NOUNS + r"\b", re.I
)
_PER_UNIT_BEFORE = re.compile(
    r"(?:\bper|\beach|\bevery|\bone|\ba single)[\s-]+" + _UNIT_NOUNS + r"\b[^.;:]{0,30}\Z", re.I
)
# A sentence about another scale or a hypothetical says on purpose what the estimate does not.
_HYPOTHETICAL = re.compile(
    r"\d[\d.,]*\s?[x×](?!\w)|(?<!\w)[x×]\s?\d|\bif\b|\bsuppose\b|\bwould be\b|\bwere\b", re.I
)


def _qualified(text: str, fig: Figure, s_start: int) -> bool:
    """The figure is per node/server/user/... (said in it, just after it, or just before it)."""
    if re.search(r"(?:\bper|\beach|\bevery|/)[\s-]*" + _UNIT_NOUNS + r"\b", fig.text, re.I):
        return True
    if _PER_UNIT_AFTER.search(text[fig.end : fig.end + 40]):
        return True
    return bool(_PER_UNIT_BEFORE.search(text[max(fig.start - 50, s_start) : fig.start]))


def estimate_contradictions(
    prose: str, result: EstimateResult, *, source: str, line_offset: int = 0
) -> list[Problem]:
    """Figures in `prose` that disagree (by more than 2x) with outputs their sentence names."""
    text = blank_out(blank_out(blank_out(prose, FENCE), CODE_SPAN), _PLACEHOLDER)
    lowered = text.lower()
    aliases = [(a, out) for out in result.outputs for a in default_aliases(out)]
    problems: list[Problem] = []
    for s_start, s_end in _sentences(text):
        sentence = lowered[s_start:s_end]
        found: list[tuple[int, int, OutputValue]] = []
        for alias, out in sorted(aliases, key=lambda x: -len(x[0])):
            for m in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", sentence):
                a, b = m.start() + s_start, m.end() + s_start
                if all(b <= x or a >= y for x, y, _ in found):
                    found.append((a, b, out))
        if not found or _HYPOTHETICAL.search(sentence):
            continue
        for m in FIGURE.finditer(text, s_start, s_end):
            fig = figure_of(m)
            if fig is None or _qualified(text, fig, s_start):
                continue
            candidates = []
            for a, _b, out in found:
                if fig.dims == NONE and (out.dims != NONE or a != fig.word_at):
                    continue
                verdict = _matches(out, fig.value, fig)
                if verdict is not None:
                    candidates.append((abs(a - fig.start), verdict, out))
            if not candidates or any(v for _, v, _ in candidates):
                continue
            _, _, out = min(candidates, key=lambda c: c[0])
            problems.append(
                Problem(
                    source=source,
                    message=(
                        f"the text says {fig.text!r} but the estimate gives {out.rounded} for {out.name} "
                        f"(more than {TOLERANCE:g}x apart); {{{{{out.name}}}}} inserts the computed figure"
                    ),
                    line=_line_of(prose, fig.start, line_offset),
                )
            )
    return problems
