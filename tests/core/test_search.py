"""Full-text search: ranking, prefix matching, safe snippets, and an index replaced atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sysdojo.core.errors import SysdojoError
from sysdojo.core.search import Highlighter, SearchDocument, SearchIndex, search_index_build

DOCS = [
    SearchDocument(
        page_id="caching",
        title="Caching strategy",
        kind="skill",
        headings="Eviction Stampedes",
        body="A cache stampede hits the database.",
        tags="ttl",
    ),
    SearchDocument(
        page_id="redis",
        title="Redis",
        kind="technology",
        headings="Numbers",
        body="Redis keeps data in memory; caching layer.",
        tags="cache",
    ),
    SearchDocument(
        page_id="kafka",
        title="Kafka",
        kind="technology",
        headings="Partitions",
        body="A log of <events> & offsets.",
        tags="log",
    ),
]


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    path = tmp_path / "search.sqlite3"
    assert search_index_build(path=path, documents=DOCS) == 3
    return SearchIndex(path)


def test_title_matches_rank_above_body_matches(index: SearchIndex) -> None:
    hits = index.query("caching")
    assert [h.page_id for h in hits][:2] == ["caching", "redis"]


def test_last_word_is_a_prefix_and_every_word_must_match(index: SearchIndex) -> None:
    assert [h.page_id for h in index.query("cache stamp")] == ["caching"]
    assert index.query("cache kafka") == []


def test_snippets_highlight_and_escape(index: SearchIndex) -> None:
    (hit,) = index.query("events")
    assert "<mark>events</mark>" in hit.snippet_html
    assert "&lt;" in hit.snippet_html and "&amp;" in hit.snippet_html and "<events>" not in hit.snippet_html


def test_punctuation_only_queries_return_nothing(index: SearchIndex) -> None:
    assert index.query('"*) OR (') == []
    assert index.query("") == []


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SysdojoError, match="no search index yet"):
        SearchIndex(tmp_path / "none.sqlite3").query("cache")


def test_rebuild_replaces_the_file_and_open_readers_follow(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite3"
    search_index_build(path=path, documents=DOCS)
    reader = SearchIndex(path)
    assert reader.query("kafka")
    search_index_build(
        path=path, documents=[SearchDocument("flink", "Flink", "technology", "", "", "streams")]
    )
    assert reader.query("kafka") == [] and [h.page_id for h in reader.query("flink")] == ["flink"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["search.sqlite3"]  # no temporary file left


def test_snippet_is_a_window_around_the_first_match() -> None:
    body = "word " * 200 + "hashing keys " + "tail " * 200
    snippet = Highlighter.for_words(["hashing"]).snippet_html(body)
    assert snippet.startswith("…") and snippet.endswith("…") and "<mark>hashing</mark>" in snippet
    assert len(snippet) < 260


@settings(max_examples=200, deadline=None)
@given(query=st.text(max_size=60))
def test_any_query_is_safe(tmp_path_factory: pytest.TempPathFactory, query: str) -> None:
    path = tmp_path_factory.getbasetemp() / "hypothesis-search.sqlite3"
    if not path.exists():
        search_index_build(path=path, documents=DOCS)
    for hit in SearchIndex(path).query(query):
        assert "<script" not in hit.snippet_html
