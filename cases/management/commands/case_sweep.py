"""`quzhi case_sweep`: the daily run (cron) — overdue flags, then escalation to the unit above."""

from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_date

from cases import actions


class Command(BaseCommand):
    help = "重算服务诉求的超期状态，并将超期达到上报标准的诉求上报上级单位。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="按该日期计算（YYYY-MM-DD），默认今天。")

    def handle(self, *args, as_of=None, **options):
        changed, escalated = actions.sweep(as_of=parse_date(as_of) if as_of else None)
        self.stdout.write(f"超期状态变化 {changed} 件，上报 {escalated} 件。")
