"""State changes under a row lock: two people approving one report cannot both succeed.

Every step of a workflow (submit, approve, return, dispatch, sign, complete, advance…) starts with
`lock(obj)`: it takes the row lock for the rest of the action's transaction and re-reads the row,
so the state the step checks is the state it changes. A second request for the same step waits
for the first to commit, then finds the new state and raises `Conflict` — answered as 409 by the
API and shown as a message on the page — instead of writing the step (and its audit row) twice.
When the first deleted the row, the second gets a `Conflict` saying so.

PostgreSQL takes the lock with SELECT … FOR NO KEY UPDATE (rows that merely point at the locked one,
such as a new photo of a locked project, are not held up). SQLite has no row locks: there every write
transaction begins IMMEDIATE (settings), which serialises writers on the whole database, and the
re-read inside the transaction sees the winner's change just the same.
"""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class Conflict(ValidationError):
    """The object is no longer in a state that allows the step, usually because someone else has
    just changed it. A ValidationError, so forms and pages that show those show this one too."""


def lock(obj: M) -> M:
    """Lock `obj`'s row until the transaction ends and refresh `obj` from the locked row."""
    model = type(obj)
    if not transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        raise RuntimeError("a row lock is held only inside the action's transaction")
    try:
        obj.refresh_from_db(from_queryset=model._base_manager.select_for_update(no_key=True))
    except model.DoesNotExist:  # deleted by whoever held the lock first: a conflict like any other
        raise Conflict(_("“%(obj)s”已被删除。") % {"obj": obj}) from None
    return obj
