"""Inserting many validated rows fast: one multi-row INSERT per batch, primary keys read back.

For bulk imports whose rows were already validated with the model's own rules. The ORM's
bulk_create compiles every value of every row through the query compiler; for a 20,000-row
import with its audit rows that cost more than reading and validating the file. Here each
field's conversion is decided once per batch, values that the database driver takes as they
are (text, integers, booleans, foreign-key ids) are passed straight through, and the others
(dates, decimals, JSON, addresses) go through the field's own `get_db_prep_save`.

On PostgreSQL the rows go in by COPY, their keys taken from the table's sequence first (one
query): a multi-row INSERT there has every parameter quoted into the statement text by the
driver, which cost more than the rest of a 20,000-row import.
"""

import gc
import threading
from collections.abc import Sequence
from contextlib import ContextDecorator
from functools import cache
from operator import attrgetter

from django.db import connections as all_connections
from django.db import models, router
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

# Internal types whose Python values the drivers of SQLite and PostgreSQL accept unchanged.
PLAIN_TYPES = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey",
    "IntegerField", "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
    "SlugField", "SmallIntegerField", "TextField",
}  # fmt: skip


class gc_paused(ContextDecorator):
    """Pause Python's cyclic garbage collector while a bulk job runs (as a `with` block or a decorator).

    An import builds hundreds of thousands of objects that stay alive until it ends (rows, model
    instances, audit rows). Each of them counts towards the collector's thresholds, so the
    collector keeps running full passes over every live object of the process, and frees
    nothing: for a 20,000-row ledger that was a fifth of the commit's time. Reference counting
    still frees everything that is not in a cycle meanwhile; the collector resumes at the end.
    Nested or concurrent uses (threads) share one pause, ended by the last one out; a collector
    that was already off stays off.
    """

    _lock = threading.Lock()
    _depth = 0
    _resume = False  # whether the collector was on when the outermost pause began

    def __enter__(self):
        cls = type(self)
        with cls._lock:
            if cls._depth == 0:
                cls._resume = gc.isenabled()
                gc.disable()
            cls._depth += 1
        return self

    def __exit__(self, *exc):
        cls = type(self)
        with cls._lock:
            cls._depth -= 1
            if cls._depth == 0 and cls._resume:
                gc.enable()
        return False


def insert(
    objs: Sequence[models.Model], *, batch_size: int = 1000, keys: bool = True, prepared: dict | None = None
) -> None:
    """Insert unsaved `objs` of one model and set their primary keys. Inside a transaction.

    Fills auto_now / auto_now_add fields as save() would; sends no signals (like bulk_create).
    `keys=False`: the caller needs no keys back (the audit log): on PostgreSQL the database
    numbers the rows as COPY reads them, in order, without asking the sequence first.
    `prepared`: attname → the column's values (one per object, in order) already in the form
    the drivers of both databases take (e.g. a JSON field's text), used instead of the objects'.
    """
    if not objs:
        return
    model = type(objs[0])
    opts = model._meta
    connection = all_connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise RuntimeError("bulk.insert must run inside the writing transaction")
    # A key the database numbers (AutoField) is left out and set afterwards; any other key (e.g. a
    # one-to-one primary key) is the caller's value and inserted with the row.
    numbered = opts.pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField")
    fields = [f for f in opts.concrete_fields if not (f.primary_key and numbered)]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                if f.auto_now or getattr(obj, f.attname) is None:
                    setattr(obj, f.attname, now if isinstance(f, models.DateTimeField) else now.date())
    prepare = [None if f.get_internal_type() in PLAIN_TYPES else _preparer(f, connection) for f in fields]
    # Column by column: each column's values read with one attrgetter and, where the field needs
    # it, converted in one pass; then zipped into rows (a per-row, per-field loop cost twice this).
    columns = []
    prepared = prepared or {}
    for f, p in zip(fields, prepare, strict=True):
        if f.attname in prepared:
            columns.append(prepared[f.attname])
            continue
        column = list(map(attrgetter(f.attname), objs))
        columns.append(column if p is None else list(map(p, column)))
    rows = list(zip(*columns, strict=True))
    if connection.vendor == "postgresql":
        _copy(connection, opts, fields, rows, objs, keys and numbered)
    elif numbered:
        _insert(connection, opts, fields, rows, objs, batch_size)
    else:
        _insert(connection, opts, fields, rows, objs, batch_size, returning=False)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _insert(connection, opts, fields, rows: list[tuple], objs, batch_size: int, returning: bool = True) -> None:
    """Multi-row INSERTs … RETURNING the keys (`returning`: the database numbers them), in batches."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    pk = opts.pk
    if returning and not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError("the database cannot return the keys of inserted rows")
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, objs)))
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = rows[start : start + size]
            params = [value for values in batch for value in values]
            sql = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES {', '.join([row] * len(batch))}"
            if not returning:
                cursor.execute(sql, params)
                continue
            # Rows come back in insertion order on both databases (the ORM's bulk_create relies on it too).
            cursor.execute(sql + f" RETURNING {quote(pk.column)}", params)
            for obj, (value,) in zip(objs[start : start + size], cursor.fetchall(), strict=True):
                setattr(obj, pk.attname, value)


def _copy(connection, opts, fields, rows: list[tuple], objs, keys: bool) -> None:
    """PostgreSQL: the keys from the table's sequence (in order), then one COPY of every row."""
    quote = connection.ops.quote_name
    pk = opts.pk
    with connection.cursor() as cursor:
        if keys:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(opts.db_table), pk.column, len(objs)],
            )
            numbers = sorted(value for (value,) in cursor.fetchall())
            rows = [(key, *values) for key, values in zip(numbers, rows, strict=True)]
        columns = ", ".join(quote(f.column) for f in ((pk, *fields) if keys else fields))
        with cursor.cursor.copy(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for values in rows:
                copy.write_row(values)
    if keys:
        for obj, key in zip(objs, numbers, strict=True):
            setattr(obj, pk.attname, key)


def _preparer(field: models.Field, connection):
    """The field's own conversion, remembering the last value: a batch's timestamps are one object."""
    last = [object(), None]

    def prepare(value):
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, connection)
        return last[1]

    return prepare


@cache
def _defaults(model: type[models.Model]) -> tuple[dict, tuple]:
    """The model's fixed defaults by attname, and the fields whose default is made per instance."""
    fixed, made = {}, []
    for f in model._meta.concrete_fields:
        if f.has_default() and callable(f.default):
            made.append(f)
        else:
            fixed[f.attname] = f.get_default()
    return fixed, tuple(made)


def new(model: type[models.Model], attrs: dict) -> models.Model:
    """`model(**attrs)` (attrs by attname) without the keyword machinery, for rows built by the
    thousand; the model's defaults fill what `attrs` leaves out (a callable default, such as
    `dict` for a JSON field, is called for each instance). Falls back to the constructor when
    anything listens to the model's init signals."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model(**attrs)
    obj = model.__new__(model)
    obj._state = ModelState()
    fields = obj.__dict__
    fixed, made = _defaults(model)
    fields.update(fixed)
    for f in made:
        if f.attname not in attrs:
            fields[f.attname] = f.get_default()
    fields.update(attrs)
    return obj
