"""The nightly sweep of service cases (`quzhi case_sweep`, Celery beat's cases.tasks.sweep_cases):
the overdue flags in one set-based statement, then escalation in batches.

Each batch is its own transaction (cases.actions.escalate_batch): a sweep stopped half-way keeps
the batches it finished and the next run takes up the rest; a second run the same day finds
nothing left to do. Each batch locks and re-checks its cases, so a case moved on since the ids
were read is skipped.
"""

from collections.abc import Callable
from datetime import date

from . import actions, queries

Progress = Callable[[int, int], None]


def escalate(*, as_of: date, actor=None, batch_size: int = actions.ESCALATION_BATCH,
             progress: Progress | None = None) -> int:  # fmt: skip
    """Escalate every case due for it on `as_of`; `progress(done, total)` after each batch."""
    # One query for the ids, through the (state, due_on) index: walking the table in id order
    # for each batch would read all of it when the cases due are spread over it.
    ids = list(queries.to_escalate(as_of).order_by("pk").values_list("pk", flat=True))
    total, done = len(ids), 0
    for start in range(0, total, batch_size):
        done += actions.escalate_batch(ids=ids[start : start + batch_size], as_of=as_of, actor=actor)
        if progress is not None:
            progress(done, total)
    return done


def sweep(*, as_of: date | None = None, actor=None, batch_size: int = actions.ESCALATION_BATCH,
          progress: Progress | None = None) -> tuple[int, int]:  # fmt: skip
    """The daily run: (cases whose overdue flag changed, cases escalated)."""
    as_of = as_of or queries.today()
    changed = actions.refresh_overdue(as_of)
    return changed, escalate(as_of=as_of, actor=actor, batch_size=batch_size, progress=progress)
