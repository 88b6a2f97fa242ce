"""`quzhi backup FILE`: the database, the uploaded files and a manifest in one .tar.gz."""

from pathlib import Path

from django.core.management.base import CommandError

from core import backup
from core.management.archive import ArchiveCommand


class Command(ArchiveCommand):
    help = "备份数据库和上传文件到一个归档文件（.tar.gz），网站运行时也可执行。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="归档文件，如 var/backups/quzhi-20261205.tar.gz")
        super().add_arguments(parser)
        parser.add_argument("--force", action="store_true", help="覆盖已存在的文件")

    def handle(self, *args, **options):
        target = Path(options["file"])
        if target.exists() and not options["force"]:
            raise CommandError(f"{target} 已存在；换一个文件名，或加 --force 覆盖。")
        if not target.parent.is_dir():
            raise CommandError(f"目录 {target.parent} 不存在。")
        manifest, rows = self.run(backup.backup, target, options)
        self.stdout.write(
            self.style.SUCCESS(
                f"已备份到 {target}：{len(manifest.tables)} 张表 {rows} 行，{len(manifest.media)} 个上传文件"
                f"（版本 {manifest.version}，{len(manifest.migrations)} 个数据库迁移）。"
            )
        )
