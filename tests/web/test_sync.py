"""The content sync: idempotent, incremental, keeps removed pages' rows and learners' history, refuses
invalid content whole, and rebuilds the search index atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sysdojo.core.errors import SysdojoError
from sysdojo.web.catalog.models import Page
from sysdojo.web.catalog.selectors import pages_search
from sysdojo.web.catalog.services import curriculum_sync
from sysdojo.web.study.models import Learner, Progress

from .conftest import FIXTURE_CONTENT

pytestmark = pytest.mark.django_db

NEW_PAGE = """---
id: bloom-filters
kind: concept
title: Bloom filters
area: data-storage
phase: 4
priority: medium
depth: intermediate
summary: Set membership with a false-positive rate.
related: [caching]
tags: [probabilistic]
---

A bloom filter answers "maybe" or "definitely not" about quarkonium membership.

## What it is
A bit array and k hash functions.

## How it works
Set k bits on insert; test k bits on lookup.

## Trade-offs
False positives, no deletion.

## When not to use it
When a false positive is expensive.

## Common mistakes
Sizing it without the expected count.

## Interview probes

### How big should it be?
About 10 bits per element for a 1% false-positive rate.

## Mastery check
You size a filter for a billion keys.

## Flashcards

```flashcards
- q: What does a bloom filter never return?
  a: A false negative.
```

## Quiz

```quiz
- prompt: Can a bloom filter delete a key?
  choices: [Yes, No]
  answer: No
  explanation: Clearing a bit may clear it for other keys.
```
"""
NEW_PLAN_ROW = (
    "- {id: bloom-filters, kind: concept, title: Bloom filters, area: data-storage, phase: 4, "
    "priority: medium, depth: intermediate, summary: Probabilistic membership.}\n"
)


REDIS_PAGE = """---
id: redis
kind: technology
title: Redis
area: data-storage
phase: 3
priority: high
depth: intermediate
summary: In-memory data structures.
related: [caching]
tags: [cache]
---

An in-memory data structure server.

## What it is
A single-threaded key-value store with rich types.

## How it works
An event loop serves commands from memory.

## Numbers to know
About 100k operations per second per core.

## When to use it
Caches, counters, leaderboards.

## When not to use it
As the only copy of data that must survive.

## Trade-offs
Speed for durability.

## Failure modes
A full memory evicts keys.

## Common mistakes
No eviction policy.

## Interview probes

### What if the node dies?
Replicas take over; some writes may be lost.

## Mastery check
You size a Redis cluster.

## Flashcards

```flashcards
- q: Is Redis multi-threaded for commands?
  a: No, one thread runs them.
```

## Quiz

