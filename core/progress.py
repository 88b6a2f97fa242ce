"""How far a running job is, told from inside its transaction to the page that polls it.

A job notes its progress on its row (`core.actions.job_progress`), which is enough for an export.
An import's commit is one transaction, all rows or none: what it writes there is seen by nobody
until it commits, and on SQLite it holds the database's one write lock, so not even a second
connection could note anything meanwhile. So the commit tells its stage and counts here instead
(读取, 校验, 写入项目 … with how many of how many), outside the database, and the job's page reads
them:

- the job's runner opens `reporting(job)` around the job; the import's code calls `stage()` and
  `advance()`, which do nothing outside a job (a commit in the request, the command line);
- a note is a small dict in the cache `jobs` (settings.CACHES): files in JOB_PROGRESS_DIR, so the
  job's page in any web process, and a Celery worker on the same machine (or sharing the
  directory), see the same notes;
- a note is written at each new stage and at most every NOTE_EVERY seconds within one, and is
  removed when the job has ended (its row says how); one left by a process that died expires.

Each stage says the part of the bar it covers (`span`, in percent of the whole job), so the bar
goes forward through the stages instead of starting again at each. Stage names are stored
untranslated and translated by the page, in its reader's language.
"""

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.translation import gettext_noop

log = logging.getLogger("quzhi.jobs")

NOTE_EVERY = 0.5  # seconds between two notes within one stage
KEEP = 24 * 3600  # seconds a note outlives a process that died without removing it
CHUNK = 2000  # items written between two counts by `chunks`

# Stages of the imports' commits, untranslated (the page translates them).
READ = gettext_noop("读取")
CHECK = gettext_noop("校验")
RECHECK = gettext_noop("复核")
WRITE = gettext_noop("写入")
WRITE_PROJECTS = gettext_noop("写入项目")
WRITE_PLANS = gettext_noop("写入计划")
WRITE_AUDIT = gettext_noop("写入审计")
WARNINGS = gettext_noop("更新预警")

# An import that writes row by row (monthly reports, indicator figures): most of its time is the writing.
IMPORT_STAGES = {READ: (0, 20), CHECK: (20, 30), WRITE: (30, 99)}


@dataclass(frozen=True)
class Note:
    stage: str  # untranslated
    done: int
    total: int  # 0: the stage has no count
    percent: int  # of the whole job
    at: float  # when noted (time.time())


class _Reporter:
    def __init__(self, key: str):
        self.key = key
        self.stage, self.done, self.total, self.span = "", 0, 0, (0, 0)
        self.noted = 0.0
        self.broken = False

    def begin(self, name: str, total: int, span: tuple[int, int]) -> None:
        self.stage, self.done, self.total, self.span = name, 0, max(0, total), span
        self.note()

    def advance(self, count: int) -> None:
        self.done += count
        if time.monotonic() - self.noted >= NOTE_EVERY:
            self.note()

    def percent(self) -> int:
        start, end = self.span
        if not self.total:
            return start
        return start + (end - start) * min(self.done, self.total) // self.total

    def note(self) -> None:
        if self.broken:
            return
        self.noted = time.monotonic()
        value = {"stage": self.stage, "done": min(self.done, self.total) if self.total else self.done,
                 "total": self.total, "percent": self.percent(), "at": time.time()}  # fmt: skip
        try:
            _cache().set(self.key, value, KEEP)
        except Exception:  # a note that cannot be written costs the page its detail, not the job
            log.exception("progress of %s could not be noted", self.key)
            self.broken = True


_current: ContextVar[_Reporter | None] = ContextVar("quzhi_job_progress", default=None)


def _cache():
    return caches["jobs"]


def key(job) -> str:
    """The job's note. With the row's creation time: a database restored or made again numbers jobs anew."""
    return f"job-progress-{job.pk}-{job.created_at.timestamp():.6f}"


@contextmanager
def reporting(job):
    """Within: `stage` and `advance` note how far `job` is. At the end its note is removed."""
    reporter = _Reporter(key(job))
    token = _current.set(reporter)
    try:
        yield reporter
    finally:
        _current.reset(token)
        try:
            _cache().delete(reporter.key)
        except Exception:
            log.exception("progress of %s could not be removed", reporter.key)


def active() -> bool:
    return _current.get() is not None


def stage(name: str, *, total: int = 0, span: tuple[int, int] = (0, 0)) -> None:
    """A new stage of the running job: its name (untranslated), how many items, its part of the bar."""
    reporter = _current.get()
    if reporter is not None:
        reporter.begin(name, total, span)


def advance(count: int = 1) -> None:
    """`count` more items of the current stage done."""
    reporter = _current.get()
    if reporter is not None:
        reporter.advance(count)


def chunks(items: Sequence, size: int = 0) -> Iterator[Sequence]:
    """`items` in chunks of `size` (CHUNK), each counted once it is done; all at once outside a job."""
    if _current.get() is None:
        if items:
            yield items
        return
    size = size or CHUNK
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        yield chunk
        advance(len(chunk))


def read(job) -> Note | None:
    """The job's latest note, or None (not noted, ended, or the notes cannot be read)."""
    try:
        value = _cache().get(key(job))
    except Exception:
        log.exception("progress of job %s could not be read", job.pk)
        return None
    if not isinstance(value, dict):
        return None
    try:
        return Note(**value)
    except TypeError:  # a note written by another version
        return None
