"""`quzhi issue_bulletin`: draft the scheduled bulletin now (for cron when Celery is not configured)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from core.context import acting_as
from supervision.models import BulletinSettings
from supervision.scheduled import issue_scheduled


class Command(BaseCommand):
    help = "起草定时通报（上周的周通报或上月的月通报），待送审签发；同一统计期已起草的不再重复。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=["weekly", "monthly"], default="weekly")
        parser.add_argument("--as-of", type=date.fromisoformat, help="统计截至日期（默认：上周日或上月末）")
        parser.add_argument("--force", action="store_true", help="该统计期已有通报时仍然生成")

    def handle(self, *args, kind, as_of, force, **options):
        settings = BulletinSettings.current()
        if settings.schedule_unit is None or settings.schedule_user is None:
            raise CommandError("请先在“督办设置”中指定定时通报的范围和生成人。")
        with acting_as(settings.schedule_user):
            bulletin = issue_scheduled(kind=kind, as_of=as_of, force=force)
        if bulletin is None:
            self.stdout.write("该统计期的通报已经起草，未重复起草（可用 --force）。")
        else:
            self.stdout.write(self.style.SUCCESS(f"已起草 {bulletin.title}，待送审"))
