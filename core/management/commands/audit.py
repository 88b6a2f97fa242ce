"""`manage.py audit verify`: walk the audit log's hash chain and report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from core import audit_chain
from core.models import AuditChainHead, AuditEntry


class Command(BaseCommand):
    help = "校验变更记录的哈希链：报告第一处断裂（记录编号和问题），或确认全部记录完好。"

    def add_arguments(self, parser):
        parser.add_argument("task", choices=["verify"], help="verify：校验哈希链")

    def handle(self, *args, **options):
        rows = (
            AuditEntry.objects.order_by("id")
            .values("id", "prev_hash", "row_hash", *audit_chain.FIELDS)
            .iterator(chunk_size=2000)
        )
        count, broken = audit_chain.first_break(rows)
        if broken is None and count:
            last = AuditEntry.objects.order_by("-id").values_list("id", "row_hash").first()
            head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
            if head is not None and head != last[1]:
                broken = audit_chain.Break(last[0], "最后一条记录的校验值与校验链记录的最新值不符（最新的记录被删除）")
        if broken is not None:
            raise CommandError(f"变更记录校验失败：编号 {broken.row_id} 的记录：{broken.problem}。")
        self.stdout.write(self.style.SUCCESS(f"全部 {count} 条变更记录完好。"))
