from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .filtersets import AuditEntryFilterSet
from .models import AuditEntry
from .tabular import Column
from .views import ScopedListView


class AuditListView(ScopedListView):
    model = AuditEntry
    filterset_class = AuditEntryFilterSet
    table_template = "core/_audit_table.html"
    title = _("变更记录")
    export_name = _("变更记录")
    export_columns = [
        Column(_("时间"), lambda e: e.at, 20),
        Column(_("操作人"), lambda e: e.actor_name, 14),
        Column(_("操作"), lambda e: e.get_action_display(), 8),
        Column(_("说明"), lambda e: e.verb, 14),
        Column(_("对象类型"), lambda e: e.content_type.name, 12),
        Column(_("对象编号"), lambda e: e.object_id, 10),
        Column(_("对象"), lambda e: e.object_repr, 30),
        Column(_("修改前"), lambda e: _side(e, 1), 50),
        Column(_("修改后"), lambda e: _side(e, 2), 50),
        Column(_("请求编号"), lambda e: e.request_id, 34),
        Column(_("客户端地址"), lambda e: e.client_ip, 16),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_view_audit():
            raise PermissionDenied(_("您没有查看变更记录的权限。"))
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return AuditEntry.objects.select_related("content_type")


def _side(entry: AuditEntry, side: int) -> str:
    """One side of the changes as users read them: "项目级别：区重点；总投资：20亿元"."""
    return "；".join(f"{c[0]}：{c[side]}" for c in entry.labelled_changes() if c[side] is not None)
