"""The curriculum as a whole: the bundled content passes, and every cross-page rule is enforced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sysdojo.core.content.curriculum import curriculum_load
from sysdojo.paths import content_dir

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "content"
CATALOG = Path(__file__).resolve().parents[4] / "shared" / "catalog" / "curriculum.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURES, target)
    return target


def messages(folder: Path) -> list[str]:
    return [str(p) for p in curriculum_load(folder).problems]


def test_bundled_curriculum_has_no_problem() -> None:
    curriculum = curriculum_load(content_dir())
    assert [str(p) for p in curriculum.problems] == []
    assert len(curriculum.plan) >= 320


def test_plan_matches_the_spec_catalog() -> None:
    """Ids, kinds and placement of content/plan.yaml are exactly the catalog's."""
    if not CATALOG.exists():
        pytest.fail(f"the spec catalog is missing at {CATALOG}: CI runs with ../shared beside the clone")
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    plan = curriculum_load(content_dir()).plan
    assert [e["id"] for e in catalog] == list(plan)
    for entry in catalog:
        row = plan[entry["id"]]
        assert (row.kind, row.phase, row.tier) == (entry["kind"], entry.get("phase"), entry.get("tier"))


def test_fixture_curriculum_loads(content: Path) -> None:
    curriculum = curriculum_load(content)
    assert curriculum.problems == ()
    assert set(curriculum.pages) == {"caching", "idempotency", "track-first-time"}
    assert not curriculum.is_written("redis") and curriculum.title_of("redis") == "Redis"


def test_duplicate_id(content: Path) -> None:
    (content / "concepts" / "caching.md").write_text((content / "skills" / "caching.md").read_text())
    found = messages(content)
    assert any("duplicate id 'caching'" in m for m in found)


def test_related_id_must_resolve(content: Path) -> None:
    page = content / "skills" / "caching.md"
    page.write_text(page.read_text().replace("related: [redis,", "related: [redix,"))
    line = page.read_text().splitlines().index("related: [redix, consistent-hashing, idempotency]") + 1
    assert f"{page}:{line}: related: 'redix' is not a page of the curriculum" in messages(content)


def test_link_must_resolve(content: Path) -> None:
    page = content / "skills" / "caching.md"
    page.write_text(page.read_text().replace("[Redis](redis)", "[Redis](rediss)"))
    line = next(n for n, text in enumerate(page.read_text().splitlines(), 1) if "(rediss)" in text)
    assert f"{page}:{line}: link: link to 'rediss', which is not a page of the curriculum" in messages(
        content
    )


def test_path_stop_must_exist(content: Path) -> None:
    page = content / "paths" / "track-first-time.md"
    page.write_text(page.read_text().replace("- id: redis", "- id: redis-cluster"))
    assert any("stops: stop 'redis-cluster' is not a page of the curriculum" in m for m in messages(content))


def test_stop_not_written_yet_is_fine(content: Path) -> None:
    assert messages(content) == []  # the fixture path stops at 'redis', which is planned but not written


def test_file_name_folder_and_plan_kind(content: Path) -> None:
    (content / "skills" / "caching.md").rename(content / "skills" / "cache.md")
    shutil.move(content / "concepts" / "idempotency.md", content / "skills" / "idempotency.md")
    found = messages(content)
    assert any("id 'caching' must match the file name 'cache.md'" in m for m in found)
    assert any("a concept page belongs in content/concepts/" in m for m in found)


def test_page_missing_from_plan(content: Path) -> None:
    page = content / "skills" / "caching.md"
    (content / "skills" / "sharding.md").write_text(page.read_text().replace("id: caching", "id: sharding"))
    assert any("'sharding' is not in content/plan.yaml" in m for m in messages(content))
