"""`quzhi import_ledger FILE --as USERNAME [--mapping NAME] [--set FIELD=VALUE …] [--commit] [--json]`:
the ledger import's dry run (and commit) from the command line, as the import page does it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.context import acting_as
from core.importing import ImportFailed, TableFileError, normalise
from core.queries import find_import_mapping
from org.models import User
from projects import imports


def field_of(key: str) -> str:
    """A ledger field from its Chinese header (any name it accepts) or its field name."""
    wanted = normalise(key)
    for col in imports.ledger_columns():
        if wanted == col.field or wanted in {normalise(h) for h in col.headers}:
            return col.field
    names = "、".join(c.headers[0] for c in imports.ledger_columns())
    raise CommandError(f"没有字段“{key}”。可用：{names}")


def summary(preview) -> dict:
    """The one JSON object the command prints (see docs/projects.md)."""
    result = preview.result
    return {
        "rows": len(result.rows),
        "create": preview.count("create"),
        "update": preview.count("update"),
        "unchanged": preview.count("unchanged"),
        "skipped": [{"sheet": s.sheet, "row": s.row, "why": s.why} for s in result.skipped],
        "checks": [{"sheet": c.sheet, "row": c.row, "what": c.what, "ok": c.ok} for c in result.checks],
        "errors": [{"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message} for e in result.errors],
    }


class Command(BaseCommand):
    help = "导入项目台账（.xlsx 或 .xls）：检查全部行；加 --commit 写入（全部写入或全部不写入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账文件")
        parser.add_argument("--as", dest="username", required=True, help="以此用户的身份和数据权限导入")
        parser.add_argument("--mapping", default=None, help="使用该用户单位保存的列对应方案（名称）")
        parser.add_argument(
            "--set", dest="sets", action="append", default=[], metavar="FIELD=VALUE",
            help="表中没有的字段取此值，如 --set 所属单位=马村区（字段写中文表头或字段名）",
        )  # fmt: skip
        parser.add_argument("--commit", action="store_true", help="检查无误后写入")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有启用的用户“{options['username']}”。")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"读不到文件 {path}：{exc.strerror}") from None
        constants = {}
        for item in options["sets"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set 应写作 字段=值：“{item}”")
            constants[field_of(key.strip())] = value.strip()
        mapping = self.mapping(user, options["mapping"]) if options["mapping"] else None
        if mapping is not None:
            constants = {**mapping.constants, **constants}
            mapping = mapping.columns
        try:
            with acting_as(user):
                if options["commit"]:
                    try:
                        preview = imports.commit(user, data, mapping=mapping, constants=constants)
                    except ImportFailed as failed:
                        preview = failed.preview
                else:
                    preview = imports.dry_run(user, data, mapping=mapping, constants=constants)
        except TableFileError as exc:
            raise CommandError(str(exc)) from None
        self.report(preview, options)
        if preview.errors:
            raise SystemExit(1)

    def mapping(self, user, name: str):
        found = find_import_mapping(user, "ledger", name)
        if found is None:
            raise CommandError(f"您的单位没有名为“{name}”的列对应方案。")
        return found

    def report(self, preview, options) -> None:
        data = summary(preview)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        written = options["commit"] and not preview.errors
        verb = "已写入" if written else "检查结果（未写入）"
        self.stdout.write(f"{verb}：共 {data['rows']} 行，新增 {data['create']}，更新 {data['update']}，"
                          f"不变 {data['unchanged']}。")  # fmt: skip
        for c in data["checks"]:
            self.stdout.write(f"  {'相符' if c['ok'] else '不符'}：工作表「{c['sheet']}」第{c['row']}行 {c['what']}")
        for s in data["skipped"]:
            where = f"第{s['row']}行" if s["row"] else ""
            self.stdout.write(f"  跳过：工作表「{s['sheet']}」{where}：{s['why']}")
        for e in data["errors"]:
            where = "".join(
                [f"工作表「{e['sheet']}」" if e["sheet"] else "", f"第{e['row']}行" if e["row"] else "",
                 f"「{e['column']}」" if e["column"] else ""]
            )  # fmt: skip
            self.stderr.write(f"  错误：{where}：{e['message']}" if where else f"  错误：{e['message']}")