```quiz
- prompt: Where does Redis keep data?
  choices: [Memory, Disk]
  answer: Memory
  explanation: Disk is for persistence only.
```
"""


def rows() -> dict[str, dict[str, Any]]:
    return {row["id"]: dict(row) for row in Page.objects.values()}


def hashes() -> dict[str, str]:
    return dict(Page.objects.values_list("id", "sync_hash"))


def add_new_page(content: Path) -> None:
    (content / "concepts" / "bloom-filters.md").write_text(NEW_PAGE, encoding="utf-8")
    with (content / "plan.yaml").open("a", encoding="utf-8") as plan:
        plan.write(NEW_PLAN_ROW)


def remove_new_page(content: Path) -> None:
    (content / "concepts" / "bloom-filters.md").unlink()
    plan = (content / "plan.yaml").read_text(encoding="utf-8")
    (content / "plan.yaml").write_text(plan.replace(NEW_PLAN_ROW, ""), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sync_is_idempotent(content_copy: Path) -> None:
    curriculum_sync(content_dir=content_copy)
    before = hashes()
    index = Path(settings.SEARCH_INDEX)
    inode = index.stat().st_ino
    report = curriculum_sync(content_dir=content_copy)
    assert report.rendered == 0
    assert report.unchanged == 5
    assert report.planned == 2
    assert report.removed == 0
    assert report.indexed == 0  # the index is not rebuilt when nothing changed
    assert hashes() == before
    assert index.stat().st_ino == inode


def test_the_session_sync_left_the_fixture_content_in_place() -> None:
    report = curriculum_sync(content_dir=FIXTURE_CONTENT)
    assert (report.rendered, report.unchanged) == (0, 5)


def test_editing_one_page_renders_only_that_page(content_copy: Path) -> None:
    curriculum_sync(content_dir=content_copy)
    before = rows()
    rendered: list[str] = []
    edit(
        content_copy / "concepts" / "idempotency.md",
        "stores the first response",
        "stores the zanzibarite response",
    )
    report = curriculum_sync(content_dir=content_copy, progress=rendered.append)
    assert report.rendered == 1
    assert rendered == ["idempotency"]
    after = rows()
    assert after["idempotency"]["sync_hash"] != before["idempotency"]["sync_hash"]
    assert "zanzibarite" in after["idempotency"]["html"]
    for page_id in ("caching", "track-first-time", "redis", "consistent-hashing"):
        assert after[page_id]["sync_hash"] == before[page_id]["sync_hash"], page_id
        assert after[page_id]["html"] == before[page_id]["html"]


def test_a_new_page_re_renders_the_pages_whose_links_change(content_copy: Path) -> None:
    """Writing redis turns every link to it from "coming" into a real link: those pages render again."""
    curriculum_sync(content_dir=content_copy)
    assert 'href="/learn/redis/" class="sd-coming"' in Page.objects.get(pk="caching").html
    (content_copy / "technologies").mkdir()
    (content_copy / "technologies" / "redis.md").write_text(REDIS_PAGE, encoding="utf-8")
    rendered: list[str] = []
    report = curriculum_sync(content_dir=content_copy, progress=rendered.append)
    assert "redis" in rendered and "caching" in rendered and "track-first-time" in rendered
    assert report.rendered == len(rendered)
    caching = Page.objects.get(pk="caching")
    assert 'href="/learn/redis/" class="sd-coming"' not in caching.html
    assert 'href="/learn/redis/"' in caching.html
    assert Page.objects.get(pk="redis").state == Page.State.WRITTEN


def test_a_removed_page_keeps_its_row_and_the_learners_progress(content_copy: Path, client: Client) -> None:
    add_new_page(content_copy)
    curriculum_sync(content_dir=content_copy)
    assert client.post("/learn/bloom-filters/status", {"status": "mastered"}).status_code == 302
    learner = Learner.objects.get()
    assert [h.page_id for h in pages_search(query="quarkonium")] == ["bloom-filters"]

    remove_new_page(content_copy)
    report = curriculum_sync(content_dir=content_copy)

    assert report.removed == 1
    page = Page.objects.get(pk="bloom-filters")
    assert page.state == Page.State.REMOVED
    assert page.title == "Bloom filters"  # kept, so the learner's history still has a name
    assert Progress.objects.get(learner=learner, page_id="bloom-filters").status == "mastered"
    assert client.get("/learn/bloom-filters/").status_code == 404
    assert "bloom-filters" not in {p["id"] for p in client.get("/api/pages").json()}
    assert "Bloom filters" not in client.get("/").content.decode()
    assert pages_search(query="quarkonium") == []
    assert [p["page_id"] for p in client.get("/api/progress").json()] == ["bloom-filters"]
    assert curriculum_sync(content_dir=content_copy).removed == 0  # removed once, not again

    add_new_page(content_copy)  # coming back renders it again
    rendered: list[str] = []
    curriculum_sync(content_dir=content_copy, progress=rendered.append)
    assert "bloom-filters" in rendered
    assert Page.objects.get(pk="bloom-filters").state == Page.State.WRITTEN
    assert 'data-status="mastered"' in client.get("/").content.decode()


def test_invalid_content_refuses_the_whole_sync(content_copy: Path) -> None:
    curriculum_sync(content_dir=content_copy)
    before = rows()
    index = Path(settings.SEARCH_INDEX)
    stat = index.stat()
    # One good change and one bad page: neither may reach the database.
    edit(
        content_copy / "concepts" / "idempotency.md",
        "stores the first response",
        "stores the zanzibarite response",
    )
    edit(content_copy / "skills" / "caching.md", "priority: high", "priority: urgent")
    add_new_page(content_copy)
    with pytest.raises(SysdojoError) as exc:
        curriculum_sync(content_dir=content_copy)
    message = str(exc.value)
    assert "caching.md" in message and "priority" in message
    assert rows() == before
    assert index.stat().st_ino == stat.st_ino and index.stat().st_mtime_ns == stat.st_mtime_ns
    assert pages_search(query="zanzibarite") == []


def test_a_broken_plan_refuses_the_sync(content_copy: Path) -> None:
    before = rows()
    (content_copy / "plan.yaml").write_text("- {id: caching}\n", encoding="utf-8")
    with pytest.raises(SysdojoError) as exc:
        curriculum_sync(content_dir=content_copy)
    assert "plan.yaml" in str(exc.value)
    assert rows() == before


def test_the_search_index_is_rebuilt_atomically(content_copy: Path, client: Client) -> None:
    curriculum_sync(content_dir=content_copy)
    index = Path(settings.SEARCH_INDEX)
    inode = index.stat().st_ino
    assert pages_search(query="zanzibarite") == []  # a reader holds the old file open
    edit(content_copy / "skills" / "caching.md", "Named technology, TTL", "Named technology, zanzibarite TTL")
    report = curriculum_sync(content_dir=content_copy)
    assert report.indexed == 3
    assert index.stat().st_ino != inode  # a new file moved into place, not the old one rewritten
    assert [h.page_id for h in pages_search(query="zanzibarite")] == ["caching"]
    assert 'href="/learn/caching/"' in client.get("/search/?q=zanzibarite").content.decode()
    assert [h["page_id"] for h in client.get("/api/search", {"q": "zanzibarite"}).json()] == ["caching"]
    assert not [p for p in index.parent.iterdir() if p.name.startswith(".search-")]  # no temporary left
    # Restoring the fixture content drops the word again.
    curriculum_sync(content_dir=FIXTURE_CONTENT)
    assert pages_search(query="zanzibarite") == []
    assert os.path.exists(index)
