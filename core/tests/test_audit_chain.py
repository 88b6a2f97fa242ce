"""The audit log in the database: append-only by trigger, and a hash chain that `audit verify` checks."""

import io
import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from core import audit_chain, audit_db
from core.context import acting_as
from core.models import AuditEntry
from org import actions

SQL_UPDATE = "UPDATE core_auditentry SET verb = 'changed' WHERE id = %s"
SQL_DELETE = "DELETE FROM core_auditentry WHERE id = %s"


def write_some(world, n=3) -> list[AuditEntry]:
    admin = world.users["admin"]
    with acting_as(admin, client_ip="::ffff:10.0.0.1"):
        for i in range(n):
            actions.update_person(actor=admin, person=world.people["fengying"], title=f"职务{i}")
    return list(AuditEntry.objects.order_by("id"))


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("sql", [SQL_UPDATE, SQL_DELETE])
def test_the_database_refuses_to_change_or_remove_an_audit_row(world, sql):
    row = write_some(world)[0]
    with pytest.raises(DatabaseError, match="append-only"):
        raw(sql, [row.pk])
    assert AuditEntry.objects.get(pk=row.pk).verb == row.verb


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_truncate(world):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    write_some(world, 1)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("TRUNCATE core_auditentry CASCADE")


def test_a_lazy_verb_is_written_and_hashed_as_text(world):
    from django.utils.translation import gettext_lazy

    from core import audit

    with transaction.atomic():
        audit.record(obj=world.people["fengying"], action="update", verb=gettext_lazy("获批"))
    assert AuditEntry.objects.get().verb == "获批"
    assert "全部 1 条变更记录完好" in verify()


def test_a_normal_chain_verifies(world):
    rows = write_some(world)
    assert rows[0].prev_hash == "0" * 64 and rows[1].prev_hash == rows[0].row_hash
    assert f"全部 {len(rows)} 条变更记录完好" in verify()


def tamper(sql: str, params: list) -> None:
    """Run `sql` past the append-only triggers, as someone with the database owner's rights would."""
    audit_db.uninstall(connection)
    raw(sql, params)
    audit_db.install(connection)


def test_a_changed_row_is_found_by_its_id(world):
    rows = write_some(world, 4)
    tamper("UPDATE core_auditentry SET object_repr = '别人' WHERE id = %s", [rows[2].pk])
    with pytest.raises(CommandError, match=f"编号 {rows[2].pk} 的记录：row_hash"):
        verify()


def test_a_removed_row_is_found_at_the_next_one(world):
    rows = write_some(world, 4)
    tamper(SQL_DELETE, [rows[1].pk])
    with pytest.raises(CommandError, match=f"编号 {rows[2].pk} 的记录：prev_hash"):
        verify()


def test_removing_the_newest_row_is_found_too(world):
    rows = write_some(world, 3)
    tamper(SQL_DELETE, [rows[-1].pk])
    with pytest.raises(CommandError, match=f"编号 {rows[-2].pk} 的记录：最后一条"):
        verify()


def test_deleting_a_user_keeps_the_rows_and_the_chain(world):
    from org.models import User

    gone = User.objects.create_user(username="gone", password="x-Passw0rd-1", first_name="离职人员")
    with acting_as(gone):  # the audit row names the user in the context
        actions.update_person(actor=world.users["admin"], person=world.people["anyang"], title="书记（代）")
    gone.delete()  # the database sets actor_id to NULL: the one update the trigger lets through
    row = AuditEntry.objects.get(actor_name="离职人员")
    assert row.actor_id is None
    assert "变更记录完好" in verify()


def test_a_bulk_import_writes_a_valid_chain(world):
    from projects import imports
    from projects.models import Project
    from projects.tests.test_imports import book

    rows = [[f"B-{i}", f"项目{i}", "区重点", "", "工业", "新建", "冯营街道", 1, 2026, 100, None] for i in range(300)]
    imports.commit(world.users["macun_admin"], book(*rows))
    created = [str(pk) for pk in Project.objects.filter(code__startswith="B-").values_list("pk", flat=True)]
    assert len(created) == 300
    assert AuditEntry.objects.filter(content_type__model="project", object_id__in=created).count() == 300
    assert "变更记录完好" in verify()


@pytest.mark.django_db(transaction=True)
def test_flush_alone_may_empty_the_log(world):
    write_some(world, 2)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM core_auditentry")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    assert not getattr(connection, "quzhi_audit_purge", False)  # the flag is off again
    from org.testing import build_world  # the world went with the flush

    write_some(build_world(), 1)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM core_auditentry")
    assert "全部 1 条变更记录完好" in verify()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


_TEXTS = ("actor_name", "action", "verb", "object_id", "object_repr", "scope_path", "request_id")
_row = st.fixed_dictionaries(
    {f: st.text() for f in _TEXTS}
    | {"content_type_id": st.integers(1, 10**6), "client_ip": st.none() | st.just("10.0.0.1")}
    | {"before": _json, "after": _json}
)


@given(rows=st.lists(_row, min_size=1, max_size=4))
def test_it_chains_rows_from_their_json_text_as_the_verifier_hashes_them(rows):
    at = datetime(2026, 12, 6, 3, 4, 5, 678901, tzinfo=UTC)
    chain = [SimpleNamespace(at=at, **r) for r in rows]
    texts = list(audit_chain.chained(chain, audit_chain.GENESIS))
    prev = audit_chain.GENESIS
    for row, r in zip(chain, rows, strict=True):  # row by row, as `first_break` computes each hash
        assert row.prev_hash == prev
        assert row.row_hash == audit_chain.row_hash(prev, {"at": at, **r})
        prev = row.row_hash
    stored = [{"id": n, "at": at, "prev_hash": row.prev_hash, "row_hash": row.row_hash, **r}
              for n, (row, r) in enumerate(zip(chain, rows, strict=True))]  # fmt: skip
    assert audit_chain.first_break(stored) == (len(rows), None)
    for (before, after), r in zip(texts, rows, strict=True):
        assert (json.loads(before) if before is not None else None) == r["before"]
        assert (json.loads(after) if after is not None else None) == r["after"]
