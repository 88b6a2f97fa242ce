"""The audit log is append-only in the database itself: triggers refuse UPDATE and DELETE.

- UPDATE is refused, except the one the database makes on its own when a user account is
  deleted: `actor_id` set to NULL (ON DELETE SET NULL), everything else unchanged.
- DELETE (and on PostgreSQL TRUNCATE) is refused unless the connection has switched on the purge
  flag with `purging()`. Only `manage.py flush` does (it empties the whole database, and the test
  runner uses it between tests); there is no other way to remove audit rows through Django.

PostgreSQL keeps the flag in the session setting `quzhi.audit_purge`. SQLite triggers cannot read
connection state, so the flag is a function (`quzhi_audit_purge()`) that every Django connection
registers when it opens; a connection without it (the sqlite3 shell) cannot delete at all.
"""

from contextlib import contextmanager

TABLE = "core_auditentry"
# Every column except actor_id: an UPDATE may only clear actor_id (see the module docstring).
KEPT = (
    "id", "at", "actor_name", "action", "verb", "content_type_id", "object_id", "object_repr", "before", "after",
    "scope_path", "request_id", "client_ip", "prev_hash", "row_hash",
)  # fmt: skip
MESSAGE = "the audit log is append-only"

_SQLITE_KEPT = " AND ".join(f'NEW."{c}" IS OLD."{c}"' for c in KEPT)
SQLITE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
    f"""CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON {TABLE}
    WHEN NOT (NEW.actor_id IS NULL AND {_SQLITE_KEPT})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON {TABLE}
    WHEN NOT quzhi_audit_purge()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF NEW.actor_id IS NULL AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN
                RETURN NEW;
            END IF;
        ELSIF coalesce(current_setting('quzhi.audit_purge', true), '') = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END $$""",
    f"DROP TRIGGER IF EXISTS core_auditentry_append_only ON {TABLE}",
    f"""CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()""",
    f"DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only()""",
]
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS core_auditentry_no_update", "DROP TRIGGER IF EXISTS core_auditentry_no_delete"],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS core_auditentry_append_only ON {TABLE}",
        f"DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON {TABLE}",
        "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
    ],
}


def install(connection) -> None:
    """Create (or re-create) the triggers. Run by the migration and after every migrate, because
    SQLite drops a table's triggers when a migration rebuilds the table."""
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor)
    if statements is None:
        return
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def reinstall_after_migrate(sender, using, **kwargs) -> None:
    """post_migrate: put the triggers back if a migration rebuilt the table (once it has the hash columns)."""
    from django.db import connections

    connection = connections[using]
    with connection.cursor() as cursor:
        if TABLE not in connection.introspection.table_names(cursor):
            return
        columns = {c.name for c in connection.introspection.get_table_description(cursor, TABLE)}
    if "row_hash" in columns:
        install(connection)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for sql in DROP.get(connection.vendor, []):
            cursor.execute(sql)


def register_purge_flag(sender, connection, **kwargs) -> None:
    """connection_created: give every SQLite connection the function the DELETE trigger asks."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "quzhi_audit_purge", 0, lambda: 1 if getattr(connection, "quzhi_audit_purge", False) else 0
        )


@contextmanager
def purging(connection):
    """Let this connection delete audit rows inside the block (flush only)."""
    connection.ensure_connection()
    connection.quzhi_audit_purge = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET quzhi.audit_purge = 'on'")
    try:
        yield
    finally:
        connection.quzhi_audit_purge = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET quzhi.audit_purge")
