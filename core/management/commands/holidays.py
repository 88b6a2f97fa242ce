"""`quzhi holidays import FILE [--publish] [--apply]` and `quzhi holidays show YEAR`: the holiday calendar
from the command line, as 系统 → 节假日调整 does it in the browser."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core import actions, holidays, recompute, workdays
from core.calendar import workday_calendar
from core.models import HolidayYear, WorkdayOverride

WEEKDAYS = "一二三四五六日"


def state_of(year: int) -> str:
    row = HolidayYear.objects.filter(year=year).first()
    if row is not None and row.published:
        return "已发布"
    if workdays.package_knows(year):
        return "内置"
    return "推算（未发布）"


def print_summary(out, found: dict) -> int:
    total = 0
    for s in recompute.summarise(found):
        shifts = "；".join(f"{d:+d} 天 {n} 项" for d, n in s.shifts) or "—"
        out.write(f"  {s.label}：改变日期 {s.moved} 项（{shifts}），仅推算标记变化 {s.flags} 项")
        total += s.total
    return total


class Command(BaseCommand):
    help = "节假日安排：导入 holiday-cn 格式的 JSON 文件，或显示一年的节假日。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="导入 holiday-cn 格式的 JSON 文件（替换该年已录入的日期）")
        imp.add_argument("file", help="JSON 文件，如 2027.json")
        imp.add_argument("--publish", action="store_true", help="导入后标记为已发布（该年不再推算）")
        imp.add_argument("--apply", action="store_true", help="按新日历重算受影响的办理中时限")
        imp.add_argument("--notice", default=None, help="通知名称或文号")
        show = sub.add_parser("show", help="显示一年的节假日、调休上班日和状态")
        show.add_argument("year", type=int)

    def handle(self, *args, **options):
        if options["subcommand"] == "import":
            self.import_file(options)
        else:
            self.show(options["year"])

    def import_file(self, options):
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"读不到文件 {path}：{exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path} 不是有效的 JSON 文件：{exc}") from None
        try:
            row = actions.import_holiday_file(actor=None, data=data, publish=options["publish"],
                                              notice=options["notice"])  # fmt: skip
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        days = WorkdayOverride.of_notice(row.year)
        off, on = days.filter(is_workday=False).count(), days.filter(is_workday=True).count()
        self.stdout.write(f"{row.year} 年：已导入放假 {off} 天、调休上班 {on} 天；状态：{state_of(row.year)}")
        years = actions.notice_years(row.year)
        found = recompute.preview(workday_calendar(), years)
        self.stdout.write("受影响的办理中时限：")
        total = print_summary(self.stdout, found)
        if not total:
            self.stdout.write("没有需要调整的时限。")
        elif options["apply"]:
            actions.recompute_deadlines(actor=None, years=years)
            self.stdout.write(self.style.SUCCESS(f"已重算 {total} 项时限（每项写入变更记录）。"))
        else:
            self.stdout.write("尚未重算：加 --apply 重新运行，或在 系统 → 节假日调整 中确认。")

    def show(self, year: int):
        if not actions.MIN_YEAR <= year <= actions.MAX_YEAR:
            raise CommandError(f"年度应在 {actions.MIN_YEAR} 至 {actions.MAX_YEAR} 之间。")
        row = HolidayYear.objects.filter(year=year).first()
        names = dict(WorkdayOverride.objects.filter(date__year=year).values_list("date", "note"))
        grid = holidays.year_grid(workday_calendar(), year, names)
        self.stdout.write(f"{year} 年节假日安排　状态：{state_of(year)}")
        if row and row.notice:
            self.stdout.write(f"通知：{row.notice}")
        days = [d for _m, weeks in grid for week in weeks for d in week if d is not None]
        marked = [d for d in days if d.status == holidays.MAKEUP or (d.status == holidays.HOLIDAY and d.name)]
        ranges, makeup = holidays.holidays_of(
            holidays.DayOverride(d.date, d.status == holidays.MAKEUP, d.name) for d in marked
        )
        for h in ranges:
            n = (h.end - h.start).days + 1
            self.stdout.write(f"  {h.name}：{h.start} 至 {h.end} 放假，共 {n} 天")
        for day, name in makeup:
            self.stdout.write(f"  调休上班：{day}（星期{WEEKDAYS[day.weekday()]}）{name}")
        if not ranges and not makeup:
            self.stdout.write("  尚未录入放假和调休上班日期。")
        c = holidays.counts(grid)
        worked, makeup_n = c[holidays.WORKDAY] + c[holidays.MAKEUP], c[holidays.MAKEUP]
        self.stdout.write(f"全年：工作日 {worked} 天（含调休上班 {makeup_n} 天），"
                          f"法定节假日 {c[holidays.HOLIDAY]} 天，休息日 {c[holidays.REST]} 天")  # fmt: skip
