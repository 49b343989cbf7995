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
from sysdojo.core.estimate import EstimateResult
from sysdojo.core.estimate import prose as estimate_prose
from sysdojo.core.estimate.units import NONE, Dims

TOLERANCE = estimate_prose.TOLERANCE

_STOP_TEXT = (
    "a an the of in on at to for and or but so is are was be that that's thats this it its it's we i "
    "our per second sec s day days week month year hour minute min ms about around roughly "
    "approximately approx maybe say let's lets call which gives give total totals average avg mean on "
    "would will with by from into than then there their them each every some just only near nearly "
    "like plus times time x b kb mb gb tb pb eb gbps mbps tbps kbps bps qps rps tps k m bn t thousand "
    "million billion trillion all more less much many very even also up down out new"
)
# Words that mark a variant of a figure; an output carrying one is only chosen when the text says it.
_QUALIFIER_TEXT = (
    "peak 10x 100x scaled small naive worst seed illustrative classic record max upper no without "
    "skiplist listpack if"
)
_CANON = {
    "req": "request", "requests": "request", "query": "request", "queries": "request",
    "op": "request", "ops": "request", "operation": "request",
    "bandwidth": "egress", "traffic": "egress", "throughput": "egress", "download": "egress",
    "ingress": "ingest", "server": "node", "instance": "node", "machine": "node", "box": "node",
    "host": "node", "stored": "storage", "disk": "storage", "msg": "message", "id": "id", "ids": "id",
}  # fmt: skip
_PER_UNIT_TARGET = re.compile(
    r"\bper (?!second|sec\b|s\b|day|month|year|hour|minute|min\b|ms\b|millisecond|week)[a-z]"
)
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
    r"|\beach\b|\bif (?:one|a)\b|\bone\b"
    r"|\bper (?!second|sec\b|s\b|day|month|year|hour|minute|min\b|ms\b|millisecond|week|cent\b)[a-z]+"
    r"|\b(?:node|shard|server|instance|primary|primaries|partition|broker|replica|box|boxes|machine)s? of\s*$"
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
    heads: frozenset[str]  # nouns that can count it: its name's words, each alias's last word
    per_unit: bool  # "IDs per millisecond per worker": a capacity, never a total


def _stem(word: str) -> str:
    """Plural off, a few synonyms merged, then the first five letters ("scored" = "scores")."""
    word = word.lower().strip("'")
    if word not in _CANON:
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    word = _CANON.get(word, word)
    return word if word[0].isdigit() else word[:5]


_STOP = frozenset(_stem(w) for w in _STOP_TEXT.split())
_QUALIFIERS = frozenset(_stem(w) for w in _QUALIFIER_TEXT.split())
_GENERIC = frozenset({_stem("request"), _stem("rate")})


