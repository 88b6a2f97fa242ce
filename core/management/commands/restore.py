"""`quzhi restore FILE`: a `quzhi backup` archive into an empty, migrated database."""

import json
import tarfile
from pathlib import Path

from django.core.management.base import CommandError

from core import backup
from core.management.archive import ArchiveCommand


class Command(ArchiveCommand):
    help = "从 quzhi backup 生成的归档恢复到空的（已迁移的）数据库和空的上传文件目录，并核对行数与校验和。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="quzhi backup 生成的 .tar.gz 文件")
        super().add_arguments(parser)

    def handle(self, *args, **options):
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(f"找不到文件 {source}。")
        try:
            manifest, rows = self.run(backup.restore, source, options)
        except (OSError, EOFError, tarfile.TarError, json.JSONDecodeError) as exc:
            raise CommandError(f"无法读取归档 {source}：{exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {source} 恢复：{len(manifest.tables)} 张表 {rows} 行，{len(manifest.media)} 个上传文件，"
                f"行数和校验和均与清单一致（备份于 {manifest.created_at}，版本 {manifest.version}）。"
            )
        )
