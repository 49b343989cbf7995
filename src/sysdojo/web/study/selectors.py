"""Reads of a learner's data: statuses, notes, progress bars, where to continue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sysdojo.web.catalog.models import Page
from sysdojo.web.study.models import Learner, Note, Progress


@dataclass(frozen=True)
class ProgressBar:
    key: str
    label: str
    total: int
    learning: int
    mastered: int

    @property
    def mastered_percent(self) -> int:
        return round(100 * self.mastered / self.total) if self.total else 0

    @property
    def learning_percent(self) -> int:
        return round(100 * self.learning / self.total) if self.total else 0

    @property
    def started(self) -> int:
        return self.learning + self.mastered


def statuses_of(*, learner: Learner | None) -> dict[str, str]:
    if learner is None:
        return {}
    return dict(Progress.objects.filter(learner=learner).values_list("page_id", "status"))


def status_of(*, learner: Learner | None, page_id: str) -> str:
    if learner is None:
        return Progress.Status.NOT_STARTED
    found = Progress.objects.filter(learner=learner, page_id=page_id).values_list("status", flat=True).first()
    return found or Progress.Status.NOT_STARTED


def note_of(*, learner: Learner | None, page_id: str) -> Note | None:
    if learner is None:
        return None
    return Note.objects.filter(learner=learner, page_id=page_id).first()


def notes_of(*, learner: Learner) -> list[Note]:
    return list(Note.objects.filter(learner=learner).exclude(text="").order_by("-updated_at"))


def progress_bars(
    *,
    pages: Iterable[Page],
    statuses: Mapping[str, str],
    key: Callable[[Page], str | None],
    label: Callable[[str], str] = str,
) -> list[ProgressBar]:
    """One bar per value of `key` over the written pages (pages not yet written do not count)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for page in pages:
        group = key(page)
        if group is None or not page.is_written:
            continue
        row = counts[group]
        row[0] += 1
        status = statuses.get(page.id)
        if status == Progress.Status.LEARNING:
            row[1] += 1
        elif status == Progress.Status.MASTERED:
            row[2] += 1
    return [
        ProgressBar(key=group, label=label(group), total=t, learning=lr, mastered=m)
        for group, (t, lr, m) in sorted(counts.items())
    ]


def path_bar(*, path: Page, statuses: Mapping[str, str], written: set[str]) -> ProgressBar:
    stops = [s["id"] for s in path.stops if s["id"] in written]
    return ProgressBar(
        key=path.id,
        label=path.title,
        total=len(stops),
        learning=sum(1 for s in stops if statuses.get(s) == Progress.Status.LEARNING),
        mastered=sum(1 for s in stops if statuses.get(s) == Progress.Status.MASTERED),
    )
