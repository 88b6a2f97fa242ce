"""The bulk insert (multi-row INSERT, or COPY on PostgreSQL) and `Among`, on either database."""

import gc
import threading

import pytest
from django.db import transaction
from django.db.models import F

from core import audit, bulk
from core.audit_chain import first_break
from core.lookups import Among
from core.models import AuditAction, AuditEntry, ImportMapping

pytestmark = pytest.mark.django_db


def test_inserted_rows_get_their_keys_in_order_and_read_back_as_written():
    columns = {"编号": "code", "备注": ""}
    rows = [ImportMapping(kind="ledger", name=f"方案{i}", unit_path="0001", unit_name="马村区", columns=columns,
                          constants={"unit": f"单位\t{i}"}) for i in range(2500)]  # fmt: skip
    with transaction.atomic():
        bulk.insert(rows)
    assert [r.pk for r in rows] == sorted(r.pk for r in rows) and len({r.pk for r in rows}) == 2500
    back = {m.pk: m for m in ImportMapping.objects.all()}
    for row in rows[::250]:
        found = back[row.pk]
        assert (found.name, found.columns, found.constants) == (row.name, row.columns, row.constants)
        assert found.created_at is not None and not row._state.adding
    # Later rows (by the ORM) take keys after them.
    assert ImportMapping.objects.create(kind="ledger", name="后来", unit_path="0001").pk > rows[-1].pk


def test_bulk_audit_rows_keep_the_chain():
    mapping = ImportMapping.objects.create(kind="ledger", name="甲", unit_path="0001")
    with transaction.atomic():
        audit.record_many([audit.entry(obj=mapping, action=AuditAction.UPDATE, before={"n": i}, after={"n": i + 1})
                           for i in range(1200)])  # fmt: skip
    rows = AuditEntry.objects.order_by("id").values()
    count, broken = first_break(rows)
    assert count == 1200 and broken is None
    assert AuditEntry.objects.order_by("id").last().after == {"n": 1200}


def test_among_matches_many_values_as_one_parameter(django_assert_num_queries):
    made = [ImportMapping.objects.create(kind="k", name=f"n{i}", unit_path=f"p{i}") for i in range(5)]
    names = [f"n{i}" for i in range(0, 5, 2)] + [f"x{i}" for i in range(20000)]
    with django_assert_num_queries(1):
        assert sorted(ImportMapping.objects.filter(Among(F("name"), names)).values_list("name", flat=True)) == [
            "n0", "n2", "n4"]  # fmt: skip
    ids = [made[1].pk, made[3].pk]
    assert set(ImportMapping.objects.filter(Among(F("id"), ids)).values_list("pk", flat=True)) == set(ids)
    assert not ImportMapping.objects.filter(Among(F("id"), [])).exists()


def test_new_builds_what_the_constructor_builds():
    made = bulk.new(ImportMapping, {"kind": "ledger", "name": "方案", "unit_path": "0001"})
    built = ImportMapping(kind="ledger", name="方案", unit_path="0001")
    fields = [f.attname for f in ImportMapping._meta.concrete_fields]
    assert [getattr(made, f) for f in fields] == [getattr(built, f) for f in fields]
    assert made._state.adding and made.pk is None
    other = bulk.new(ImportMapping, {"kind": "ledger", "name": "另一方案", "unit_path": "0001"})
    assert other.columns == {} and other.columns is not made.columns  # a callable default, made for each
    with transaction.atomic():
        bulk.insert([made])
    assert ImportMapping.objects.get(pk=made.pk).name == "方案"


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_it_pauses_the_collector_and_resumes_it_after_an_error(collector_on):
    with pytest.raises(ValueError), bulk.gc_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_it_resumes_the_collector_when_the_last_pause_ends(collector_on):
    @bulk.gc_paused()
    def inner():
        assert not gc.isenabled()

    with bulk.gc_paused():
        inner()
        assert not gc.isenabled()  # the inner pause ended, not the outer one
    assert gc.isenabled()


def test_it_leaves_a_collector_that_was_off_off():
    was = gc.isenabled()
    gc.disable()
    try:
        with bulk.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_it_shares_one_pause_between_threads(collector_on):
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = []

    def first():
        with bulk.gc_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with bulk.gc_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first thread's pause has ended, this one has not

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False]
    assert gc.isenabled()
