"""`quzhi workdays DATE N`: the N-th working day after DATE, and whether the calendar had to guess it."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from core.calendar import workday_calendar

WEEKDAYS = "一二三四五六日"


class Command(BaseCommand):
    help = "打印某日之后第 N 个工作日（按节假日安排，含调休），并注明是否为推算。"

    def add_arguments(self, parser):
        parser.add_argument("date", help="起算日，YYYY-MM-DD（当天不计）")
        parser.add_argument("n", type=int, help="工作日数")

    def handle(self, *args, **options):
        try:
            start = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"“{options['date']}”不是日期，请写成 YYYY-MM-DD。") from None
        n = options["n"]
        if not 0 <= n <= 1000:
            raise CommandError("工作日数应在 0 至 1000 之间。")
        calendar = workday_calendar()
        day = calendar.add_workdays(start, n)
        line = f"{start} 后第 {n} 个工作日：{day.date}（星期{WEEKDAYS[day.date.weekday()]}）"
        if day.fallback:
            years = sorted({y for y in range(start.year, day.date.year + 1) if not calendar.is_known(y)})
            unknown = "、".join(str(y) for y in years)
            line += f"　推算：{unknown} 年的节假日安排尚未发布，未录入的日期按周一至周五计"
        self.stdout.write(line)
