"""`quzhi notify_sweep`: the daily run (cron) — reminders of what is close to or past its deadline."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from notices import actions, sweeps


class Command(BaseCommand):
    help = "发送到期提醒和超期提醒；同一提醒在设定的天数内不重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="按该日期计算（YYYY-MM-DD），默认今天。")
        parser.add_argument("--flush-only", action="store_true", help="只发送免打扰和每日汇总暂缓的消息。")

    def handle(self, *args, as_of=None, flush_only=False, **options):
        flushed = actions.flush_held()
        self.stdout.write(f"发送暂缓的消息 {flushed} 条。")
        if flush_only:
            return
        day = parse_date(as_of) if as_of else timezone.localdate()
        if day is None:
            raise CommandError("--as-of 应写作 2026-03-01。")
        sent = actions.send_reminders(reminders=sweeps.due(day))
        self.stdout.write(f"发送提醒 {sent} 条。")
