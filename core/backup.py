"""One-file backups: `quzhi backup FILE` and `quzhi restore FILE` (docs/operations.md).

The archive is a .tar.gz holding

- `data/<app>.<model>.jsonl`: every row of every table, one JSON object a line, keyed by the
  column's attribute name, in an order where referenced tables come first;
- `media/…`: every file under MEDIA_ROOT (photos, attachments, bulletins);
- `manifest.json`: the application version, the migrations applied, the rows of each table and
  the SHA-256 of every data and media file.

Rows are read in one transaction (REPEATABLE READ on PostgreSQL; a WAL read transaction on
SQLite), so a backup taken while the site is running is consistent. They are streamed a chunk at a
time to temporary files, never held in memory all at once.

Content types and permissions are written as natural keys (app, model), because a freshly
migrated database numbers them its own way; every other row keeps its id. Sessions are left out.
"""

import base64
import datetime
import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path, PurePosixPath
from uuid import UUID

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_iso_string

FORMAT = 1
MANIFEST = "manifest.json"
SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# A database holding any of these is in use: restoring over it would mix two histories.
IN_USE = ("org.user", "org.unit", "core.auditentry")
CHUNK = 2000


class BackupError(Exception):
    """Why a backup or a restore was refused or failed; the message is for the operator."""


@dataclass
class Manifest:
    version: str
    created_at: str
    vendor: str
    migrations: list[list[str]]
    tables: dict[str, dict] = field(default_factory=dict)
    media: dict[str, dict] = field(default_factory=dict)
    format: int = FORMAT

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise BackupError(f"备份格式 {data.get('format')} 不受支持（本版本读取格式 {FORMAT}）。")
        return cls(**data)


def app_version() -> str:
    try:
        return metadata.version("quzhi")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "0"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0]))


# Which tables, in which order --------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every stored model, referenced tables before the tables that reference them."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.label_lower in SKIPPED:
            continue
        found.append(model)
    ordered: list[type[models.Model]] = []
    state: dict = {}

    def visit(model) -> None:
        if state.get(model) == "done":
            return
        if state.get(model) == "visiting":  # a cycle (e.g. a self reference): order does not matter
            return
        state[model] = "visiting"
        for f in model._meta.local_concrete_fields:
            target = f.remote_field.model if f.remote_field else None
            if target is not None and target in found and target is not model:
                visit(target)
        state[model] = "done"
        ordered.append(model)

    for model in sorted(found, key=lambda m: m._meta.label_lower):
        visit(model)
    return ordered


def _columns(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


# Values to JSON and back --------------------------------------------------------------------------


class _Keys:
    """Content types and permissions by natural key, per database."""

    def __init__(self, using: str):
        self.using = using
        self._ct_by_id: dict[int, list[str]] = {}
        self._perm_by_id: dict[int, list[str]] = {}

    def ct_key(self, pk: int) -> list[str]:
        if pk not in self._ct_by_id:
            ct = ContentType.objects.db_manager(self.using).get_for_id(pk)
            self._ct_by_id[pk] = [ct.app_label, ct.model]
        return self._ct_by_id[pk]

    def ct_id(self, key: list[str]) -> int:
        ct, _created = ContentType.objects.db_manager(self.using).get_or_create(app_label=key[0], model=key[1])
        return ct.pk

    def perm_key(self, pk: int) -> list[str]:
        if pk not in self._perm_by_id:
            perm = Permission.objects.using(self.using).select_related("content_type").get(pk=pk)
            self._perm_by_id[pk] = [perm.codename, perm.content_type.app_label, perm.content_type.model]
        return self._perm_by_id[pk]

    def perm_id(self, key: list[str]) -> int:
        try:
            return Permission.objects.db_manager(self.using).get_by_natural_key(*key).pk
        except Permission.DoesNotExist as exc:
            raise BackupError(f"权限 {'.'.join(key[1:])}.{key[0]} 在本数据库中不存在。") from exc


def _related(f: models.Field):
    return f.remote_field.model if f.remote_field is not None else None


def encode(f: models.Field, value, keys: _Keys):
    if value is None:
        return None
    target = _related(f)
    if target is ContentType:
        return keys.ct_key(value)
    if target is Permission:
        return keys.perm_key(value)
    if isinstance(f, models.JSONField) or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, datetime.date | datetime.time | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise BackupError(f"{f.model._meta.label}.{f.name}: 无法保存 {type(value).__name__} 类型的值。")


def decode(f: models.Field, value, keys: _Keys):
    if value is None:
        return None
    target = _related(f)
    if target is ContentType:
        return keys.ct_id(value)
    if target is Permission:
        return keys.perm_id(value)
    if isinstance(f, models.JSONField):
        return value
    if isinstance(f, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(f, models.FloatField):
        return float(value)
    return f.to_python(value)


# Backup -------------------------------------------------------------------------------------------


@contextmanager
def snapshot(using: str) -> Iterator[None]:
    """One read transaction for the whole backup."""
    connection = connections[using]
    if connection.in_atomic_block:  # the caller's transaction already fixes what is read
        yield
        return
    connection.ensure_connection()
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _HashingReader:
    """Reads a file for tarfile while hashing exactly what went into the archive."""

    def __init__(self, fh, digest):
        self.fh, self.digest = fh, digest

    def read(self, size=-1):
        data = self.fh.read(size)
        self.digest.update(data)
        return data


def media_files(media_root: Path) -> list[tuple[str, Path]]:
    if not media_root.exists():
        return []
    found = []
    for dirpath, _dirnames, filenames in os.walk(media_root):
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(media_root).as_posix(), path))
    return sorted(found)


