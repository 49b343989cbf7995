"""Figures in an answer checked against the case's estimate: "you said 4,000 reads/s; it is ~19K/s".

Built on the estimate engine's prose reader (`sysdojo.core.estimate.prose`): the same figure grammar
(`20K QPS`, `5 TB`, `40 GB per day`, `400 servers`), the same aliases for outputs (`reads per second`
for `read_qps`) and the same 2x tolerance. The page check there is written for authored prose and
compares a figure with every output its sentence names; a candidate's answer is looser, so a figure
is tied to an estimate figure in three steps, most trusted first:

1. an alias attached to the figure, anywhere in the answer ("20K redirects per second",
   "storage: 15 TB", "45 TB of link data");
2. in the estimation phase, the figure's own words ("3,500 *requests* per second", "100 GB/s of
   *bandwidth*") against the words of each output's and input's name and label; a generic noun
   ("requests per second") falls back to every `*_qps` output;
3. in the estimation phase, a figure with no noun at all ("1 TB per day") against every estimate
   figure of its dimension.

Qualifiers have to agree: a figure near "peak" is read against peak outputs, and an output qualified
by "peak", "10x", "scaled-down"... is only chosen when the sentence says so. A figure stated per unit
("10K requests per second per node", "4.1M per second each") is a capacity, not a total, and is skipped.
A figure is wrong only when every candidate of its step differs by more than 2x; it is right when one
agrees.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sysdojo.core.debrief.answer import Answer
from sysdojo.core.debrief.match import lower
from sysdojo.core.estimate import EstimateResult
from sysdojo.core.estimate import prose as estimate_prose
from sysdojo.core.estimate.units import NONE, RATE, Dims

TOLERANCE = estimate_prose.TOLERANCE

_STOP = frozenset(
    "a an the of in on at to for and or but so is are was be that that's thats this it its it's we i "
    "our per second sec s day days week month year hour minute min ms about around roughly approximately "
    "approx maybe say let's lets call which gives give total totals average avg mean on would will "
    "with by from into than then there their them each every some just only near nearly like plus "
    "times time x b kb mb gb tb pb eb gbps mbps tbps kbps bps qps rps tps k m bn t thousand million "
    "billion trillion if all more less much many very even also up down out new".split()
)
# Words that mark a variant of a figure; an output carrying one is only chosen when the text says it.
_QUALIFIERS = frozenset(
    "peak 10x 100x scaled small naive worst seed illustrative classic record max upper no without "
    "skiplist listpack replicas replica replicated copy copies raw".split()
)
_CANON = {
    "req": "request", "requests": "request", "query": "request", "queries": "request", "call": "request",
    "op": "request", "ops": "request", "operation": "request", "hit": "request",
    "bandwidth": "egress", "traffic": "egress", "throughput": "egress", "download": "egress",
    "ingress": "ingest", "server": "node", "instance": "node", "machine": "node", "box": "node",
    "host": "node", "stored": "storage", "disk": "storage", "msg": "message", "id": "id", "ids": "id",
}  # fmt: skip
_GENERIC = frozenset({"request", "load", "rate"})
_RATE_NAME = re.compile(r"_(?:qps|rps|tps)$")
_PER_UNIT_AFTER = re.compile(
    r"^\s*(?:(?:per|a|/|for each|on each|on one|on a)\s*(?:single\s+)?(?:\w+\s+)?"
    r"(?:node|server|instance|shard|box|worker|host|core|machine|partition|primary|broker|pod|replica|"
    r"process|connection|user|device|client|stream|call|key|member|gateway|consumer|thread|region)s?\b"
    r"|each\b|apiece\b)"
)
_PER_UNIT_BEFORE = re.compile(
    r"\b(?:each|every|one|a single|single|per)\s+(?:[a-z0-9-]+\s+)?"
    r"(?:node|server|instance|shard|box|worker|host|core|machine|partition|primary|broker|pod|replica|"
    r"process|connection|user|device|client|stream|key|member|gateway|consumer|thread)s?\b"
    r"|\beach\b|\bif (?:one|a)\b"
)
_CLAUSE = re.compile(r"[,;:()\[\]]|\bso\b|\bwhich\b|\band\b|\bbut\b|\bwhile\b|\bwhere\b")
_PERIOD_WORDS = {86_400.0: ("day", "daily"), 30 * 86_400.0: ("month", "monthly"),
                 365 * 86_400.0: ("year", "yearly", "annual"), 3600.0: ("hour", "hourly")}  # fmt: skip
_AFTER_GAP = re.compile(r"\s*(?:(?:of|in|for|on|the|a|new|total|average|on average|at peak|worth of)\s+)*")
_BEFORE_GAP = re.compile(
    r"[\s:=≈~(,]*(?:(?:is|are|was|of|at|about|around|roughly|approximately|approx|would|will|be|comes|to|"
    r"gives?|needs?|totals?|reach(?:es)?|call|it|that|that's|so|we|get|near|nearly|some|just|only|"
    r"averages?|peaks?|hits?|under|over|up|of)[\s:=≈~,]+)*"
)


@dataclass(frozen=True)
class FigureCheck:
    """One figure of the answer read against one figure of the estimate."""

    said: str  # the figure as written
    line: int
    phase: str
    sentence: str
    name: str  # the estimate input or output it was read against
    label: str
    expected: str  # the estimate's figure, rounded ("~19K/s")
    exact: str
    ratio: float  # said / expected
    ok: bool
    kind: str  # "output" or "input" (an assumption that differs from the case's)

    @property
    def message(self) -> str:
        what = self.label or self.name.replace("_", " ")
        if self.ok:
            return f"you said {self.said}; the estimate agrees ({self.expected}, {what})"
        if self.kind == "input":
            return f"you assumed {self.said}; the case assumes {self.expected} ({what})"
        return f"you said {self.said}; the estimate gives {self.expected} ({what})"


@dataclass(frozen=True)
class _Target:
    name: str
    label: str
    value: float
    dims: Dims
    rounded: str
    exact: str
    kind: str
    order: int
    words: frozenset[str]
    qualifiers: frozenset[str]
    periods: frozenset[float]  # periods its name or label mentions ("per day")
    aliases: tuple[str, ...]


def _stem(word: str) -> str:
    word = word.lower().strip("'")
    if word in _CANON:
        return _CANON[word]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _CANON.get(word, word)


def _words(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z0-9][a-z0-9']*", text.lower().replace("_", " "))]


def _content(words: list[str]) -> frozenset[str]:
    return frozenset(w for w in words if w not in _STOP and not w[0].isdigit() or w in ("10x", "100x"))


def _targets(result: EstimateResult) -> list[_Target]:
    targets: list[_Target] = []
    items = [(o.name, o.label, o.value, o.dims, o.rounded, o.exact, "output", estimate_prose.default_aliases(o))
             for o in result.outputs]  # fmt: skip
    items += [(i.name, i.label, i.value, i.dims, i.shown, i.shown, "input", []) for i in result.inputs]
    for order, (name, label, value, dims, rounded, exact, kind, aliases) in enumerate(items):
        words = _words(f"{name} {label} {' '.join(aliases)}")
        content = _content(words)
        periods = frozenset(p for p, names in _PERIOD_WORDS.items() if any(n in words for n in names))
        targets.append(
            _Target(name, label, value, dims, rounded, exact, kind, order, content - _QUALIFIERS,
                    content & _QUALIFIERS, periods, tuple(aliases))
        )  # fmt: skip
    return targets


def _agrees(target: _Target, fig: estimate_prose._Figure) -> bool | None:
    """True/False when comparable (within 2x or not), None when the figure cannot be this target."""
    value = fig.value
    if fig.dims != target.dims:
        # "40 GB per day" also reads as an amount, but only against a figure that is "per day" itself.
        if fig.period is None or fig.period not in target.periods:
            return None
        if (target.dims[0], target.dims[1] - 1, target.dims[2]) != fig.dims:
            return None
        value = fig.value * fig.period
    if target.value == 0 or value == 0:
        return target.value == value
    if (target.value > 0) != (value > 0):
        return False
    return abs(math.log(abs(value) / abs(target.value))) <= math.log(TOLERANCE)


def _alias_spans(lowered: str, targets: list[_Target]) -> list[tuple[int, int, _Target]]:
    """Where outputs are named by alias; longest alias first, no two spans overlapping."""
    pairs = sorted(((a, t) for t in targets for a in t.aliases), key=lambda x: (-len(x[0]), x[1].order))
    taken: list[tuple[int, int, _Target]] = []
    for alias, target in pairs:
        for m in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", lowered):
            if all(m.end() <= x or m.start() >= y for x, y, _ in taken):
                taken.append((m.start(), m.end(), target))
    return sorted(taken, key=lambda x: x[0])


def _decide(candidates: list[_Target], fig: estimate_prose._Figure) -> tuple[_Target, bool] | None:
    """The first agreeing candidate (right), else the first comparable one (wrong)."""
    verdicts = [(t, _agrees(t, fig)) for t in candidates]
    comparable = [(t, v) for t, v in verdicts if v is not None]
    if not comparable:
        return None
    agreeing = [t for t, v in comparable if v]
    return (agreeing[0], True) if agreeing else (comparable[0][0], False)


def answer_figures(answer: Answer, result: EstimateResult) -> tuple[FigureCheck, ...]:
    """Every figure of the answer that could be tied to the estimate, right or wrong, in text order."""
    text = estimate_prose._blank(
        estimate_prose._blank(answer.text, estimate_prose._FENCE), estimate_prose._CODE
    )
    lowered = text.lower().replace("\n", " ")
    targets = _targets(result)
    spans = _alias_spans(lowered, targets)
    checks: list[FigureCheck] = []
    for sentence in answer.sentences:
        for m in estimate_prose._FIGURE.finditer(text, sentence.start, sentence.end):
            fig = estimate_prose._figure(m)
            if fig is None or fig.value == 0 or not math.isfinite(fig.value):
                continue
            found = _tie(fig, lowered, sentence.start, sentence.end, sentence.phase, targets, spans)
            if found is None:
                continue
            target, ok = found
            value = fig.value
            if fig.dims != target.dims and fig.period is not None:
                value *= fig.period
            checks.append(
                FigureCheck(
                    said=" ".join(fig.text.split()),
                    line=answer.line_at(fig.start),
                    phase=sentence.phase,
                    sentence=sentence.text,
                    name=target.name,
                    label=target.label,
                    expected=target.rounded,
                    exact=target.exact,
                    ratio=round(value / target.value, 4) if target.value else 0.0,
                    ok=ok,
                    kind=target.kind,
                )
            )
    return tuple(checks)


def _clause(lowered: str, s_start: int, fig: estimate_prose._Figure) -> tuple[str, str]:
    """The text of the figure's clause before and after it (commas, 'so', 'which'... end a clause)."""
    before = lowered[s_start : fig.start]
    cuts = list(_CLAUSE.finditer(before))
    before = before[cuts[-1].end() :] if cuts else before
    return before, lowered[fig.end : fig.end + 40]


