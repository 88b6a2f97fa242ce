"""Row locks and SQLite's queue of writers."""

import threading
import time

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from core.locking import lock
from org.models import Unit


@pytest.mark.django_db(transaction=True)
def test_a_lock_is_taken_only_inside_a_transaction(world):
    with pytest.raises(RuntimeError, match="transaction"):
        lock(world.units["fengying"])


def test_sqlite_writers_queue_instead_of_failing(tmp_path, django_db_blocker):
    """Each writer reads a counter, thinks, and writes it back: with deferred transactions the
    readers-turned-writers fail with "database is locked"; with the configured IMMEDIATE ones they
    wait their turn and every increment counts."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings apply only when the database is SQLite")
    settings = {**connection.settings_dict, "NAME": str(tmp_path / "race.sqlite3")}
    django_db_blocker.unblock()  # its own database file, not the test database
    setup = DatabaseWrapper(settings)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    setup.close()
    writers, errors = 6, []
    barrier = threading.Barrier(writers)

    def increment():
        db = DatabaseWrapper(settings)
        try:
            barrier.wait(timeout=10)
            db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)  # what atomic() does
            with db.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                time.sleep(0.05)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
            db.commit()
        except Exception as exc:  # the assertion below names it
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=increment) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    check = DatabaseWrapper(settings)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone() == (writers,)
    check.close()
    django_db_blocker.restore()
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_unit_model_is_lockable(world):
    from django.db import transaction

    with transaction.atomic():
        unit = Unit.objects.get(pk=world.units["fengying"].pk)
        unit.name = "改过未存"
        assert lock(unit).name == "冯营街道"  # re-read from the locked row
