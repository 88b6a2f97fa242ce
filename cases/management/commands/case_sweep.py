"""`quzhi case_sweep`: the daily run (cron) — overdue flags, then escalation to the unit above in
batches, with progress. Stopped half-way, it is simply run again."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from cases import actions, sweeping


class Command(BaseCommand):
    help = "重算服务诉求的超期状态，并将超期达到上报标准的诉求分批上报上级单位。"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="按该日期计算（YYYY-MM-DD），默认今天。")
        parser.add_argument("--batch", type=int, default=actions.ESCALATION_BATCH, help="每批上报的件数。")

    def handle(self, *args, as_of=None, batch=actions.ESCALATION_BATCH, **options):
        day = parse_date(as_of) if as_of else None
        if as_of and day is None:
            raise CommandError("--as-of 应写作 2026-03-01。")
        if not 1 <= batch <= 50_000:
            raise CommandError("--batch 应在 1 到 50000 之间。")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            seconds = time.perf_counter() - started
            self.stdout.write(f"上报 {done}/{total} 件（{seconds:.1f} 秒）")

        changed, escalated = sweeping.sweep(as_of=day, batch_size=batch, progress=progress)
        self.stdout.write(f"超期状态变化 {changed} 件，上报 {escalated} 件。")