def _tie(
    fig: estimate_prose._Figure,
    lowered: str,
    s_start: int,
    s_end: int,
    phase: str,
    targets: list[_Target],
    spans: list[tuple[int, int, _Target]],
) -> tuple[_Target, bool] | None:
    before, after = _clause(lowered, s_start, fig)
    if _PER_UNIT_AFTER.match(after) or _PER_UNIT_BEFORE.search(before):
        return None
    # 1. An alias attached to the figure.
    attached = []
    for a, b, target in spans:
        if a > fig.end + 30 or b < fig.start - 45:
            continue
        inside = fig.start <= a < fig.end
        after_ok = a >= fig.end and _AFTER_GAP.fullmatch(lowered[fig.end : a]) is not None
        before_ok = b <= fig.start and _BEFORE_GAP.fullmatch(lowered[b : fig.start]) is not None
        if inside or after_ok or before_ok:
            attached.append(target)
    if attached:
        return _decide(attached, fig)
    if phase != "estimation":
        return None
    # 2. The figure's own words against the targets' words.
    window = lowered[max(s_start, fig.start - 60) : min(s_end, fig.end + 30)]
    said = set(_words(window))
    own = _words(lowered[fig.start : fig.end + (25 if fig.dims == NONE else 0)])
    if fig.dims == NONE:  # a bare count: only its noun ("12 database nodes") can name it
        context = _content(own[1:3])
    else:
        of = re.match(r"\s+of\s+((?:[a-z-]+\s*){1,3})", lowered[fig.end : fig.end + 40])
        context = _content(own) | _content(_words(before)[-4:])
        context |= _content(_words(of.group(1))) if of else frozenset()
    comparable = [t for t in targets if _agrees(t, fig) is not None]
    inputs = [t for t in comparable if t.kind == "input"]
    outputs = [t for t in comparable if t.kind == "output" and t.qualifiers <= said]
    if "peak" in said and any("peak" in t.qualifiers for t in outputs):
        outputs = [t for t in outputs if "peak" in t.qualifiers]
    if context:
        named = [t for t in outputs if t.words & context]
        if not named and context & _GENERIC:
            named = [t for t in outputs if _RATE_NAME.search(t.name)]
        # Restating an assumption of the case ("500 B a row") is never wrong.
        also = [t for t in inputs if t.words & context]
    elif fig.dims == NONE:
        return None
    else:  # 3. a figure with no noun: wrong only if it matches nothing of its dimension
        named = outputs
        also = [t for t in comparable if t not in outputs]
    if not named:
        return None
    named.sort(key=lambda t: (-len(t.words & context), t.order))
    best = [t for t in named if len(t.words & context) == len(named[0].words & context)]
    verdict = _decide(best, fig)
    if verdict is not None and not verdict[1]:
        agreeing = next((t for t in also if _agrees(t, fig)), None)
        if agreeing is not None:
            return agreeing, True
    return verdict
