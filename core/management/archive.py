"""What `quzhi backup` and `quzhi restore` share: the database option, the progress lines, the
errors as the command's, the rows counted for the closing line."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import backup


class ArchiveCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def run(self, operation: Callable[..., backup.Manifest], archive: Path, options) -> tuple[backup.Manifest, int]:
        """`operation` (backup.backup or backup.restore) on `archive`; the manifest and its rows."""
        verbose = options["verbosity"] > 1
        try:
            manifest = operation(
                archive,
                using=options["database"],
                media_root=Path(settings.MEDIA_ROOT),
                progress=(lambda label, rows: self.stdout.write(f"  {label}: {rows}")) if verbose else None,
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        return manifest, sum(t["rows"] for t in manifest.tables.values())