def applied_migrations(using: str) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def backup(target: Path, *, using: str = "default", media_root: Path, progress=None) -> Manifest:
    """Write the archive to `target` (through a temporary file renamed at the end)."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    keys = _Keys(using)
    with tempfile.TemporaryDirectory(prefix="quzhi-backup-") as scratch, snapshot(using):
        manifest = Manifest(
            version=app_version(),
            created_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            vendor=connections[using].vendor,
            migrations=applied_migrations(using),
        )
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            for model in backed_up_models():
                label = model._meta.label_lower
                columns = _columns(model)
                rows = 0
                digest = hashlib.sha256()
                path = Path(scratch) / f"{label}.jsonl"
                query = model._base_manager.using(using).order_by("pk").values_list(*[c.attname for c in columns])
                with path.open("wb") as out:
                    for values in query.iterator(chunk_size=CHUNK):
                        record = {c.attname: encode(c, v, keys) for c, v in zip(columns, values, strict=True)}
                        # Sorted keys: the same rows give the same bytes on SQLite and PostgreSQL.
                        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                        line = text.encode() + b"\n"
                        digest.update(line)
                        out.write(line)
                        rows += 1
                manifest.tables[label] = {"table": model._meta.db_table, "rows": rows, "sha256": digest.hexdigest()}
                tar.add(path, arcname=f"data/{label}.jsonl")
                path.unlink()
                if progress:
                    progress(label, rows)
            for relative, path in media_files(Path(media_root)):
                info = tar.gettarinfo(str(path), arcname=f"media/{relative}")
                digest = hashlib.sha256()
                with path.open("rb") as fh:
                    tar.addfile(info, _HashingReader(fh, digest))
                manifest.media[relative] = {"size": info.size, "sha256": digest.hexdigest()}
            raw = manifest.as_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(raw)
            info.mtime = int(datetime.datetime.now().timestamp())
            tar.addfile(info, _BytesReader(raw))
    partial.replace(target)
    return manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.pos + size
        chunk = self.data[self.pos : end]
        self.pos += len(chunk)
        return chunk


# Restore ------------------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError as exc:
        raise BackupError("归档中没有 manifest.json，不是区治的备份文件。") from exc
    return Manifest.from_json(tar.extractfile(member).read())


def check_compatible(manifest: Manifest, using: str) -> None:
    """Refuse an archive from a newer version, or one whose migrations differ from the database's."""
    if version_key(manifest.version) > version_key(app_version()):
        raise BackupError(f"备份来自更新的版本 {manifest.version}，本程序为 {app_version()}：请先升级程序再恢复。")
    archive = {tuple(m) for m in manifest.migrations}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(archive - known)
    if unknown:
        names = "、".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(f"备份含有本程序没有的数据库迁移（{names}），来自更新的版本：请先升级程序再恢复。")
    here = {tuple(m) for m in applied_migrations(using)}
    if here != archive:
        missing = sorted(archive - here)
        extra = sorted(here - archive)
        detail = "；".join(
            part
            for part in (
                "数据库尚未执行：" + "、".join(f"{a}.{n}" for a, n in missing[:5]) if missing else "",
                "备份之后新增：" + "、".join(f"{a}.{n}" for a, n in extra[:5]) if extra else "",
            )
            if part
        )
        raise BackupError(
            f"数据库的迁移状态与备份不同（{detail}）。请用生成备份的版本恢复，"
            "或先将空数据库迁移到与备份相同的状态（quzhi migrate 应用名 迁移名），恢复后再执行 quzhi migrate。"
        )


def check_empty(using: str, media_root: Path) -> None:
    for label in IN_USE:
        model = apps.get_model(label)
        if model._base_manager.using(using).exists():
            raise BackupError(f"数据库不是空的（已有{model._meta.verbose_name}）：只能恢复到新建并已迁移的空数据库。")
    if media_files(Path(media_root)):
        raise BackupError(f"上传文件目录 {media_root} 不是空的：只能恢复到空目录。")


def _safe_relative(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"归档中的文件名不安全：{name}")
    return path.as_posix()


