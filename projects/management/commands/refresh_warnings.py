"""`quzhi refresh_warnings`: the nightly run (cron or Celery beat) — every project's stored warning
judged again for the current period, as time passes (a new month, a planned start overrun)."""

import time

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date

from projects import actions


class Command(BaseCommand):
    help = "按当前报告期重新判定全部重点项目的红黄绿预警并保存。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="按该日期所在的报告期判定（YYYY-MM-DD），默认今天。")

    def handle(self, *args, as_of=None, **options):
        started = time.perf_counter()
        changed = actions.refresh_warnings(today=parse_date(as_of) if as_of else None)
        self.stdout.write(f"预警变化 {changed} 个项目，用时 {time.perf_counter() - started:.1f} 秒。")