def _words(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z0-9][a-z0-9']*", text.lower().replace("_", " "))]


def _content(words: list[str]) -> frozenset[str]:
    return frozenset(w for w in words if (w not in _STOP and not w[0].isdigit()) or w in ("10x", "100x"))


_PHRASE_END_TEXT = "per at in of on for with and or to is are a an the each from by that which"
_PHRASE_END = frozenset(_PHRASE_END_TEXT.split())


def _noun_phrase(lowered: str, at: int | None) -> list[str]:
    """The stemmed words of a bare count's noun ("12 database nodes" -> database, node), up to 3."""
    if at is None:
        return []
    words: list[str] = []
    for m in re.finditer(r"[a-z][a-z'-]*|[^a-z\s]", lowered[at : at + 60]):
        word = m.group(0)
        if not word[0].isalpha() or word in _PHRASE_END or len(words) == 3:
            break
        words.append(word)
    stemmed = [_stem(w) for w in words]
    return [] if not stemmed or stemmed[0] in _STOP else stemmed


def _targets(result: EstimateResult) -> list[_Target]:
    targets: list[_Target] = []
    aliases_of = estimate_prose.default_aliases
    items = [(o.name, o.label, o.value, o.dims, o.rounded, o.exact, "output", aliases_of(o), o.aliases)
             for o in result.outputs]  # fmt: skip
    items += [(i.name, i.label, i.value, i.dims, i.shown, i.shown, "input", [], ()) for i in result.inputs]
    for order, (name, label, value, dims, rounded, exact, kind, aliases, own) in enumerate(items):
        words = _words(f"{name} {label} {' '.join(own)}")
        content = _content(words)
        raw = re.findall(r"[a-z]+", f"{name} {label}".lower().replace("_", " "))
        periods = frozenset(p for p, names in _PERIOD_WORDS.items() if any(n in raw for n in names))
        heads = frozenset(_words(name)) | {_words(a)[-1] for a in own if _words(a)}
        per_unit = bool(_PER_UNIT_TARGET.search(f"{name.replace('_', ' ')} {label}".lower()))
        targets.append(
            _Target(name, label, value, dims, rounded, exact, kind, order, content - _QUALIFIERS,
                    content & _QUALIFIERS, periods, tuple(aliases), heads - _STOP, per_unit)
        )  # fmt: skip
    return targets


def _agrees(target: _Target, fig: estimate_prose.Figure) -> bool | None:
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


Span = tuple[int, int, _Target, frozenset[str]]  # where an alias names a target, and its words


def _alias_spans(lowered: str, targets: list[_Target]) -> list[Span]:
    """Where outputs are named by alias; longest alias first, no two spans overlapping."""
    pairs = sorted(((a, t) for t in targets for a in t.aliases), key=lambda x: (-len(x[0]), x[1].order))
    taken: list[Span] = []
    for alias, target in pairs:
        if alias not in lowered:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", lowered):
            if all(m.end() <= x or m.start() >= y for x, y, _, _ in taken):
                taken.append((m.start(), m.end(), target, _content(_words(alias)) - _QUALIFIERS))
    return sorted(taken, key=lambda x: x[0])


def _decide(candidates: list[_Target], fig: estimate_prose.Figure) -> tuple[_Target, bool] | None:
    """The first agreeing candidate (right), else the first comparable one (wrong)."""
    verdicts = [(t, _agrees(t, fig)) for t in candidates]
    comparable = [(t, v) for t, v in verdicts if v is not None]
    if not comparable:
        return None
    agreeing = [t for t, v in comparable if v]
    return (agreeing[0], True) if agreeing else (comparable[0][0], False)


def answer_figures(answer: Answer, result: EstimateResult) -> tuple[FigureCheck, ...]:
    """Every figure of the answer that could be tied to the estimate, right or wrong, in text order."""
    text = estimate_prose.blank_out(
        estimate_prose.blank_out(answer.text, estimate_prose.FENCE), estimate_prose.CODE_SPAN
    )
    lowered = text.lower().replace("\n", " ")
    targets = _targets(result)
    spans = _alias_spans(lowered, targets)
    checks: list[FigureCheck] = []
    for sentence in answer.sentences:
        for m in estimate_prose.FIGURE.finditer(text, sentence.start, sentence.end):
            fig = estimate_prose.figure_of(m)
            if fig is None or fig.value == 0 or not math.isfinite(fig.value):
                continue
            if text[max(0, fig.start - 1) : fig.start] == "$" or (
                m.group("bytes") == "B" and (m.group(0)[len(m.group("num")) :].startswith("B"))
            ):
                continue  # money, or "20B" (a count in billions, not twenty bytes)
            if (
                m.group("per")
                and re.search(r"[A-Za-z](?:an?|per)\s*[A-Za-z]+$", m.group(0).rstrip())
                and (not re.search(r"\s(?:an?|per)\s*[A-Za-z]+$", m.group(0).rstrip()))
            ):
                continue  # "3 replicas" read as "3 replic a s"
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


def _clause(lowered: str, s_start: int, fig: estimate_prose.Figure) -> tuple[str, str]:
    """The text of the figure's clause before and after it (commas, 'so', 'which'... end a clause)."""
    before = lowered[s_start : fig.start]
    cuts = list(_CLAUSE.finditer(before))
    before = before[cuts[-1].end() :] if cuts else before
    return before, lowered[fig.end : fig.end + 40]


def _tie(
    fig: estimate_prose.Figure,
    lowered: str,
    s_start: int,
    s_end: int,
    phase: str,
    targets: list[_Target],
    spans: list[Span],
) -> tuple[_Target, bool] | None:
    before, after = _clause(lowered, s_start, fig)
    previous = lowered[s_start : fig.start - len(before)]
    cuts = list(_CLAUSE.finditer(previous[:-1]))
    previous = previous[cuts[-1].end() :] if cuts else previous
    if _PER_UNIT_AFTER.match(after) or _PER_UNIT_BEFORE.search(before) or _PER_UNIT_BEFORE.search(previous):
        return None
    sentence = set(_words(lowered[s_start:s_end]))
    near = set(_words(before)) | set(_words(re.split(r"[,;.]", after, maxsplit=1)[0]))
    strict = _QUALIFIERS - {_stem("peak")}  # "peak" only steers the choice; "10x", "if"... must be said
    comparable = [t for t in targets if _agrees(t, fig) is not None and t.qualifiers & strict <= sentence]
    # 1. An alias attached to the figure.
    attached: list[_Target] = []
    for a, b, target, _words_of_alias in spans:
        if a > fig.end + 30 or b < fig.start - 45:
            continue
        inside = fig.start <= a < fig.end
        after_ok = a >= fig.end and _AFTER_GAP.fullmatch(lowered[fig.end : a]) is not None
        before_ok = b <= fig.start and _BEFORE_GAP.fullmatch(lowered[b : fig.start]) is not None
        if inside or after_ok or before_ok:
            attached.append(target)
    if attached:
        # The peak twin of a named figure, or its variant the sentence qualifies ("at 10x, 116 primaries").
        twins = _twins(attached, comparable)
        twins += [t for t in comparable if t.qualifiers & strict and any(t.words & a.words for a in attached)]
        return _rescue(_decide(attached, fig), twins, frozenset(), fig)
    if phase != "estimation":
        return None
    if fig.period is not None and fig.period >= 86_400 and fig.value * fig.period < 1000:
        return None  # "10 requests a day": one user's habit, not a total
    if fig.dims == (1, 0, 0) and fig.value < 100e6:
        return None  # "500 B", "3 KB": the size of one item
    # 2. The figure's own words against the targets' words.
    own = _words(lowered[fig.start : fig.end])
    usable = [t for t in comparable if not t.per_unit]
    if fig.dims == NONE:  # a bare count: only its noun ("12 database nodes") can name it
        words = _noun_phrase(lowered, fig.word_at)
        head = words[-1] if words else ""
        named = [t for t in usable if t.kind == "output" and head in t.heads]
        context = _content(words)
        also = [t for t in comparable if t.kind == "input" and head in t.heads]
    else:
        of = re.match(r"\s+of\s+((?:[a-z-]+\s*){1,3})", lowered[fig.end : fig.end + 40])
        context = _content(own) | _content(_words(before)[-4:])
        context |= _content(_words(of.group(1))) if of else frozenset()
        outputs = [t for t in usable if t.kind == "output"]
        if context:
            named = [t for t in outputs if t.words & context]
            if not named and context & _GENERIC:
                named = [t for t in outputs if _RATE_NAME.search(t.name)]
            # Restating an assumption of the case, or a figure the sentence names more fully.
            also = [
                t for t in comparable if t.words & context and len(t.words & sentence) >= min(2, len(t.words))
            ]
        else:  # 3. a figure with no noun: wrong only if it matches nothing of its dimension
            named, also = outputs, comparable
    if not named:
        return None

    def rank(t: _Target) -> tuple[int, float, int]:
        return (-len(t.words & context), -len(t.words & context) / max(1, len(t.words)), t.order)

    named.sort(key=rank)
    best = [t for t in named if rank(t)[:2] == rank(named[0])[:2]]
    peak = _stem("peak")
    if peak in near and any(peak in t.qualifiers for t in best):
        best = [t for t in best if peak in t.qualifiers]
    elif near & {_stem("average"), _stem("avg"), _stem("mean")}:
        best = [t for t in best if peak not in t.qualifiers] or best
    verdict = _rescue(_decide(best, fig), also, context, fig)
    return _rescue(verdict, _twins(best, comparable), frozenset(), fig)


def _twins(named: list[_Target], comparable: list[_Target]) -> list[_Target]:
    """The peak and average versions of the named figures (people often quote one for the other)."""
    keys = set()
    for t in named:
        keys |= {t.name.removeprefix("peak_"), t.label.lower().removeprefix("peak ")}
        keys |= {t.name.replace("avg_", "").replace("average_", ""), t.label.lower().removeprefix("average ")}
    return [
        t for t in comparable
        if t.name.removeprefix("peak_") in keys or t.label.lower().removeprefix("peak ") in keys
        or "peak_" + t.name in keys
    ]  # fmt: skip


def _rescue(
    verdict: tuple[_Target, bool] | None,
    others: list[_Target],
    context: frozenset[str],
    fig: estimate_prose.Figure,
) -> tuple[_Target, bool] | None:
    """Before calling a figure wrong, accept it if another figure its words name agrees with it."""
    if verdict is None or verdict[1]:
        return verdict
    for t in others:
        if not t.per_unit and (t.words & context or not context) and _agrees(t, fig):
            return t, True
    return verdict
