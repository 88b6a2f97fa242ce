"""`quzhi ingest FILE...`: store documents and their candidate facts for review, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.context import acting_as
from ingest import actions, queries
from org.models import Unit, User


class Command(BaseCommand):
    help = "导入文稿：保存原文并抽取待审核的事实（同一文稿不会重复导入）。"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--user", required=True, help="以该用户的名义导入（须有审核权限）")
        parser.add_argument("--unit", help="文中数据所属单位的名称或代码")

    def handle(self, *args, files, user, unit, **options):
        try:
            actor = User.objects.get(username=user)
        except User.DoesNotExist as exc:
            raise CommandError(f"没有用户“{user}”。") from exc
        about = None
        if unit:
            about = Unit.objects.filter(name=unit).first() or Unit.objects.filter(code=unit).first()
            if about is None:
                raise CommandError(f"没有单位“{unit}”。")
        extractor = queries.extractor()
        failed = 0
        with acting_as(actor):
            for path in tqdm(files, desc="ingest", unit="file", file=self.stderr._out):
                try:
                    with open(path, encoding="utf-8", newline="") as handle:
                        text = handle.read()
                except (OSError, UnicodeDecodeError) as exc:
                    self.stderr.write(f"{path}: 无法读取为 UTF-8 文本（{exc}），已跳过。")
                    failed += 1
                    continue
                document, created = actions.ingest_document(actor=actor, name=path.rsplit("/", 1)[-1], text=text,
                                                            extractor=extractor, unit=about)  # fmt: skip
                state = "已导入" if created else "已存在"
                self.stdout.write(f"{state} {document.name}：{queries.to_review(document)} 条待审核事实")
        if failed:
            raise CommandError(f"{failed} 个文件未能导入。")
