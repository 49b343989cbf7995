"""Writes to a learner's data: who the learner is, progress, notes, merging on login.

Every write is a short transaction, and conflicting writes are settled by conditional UPDATEs on
`updated_at` rather than row locks, so SQLite under concurrent writers behaves like PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sysdojo.web.study.models import Learner, Note, Progress

SESSION_KEY = "sysdojo_learner"
NOTE_MAX_CHARS = 100_000
MERGED_NOTE_SEPARATOR = "\n\n---\n*Merged from notes written before signing in:*\n\n"


def learner_for_user(*, user: AbstractBaseUser) -> Learner:
    learner, _ = Learner.objects.get_or_create(user_id=user.pk)
    return learner


def learner_for_request(*, request: HttpRequest, create: bool) -> Learner | None:
    """The request's learner: the account's, or the anonymous one in the session (made on first write)."""
    user = request.user
    if user.is_authenticated and not isinstance(user, AnonymousUser):
        return learner_for_user(user=user)
    learner_id = request.session.get(SESSION_KEY)
    if learner_id is not None:
        learner = Learner.objects.filter(pk=learner_id, user__isnull=True).first()
        if learner is not None:
            return learner
    if not create:
        return None
    learner = Learner.objects.create()
    request.session[SESSION_KEY] = learner.pk
    return learner


TOUCH_INTERVAL = timedelta(minutes=1)


def learner_touch(*, learner: Learner, page_id: str, at: datetime | None = None) -> bool:
    """Remember the last page opened, for "continue where you left off". True when it wrote.

    Re-reading the same page within TOUCH_INTERVAL writes nothing: a page view should not queue for
    SQLite's one write lock (its busy wait sleeps in steps of milliseconds) just to move a timestamp.
    """
    when = at or timezone.now()
    seen = learner.last_seen_at
    if learner.last_page_id == page_id and seen is not None and timedelta(0) <= when - seen < TOUCH_INTERVAL:
        return False
    Learner.objects.filter(pk=learner.pk).update(last_page_id=page_id, last_seen_at=when)
    learner.last_page_id, learner.last_seen_at = page_id, when
    return True


def progress_set(*, learner: Learner, page_id: str, status: str, at: datetime | None = None) -> Progress:
    if status not in Progress.Status.values:
        raise ValueError(f"status must be one of {', '.join(Progress.Status.values)}")
    when = at or timezone.now()
    with transaction.atomic():
        updated = Progress.objects.filter(learner=learner, page_id=page_id).update(
            status=status, updated_at=when
        )
        if not updated:
            try:
                with transaction.atomic():
                    Progress.objects.create(learner=learner, page_id=page_id, status=status, updated_at=when)
            except IntegrityError:  # a concurrent request created it first: ours is the later write
                Progress.objects.filter(learner=learner, page_id=page_id).update(
                    status=status, updated_at=when
                )
    return Progress.objects.get(learner=learner, page_id=page_id)


def note_problem(text: str) -> str | None:
    """Why a note cannot be stored, or None. NUL is refused: PostgreSQL cannot store it in text."""
    if len(text) > NOTE_MAX_CHARS:
        return f"a note holds at most {NOTE_MAX_CHARS:,} characters"
    if "\x00" in text:
        return "a note cannot contain a NUL character"
    return None


def note_save(*, learner: Learner, page_id: str, text: str, at: datetime | None = None) -> Note:
    problem = note_problem(text)
    if problem:
        raise ValueError(problem)
    when = at or timezone.now()
    with transaction.atomic():
        updated = Note.objects.filter(learner=learner, page_id=page_id).update(text=text, updated_at=when)
        if not updated:
            try:
                with transaction.atomic():
                    Note.objects.create(learner=learner, page_id=page_id, text=text, updated_at=when)
            except IntegrityError:
                Note.objects.filter(learner=learner, page_id=page_id).update(text=text, updated_at=when)
    return Note.objects.get(learner=learner, page_id=page_id)


def learner_merge(*, source: Learner, target: Learner) -> None:
    """Fold an anonymous learner into an account. Nothing is lost.

    Progress: the later decision wins. Notes: if both sides wrote different text, both are kept,
    the account's first. The source learner is deleted afterwards.
    """
    if source.pk == target.pk:
        return
    with transaction.atomic():
        theirs = {p.page_id: p for p in Progress.objects.filter(learner=target)}
        for mine in Progress.objects.filter(learner=source):
            other = theirs.get(mine.page_id)
            if other is None:
                Progress.objects.create(
                    learner=target, page_id=mine.page_id, status=mine.status, updated_at=mine.updated_at
                )
            elif mine.updated_at > other.updated_at:
                Progress.objects.filter(pk=other.pk).update(status=mine.status, updated_at=mine.updated_at)
        their_notes = {n.page_id: n for n in Note.objects.filter(learner=target)}
        for note in Note.objects.filter(learner=source):
            other_note = their_notes.get(note.page_id)
            if other_note is None or not other_note.text.strip():
                Note.objects.update_or_create(
                    learner=target,
                    page_id=note.page_id,
                    defaults={"text": note.text, "updated_at": note.updated_at},
                )
            elif note.text.strip() and note.text.strip() != other_note.text.strip():
                merged = other_note.text.rstrip() + MERGED_NOTE_SEPARATOR + note.text.strip() + "\n"
                Note.objects.filter(pk=other_note.pk).update(
                    text=merged, updated_at=max(note.updated_at, other_note.updated_at)
                )
        # The practice apps' data moves too, each by its own service (called here, not via signals;
        # imported here because those apps' services use this module).
        from sysdojo.web.mock.services import mock_merge
        from sysdojo.web.review.services import review_merge
        from sysdojo.web.skills.services import skills_merge

        for merge in (review_merge, mock_merge, skills_merge):
            merge(source=source, target=target)
        if source.last_seen_at and (not target.last_seen_at or source.last_seen_at > target.last_seen_at):
            Learner.objects.filter(pk=target.pk).update(
                last_page_id=source.last_page_id, last_seen_at=source.last_seen_at
            )
        source.delete()


def learner_adopt_session(*, request: HttpRequest, user: AbstractBaseUser) -> None:
    """After a login or sign-up: merge the session's anonymous learner into the account's."""
    learner_id = request.session.pop(SESSION_KEY, None)
    target = learner_for_user(user=user)
    if learner_id is None:
        return
    source = Learner.objects.filter(pk=learner_id, user__isnull=True).first()
    if source is not None:
        learner_merge(source=source, target=target)
