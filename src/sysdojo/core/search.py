"""Full-text search over the curriculum: an SQLite FTS5 index in its own file.

The index is built at sync into a temporary file and moved into place, so readers never see a
half-built index, and it answers the same whatever database the web app uses.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sysdojo.core.errors import SysdojoError

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchDocument:
    page_id: str
    title: str
    kind: str
    headings: str
    body: str
    tags: str


@dataclass(frozen=True)
class SearchHit:
    page_id: str
    title: str
    kind: str
    snippet_html: str
    rank: float


def search_index_build(*, path: Path, documents: Iterable[SearchDocument]) -> int:
    """Write a fresh index to `path` atomically; returns the number of documents indexed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".search-", suffix=".sqlite3", dir=path.parent)
    os.close(fd)
    count = 0
    try:
        with sqlite3.connect(tmp_name) as db:
            db.execute(
                "CREATE VIRTUAL TABLE pages USING fts5("
                "page_id UNINDEXED, kind UNINDEXED, title, headings, tags, body, "
                "tokenize = 'porter unicode61 remove_diacritics 2')"
            )
            for doc in documents:
                db.execute(
                    "INSERT INTO pages (page_id, kind, title, headings, tags, body) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (doc.page_id, doc.kind, doc.title, doc.headings, doc.tags, doc.body),
                )
                count += 1
            db.execute("INSERT INTO pages (pages) VALUES ('optimize')")
        db.close()
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count


def _query_words(query: str) -> list[str]:
    return _TOKEN.findall(query.lower())[:12]


def _match_expression(query: str) -> str:
    """Turn what a person types into a safe FTS5 query: every word must appear, the last (from three
    letters on) as a prefix, so search-as-you-type finds "consistent hash" before the word is done."""
    words = _query_words(query)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= 3:  # "c*" would expand to thousands of terms for no useful ranking
        quoted[-1] += "*"
    return " ".join(quoted)


_SUFFIXES = ("ing", "ed", "es", "s")


def _stems(words: list[str]) -> list[str]:
    """Loose, porter-like stems for highlighting: 'hashing' also marks 'hash' and 'hashes'."""
    return [
        next((word[: -len(x)] for x in _SUFFIXES if word.endswith(x) and len(word) - len(x) >= 3), word)
        for word in words
    ]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Highlighter:
    """Snippets for one query: compiled once, applied to each hit."""

    stems: tuple[str, ...]
    pattern: re.Pattern[str]

    @classmethod
    def for_words(cls, words: list[str]) -> Highlighter:
        stems = tuple(sorted(set(_stems(words)), key=len, reverse=True))
        alternation = "|".join(re.escape(stem) for stem in stems)
        return cls(stems=stems, pattern=re.compile(r"\b(?:" + alternation + r")\w*", re.IGNORECASE))

    def snippet_html(self, body: str, *, width: int = 200) -> str:
        """About `width` characters of `body` around the first match, matches in <mark>, escaped.

        Done here rather than with FTS5's snippet(), which re-tokenizes whole documents (about 0.3 ms
        per hit on 2,000-word pages); str.find to locate the window, the regex only inside it.
        """
        # Lower-casing a 15 KB body per hit cost more than the query; the spellings a word really takes
        # in prose (lower, Capitalised, UPPER) are found directly instead.
        spellings = {form for stem in self.stems for form in (stem, stem.capitalize(), stem.upper())}
        found = [position for position in (body.find(form) for form in spellings) if position >= 0]
        first = min(found) if found else 0
        start = max(0, first - width // 3)
        if start:
            start = body.find(" ", start) + 1 or start
        end = min(len(body), start + width)
        if end < len(body):
            space = body.rfind(" ", start, end)
            end = space if space > start else end
        window = body[start:end]
        parts, last = [], 0
        for match in self.pattern.finditer(window):
            parts += [_escape(window[last : match.start()]), "<mark>", _escape(match.group(0)), "</mark>"]
            last = match.end()
        parts.append(_escape(window[last:]))
        return ("…" if start else "") + "".join(parts) + ("…" if end < len(body) else "")


class SearchIndex:
    """Read-only connections to the index file (one per thread), reopened when sync replaces the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection | None:
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            return None
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or inode != getattr(self._local, "inode", None):
            if db is not None:
                db.close()
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self._local.db, self._local.inode = db, inode
        return db

    def query(self, text: str, *, limit: int = 20) -> list[SearchHit]:
        expression = _match_expression(text)
        if not expression:
            return []
        db = self._connection()
        if db is None:
            raise SysdojoError.at(str(self.path), "no search index yet: run `sysdojo content sync`")
        # Weights: title 10, headings 5, tags 4, body 1 (page_id and kind are unindexed).
        # Rank first, then read the bodies of the top hits only (bodies are most of the bytes).
        rows = db.execute(
            "SELECT p.page_id, p.title, p.kind, p.body, t.rank FROM "
            "(SELECT rowid AS id, bm25(pages, 0, 0, 10.0, 5.0, 4.0, 1.0) AS rank FROM pages "
            " WHERE pages MATCH ? ORDER BY rank LIMIT ?) AS t "
            "JOIN pages AS p ON p.rowid = t.id ORDER BY t.rank",
            (expression, limit),
        ).fetchall()
        highlighter = Highlighter.for_words(_query_words(text))
        return [
            SearchHit(
                page_id=r[0], title=r[1], kind=r[2], snippet_html=highlighter.snippet_html(r[3]), rank=r[4]
            )
            for r in rows
        ]
