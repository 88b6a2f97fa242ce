"""Files written to storage by a transaction that may still roll back."""

import weakref

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.fields.files import FieldFile


def _remove_unless_committed(state: dict, files: list) -> None:
    if state["committed"]:
        return
    for storage, name in files:
        storage.delete(name)


def remove_on_rollback(*fieldfiles: FieldFile, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete the stored files of `fieldfiles` again unless the current transaction commits.

    Call it right after the files are saved, inside the writing transaction. The transaction
    keeps a commit hook that marks the files as kept; a rollback (of the transaction, or of the
    savepoint the files were written under) discards the hook unrun, and dropping an unrun hook
    deletes the files. So a failed write leaves neither a row nor a file behind.
    """
    files = [(f.storage, f.name) for f in fieldfiles if f]
    if not files:
        return
    state = {"committed": False}

    def kept() -> None:
        state["committed"] = True

    # The hook is referenced only by the transaction's list of commit hooks: it is released right
    # after it runs (commit) or when the list drops it unrun (rollback).
    weakref.finalize(kept, _remove_unless_committed, state, files)
    transaction.on_commit(kept, using=using)
