"""Phrase matching with light normalisation: case, hyphens and spaces, plurals, whole words and numbers.

Both the answer and every phrase go through `norm`: lower case, `-`, `_` and dashes become spaces,
whitespace collapses, Markdown emphasis goes, and each word loses a plural ending (`replicas` ->
`replica`, `policies` -> `policy`) and a final `e` (so `cache` = `caches`). A phrase then matches on
word boundaries; a phrase that
starts or ends with a digit does not match inside a longer number (`302` is not found in `3020`,
`1,302` or `302.5`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sysdojo.core.debrief.answer import Sentence

_SEPARATORS = re.compile(r"[-_\u2010-\u2015\s]+")
_WORD = re.compile(r"[a-z][a-z']*")
_KEEP_S = ("ss", "us", "is", "'s")
# A negation just before a phrase ("we don't need sharding", "not 301") means the point is not made.
_NEGATION = re.compile(
    r"(?:\b(?:no|not|don't|dont|never|nor|won't|isn't|aren't|skip|avoid)\b\s+(?:\S+\s+)?)$"
)


def _singular(word: str) -> str:
    """`caches`, `cache` -> `cach`; `batches`, `batch` -> `batch`; `policies` -> `policy` (both sides
    of a match go through it, so only consistency matters)."""
    if word.endswith("'s"):
        word = word[:-2]
    elif len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_S):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def lower(text: str) -> str:
    """Lower case, hyphens and dashes as spaces, whitespace collapsed (plurals kept): for the regexes."""
    text = text.lower().replace("**", "").replace("`", "").replace("’", "'")
    return _SEPARATORS.sub(" ", text).strip()


def norm(text: str) -> str:
    """`lower`, and each word singular: for phrases."""
    return _WORD.sub(lambda m: _singular(m.group(0)), lower(text))


@functools.lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """The compiled pattern of a normalised phrase (None for an empty one)."""
    p = norm(phrase)
    if not p:
        return None
    left = r"(?<![a-z0-9])(?<![0-9][.,])" if p[0].isdigit() else r"(?<![a-z0-9])"
    right = r"(?![a-z0-9])(?![.,][0-9])" if p[-1].isdigit() else r"(?![a-z0-9])"
    if not p[0].isalnum():
        left = ""
    if not p[-1].isalnum():
        right = ""
    return re.compile(left + re.escape(p) + right)


@dataclass(frozen=True)
class Hit:
    sentence: int  # index into the answer's sentences
    phrase: str
    negated: bool


class Index:
    """The answer's sentences, normalised once and joined, so each phrase is one regex scan."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        parts: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for s in sentences:
            self.starts.append(pos)
            normed = norm(s.text)
            parts.append(normed)
            pos += len(normed) + 3
        self.text = " \n ".join(parts)
        self.sentences = sentences
        self.lowered = [lower(s.text) for s in sentences]
        self._found: dict[str, list[Hit]] = {}

    def find(self, phrase: str) -> list[Hit]:
        """Every occurrence of `phrase` (normalised), each with its sentence; results are memoised."""
        cached = self._found.get(phrase)
        if cached is not None:
            return cached
        pattern = phrase_pattern(phrase)
        hits: list[Hit] = []
        self._found[phrase] = hits
        if pattern is None or norm(phrase) not in self.text:  # a substring test first: most phrases miss
            return hits
        for m in pattern.finditer(self.text):
            i = bisect.bisect_right(self.starts, m.start()) - 1
            before = self.text[max(self.starts[i], m.start() - 24) : m.start()]
            hits.append(Hit(sentence=i, phrase=phrase, negated=bool(_NEGATION.search(before))))
        return hits

    def sentence_norm(self, i: int) -> str:
        end = self.starts[i + 1] - 3 if i + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[i] : end]