def _clear_seeded_rows(models_in_order: list, using: str) -> None:
    """Migrations seed some tables (roles, the indicator catalogue, settings): the archive has its own rows."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for model in reversed(models_in_order):
            if model._base_manager.using(using).exists():
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _insert_rows(model, lines, using: str, keys: _Keys, digest) -> int:
    connection = connections[using]
    columns = _columns(model)
    manager = model._base_manager.db_manager(using)
    batch_size = max(1, min(500, connection.ops.bulk_batch_size(columns, [None] * 500)))
    batch: list = []
    count = 0
    for line in lines:
        digest.update(line)
        record = json.loads(line)
        batch.append(model(**{c.attname: decode(c, record.get(c.attname), keys) for c in columns}))
        if len(batch) >= batch_size:
            manager._insert(batch, fields=columns, using=using, raw=True)
            count += len(batch)
            batch = []
    if batch:
        manager._insert(batch, fields=columns, using=using, raw=True)
        count += len(batch)
    return count


def restore(source: Path, *, using: str = "default", media_root: Path, progress=None) -> Manifest:
    """Restore the archive into an empty, migrated database and an empty media folder.

    Everything is checked before the transaction commits: the rows of each table against the
    manifest, the SHA-256 of each data and media file. On any error nothing is kept.
    The archive is read twice, each time from start to end: once for the manifest (at its end),
    once to load the tables and files in the order they were written.
    """
    media_root = Path(media_root)
    connection = connections[using]
    with tarfile.open(source, "r:gz") as tar:
        manifest = read_manifest(tar)
    check_compatible(manifest, using)
    check_empty(using, media_root)
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    missing = sorted(set(manifest.tables) - set(by_label))
    if missing:
        raise BackupError(f"备份中的数据表在本程序中不存在：{'、'.join(missing)}")
    order = [m for m in backed_up_models() if m._meta.label_lower in manifest.tables]
    written: list[Path] = []
    keys = _Keys(using)
    try:
        with transaction.atomic(using=using), tarfile.open(source, "r|gz") as tar:
            _clear_seeded_rows(order, using)
            loaded: set[str] = set()
            seen_media: set[str] = set()
            for member in tar:
                if member.name.startswith("data/") and member.name.endswith(".jsonl"):
                    label = member.name[len("data/") : -len(".jsonl")]
                    if label not in manifest.tables:
                        raise BackupError(f"数据文件 {member.name} 不在清单中。")
                    expected = manifest.tables[label]
                    digest = hashlib.sha256()
                    count = _insert_rows(by_label[label], tar.extractfile(member), using, keys, digest)
                    if digest.hexdigest() != expected["sha256"] or count != expected["rows"]:
                        raise BackupError(f"{label} 的数据与清单不符（{count} 行，清单 {expected['rows']} 行）。")
                    loaded.add(label)
                    if progress:
                        progress(label, count)
                elif member.name.startswith("media/"):
                    seen_media.add(_restore_file(tar, member, manifest, media_root, written))
            absent = sorted(set(manifest.tables) - loaded) + sorted(set(manifest.media) - seen_media)
            if absent:
                raise BackupError(f"清单中的以下内容在归档中缺失：{'、'.join(absent[:5])}")
            connection.check_constraints(table_names=[m._meta.db_table for m in order])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), order):
                    cursor.execute(sql)
            problems = verify(manifest, using=using, media_root=media_root)
            if problems:
                raise BackupError("恢复后核对不符：" + "；".join(problems[:5]))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return manifest


def _restore_file(tar, member: tarfile.TarInfo, manifest: Manifest, media_root: Path, written: list[Path]) -> str:
    if not member.isfile():
        raise BackupError(f"归档中的 {member.name} 不是普通文件。")
    relative = _safe_relative(member.name[len("media/") :])
    expected = manifest.media.get(relative)
    if expected is None:
        raise BackupError(f"文件 {relative} 不在清单中。")
    dest = media_root / relative
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with dest.open("wb") as out:
        written.append(dest)
        shutil.copyfileobj(_HashingReader(tar.extractfile(member), digest), out)
    if digest.hexdigest() != expected["sha256"]:
        raise BackupError(f"文件 {relative} 的校验和与清单不符。")
    return relative


def verify(manifest: Manifest, *, using: str, media_root: Path) -> list[str]:
    """Differences between the manifest and what the database and media folder hold now."""
    problems = []
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    for label, expected in manifest.tables.items():
        found = by_label[label]._base_manager.using(using).count()
        if found != expected["rows"]:
            problems.append(f"{label}: {found} 行，清单 {expected['rows']} 行")
    for relative, expected in manifest.media.items():
        path = Path(media_root) / relative
        if not path.is_file() or _sha256_file(path) != expected["sha256"]:
            problems.append(f"{relative}: 校验和不符")
    return problems
