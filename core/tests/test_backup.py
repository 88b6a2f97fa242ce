"""`quzhi backup` → `quzhi restore`: every row and every uploaded file comes back, checked.

Run on SQLite by default and on PostgreSQL with DATABASE_URL pointing at it; the restore goes
into a second, empty, migrated test database ("restore" in config/test_settings.py).
"""

import hashlib
import io
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from core import backup
from core.context import acting_as

pytestmark = pytest.mark.django_db(databases=["default", "restore"])


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def dump(using: str) -> dict[str, list[dict]]:
    """Every row of every backed-up table, as the backup writes it (content types by natural key)."""
    keys = backup._Keys(using)
    found = {}
    for model in backup.backed_up_models():
        columns = backup._columns(model)
        rows = model._base_manager.using(using).order_by("pk").values_list(*[c.attname for c in columns])
        found[model._meta.label_lower] = [
            {c.attname: backup.encode(c, v, keys) for c, v in zip(columns, row, strict=True)} for row in rows
        ]
    return found


def media_digests(root: Path) -> dict[str, str]:
    return {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in backup.media_files(root)}


@pytest.fixture
def used_site(world, settings, tmp_path):
    """The test world, two projects with their audit rows and a photo: a database that has seen use."""
    from projects import actions as project_actions
    from projects.testing import build_projects

    settings.MEDIA_ROOT = tmp_path / "media"
    projects = build_projects(world)
    admin = world.users["admin"]
    with acting_as(admin):
        project_actions.add_photo(
            actor=admin,
            project=projects["fengying"],
            upload=SimpleUploadedFile("工地.png", png(), content_type="image/png"),
            caption="主体封顶",
            taken_on=date(2026, 6, 30),
        )
    return world


def test_backup_then_restore_brings_back_every_row_and_file(used_site, settings, tmp_path):
    archive = tmp_path / "quzhi.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = backup.read_manifest(tar)
    assert manifest.tables["org.unit"]["rows"] == 8
    assert manifest.tables["projects.photo"]["rows"] == 1
    assert len(manifest.media) == 2  # the photo and its thumbnail
    assert ["org", "0001_initial"] in manifest.migrations
    assert "contenttypes.contenttype" not in manifest.tables

    source_media = Path(settings.MEDIA_ROOT)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    out = io.StringIO()
    call_command("restore", str(archive), database="restore", stdout=out)
    assert "行数和校验和均与清单一致" in out.getvalue()

    before, after = dump("default"), dump("restore")
    assert {label: len(rows) for label, rows in after.items()} == {label: len(rows) for label, rows in before.items()}
    for label in before:
        assert after[label] == before[label], label
    assert media_digests(tmp_path / "restored-media") == media_digests(source_media)
    assert {rel: m["sha256"] for rel, m in manifest.media.items()} == media_digests(source_media)
    assert backup.verify(manifest, using="restore", media_root=tmp_path / "restored-media") == []

    # New rows continue after the restored ids (sequences reset on PostgreSQL).
    from org.models import Person, Unit

    city = Unit.objects.using("restore").get(depth=1)
    person = Person.objects.using("restore").create(name="王五", unit=city)
    assert person.pk > max(Person.objects.using("default").values_list("pk", flat=True))


def test_restore_refuses_a_database_in_use(used_site, tmp_path, settings):
    archive = tmp_path / "quzhi.tar.gz"
    backup.backup(archive, using="default", media_root=Path(settings.MEDIA_ROOT))
    with pytest.raises(CommandError, match="数据库不是空的"):
        call_command("restore", str(archive), database="default")


def test_restore_refuses_a_media_folder_in_use(used_site, tmp_path, settings):
    archive = tmp_path / "quzhi.tar.gz"
    backup.backup(archive, using="default", media_root=Path(settings.MEDIA_ROOT))
    # The media folder still holds the photo.
    with pytest.raises(CommandError, match="上传文件目录"):
        call_command("restore", str(archive), database="restore")
    from org.models import Unit

    assert not Unit.objects.using("restore").exists()


def rewrite(archive: Path, target: Path, change) -> None:
    """Copy the archive, passing the manifest through `change` (a dict → dict function)."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read() if member.isfile() else b""
            if member.name == backup.MANIFEST:
                data = json.dumps(change(json.loads(data))).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


def test_restore_refuses_an_archive_from_a_newer_version(used_site, tmp_path, settings):
    archive = tmp_path / "quzhi.tar.gz"
    backup.backup(archive, using="default", media_root=Path(settings.MEDIA_ROOT))
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    newer = tmp_path / "newer.tar.gz"
    rewrite(archive, newer, lambda m: {**m, "version": "99.0.0"})
    with pytest.raises(CommandError, match=r"更新的版本 99\.0\.0"):
        call_command("restore", str(newer), database="restore")
    unknown = tmp_path / "unknown-migration.tar.gz"
    rewrite(archive, unknown, lambda m: {**m, "migrations": [*m["migrations"], ["org", "9999_from_the_future"]]})
    with pytest.raises(CommandError, match=r"org\.9999_from_the_future"):
        call_command("restore", str(unknown), database="restore")


def test_restore_checks_the_data_against_the_manifest(used_site, tmp_path, settings):
    archive = tmp_path / "quzhi.tar.gz"
    backup.backup(archive, using="default", media_root=Path(settings.MEDIA_ROOT))
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    tampered = tmp_path / "tampered.tar.gz"

    def one_row_fewer(m):
        m["tables"]["org.unit"]["rows"] -= 1
        return m

    rewrite(archive, tampered, one_row_fewer)
    with pytest.raises(CommandError, match=r"org\.unit 的数据与清单不符"):
        call_command("restore", str(tampered), database="restore")
    from org.models import Unit

    assert not Unit.objects.using("restore").exists()  # nothing half-written
    assert backup.media_files(tmp_path / "empty-media") == []


@pytest.mark.django_db(transaction=True)
def test_backup_reads_one_snapshot_while_the_site_writes(tmp_path):
    """Outside any caller's transaction the backup opens its own; on PostgreSQL a row committed
    by another connection during the backup is not in it (REPEATABLE READ)."""
    import threading

    from django.db import connections

    from org.models import Person, Unit
    from org.testing import build_world

    build_world()
    people = Person.objects.count()
    seen: dict = {}

    def another_request():
        try:
            Person.objects.create(name="并发写入", unit=Unit.objects.get(depth=1))
        finally:
            connections.close_all()

    def progress(label, rows):
        connection = connections["default"]
        seen.setdefault("in_transaction", connection.in_atomic_block)
        if connection.vendor == "postgresql" and "isolation" not in seen:
            with connection.cursor() as cursor:
                cursor.execute("SHOW transaction_isolation")
                seen["isolation"] = cursor.fetchone()[0]
            writer = threading.Thread(target=another_request)
            writer.start()
            writer.join()

    manifest = backup.backup(
        tmp_path / "live.tar.gz", using="default", media_root=tmp_path / "media", progress=progress
    )
    assert seen["in_transaction"] is True
    assert not connections["default"].in_atomic_block  # and closed it
    if connections["default"].vendor == "postgresql":
        assert seen["isolation"] == "repeatable read"
        assert Person.objects.count() == people + 1
        assert manifest.tables["org.person"]["rows"] == people
    else:
        assert manifest.tables["org.person"]["rows"] == people
