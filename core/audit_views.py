from django.core.exceptions import PermissionDenied
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .filtersets import AuditEntryFilterSet
from .models import AuditEntry
from .tables import Col, Table
from .views import ScopedListView


def _e(entry) -> dict:
    return {"e": entry}  # the name the audit cell templates use


def _request(entry) -> str:
    return Truncator(entry.request_id or "").chars(14)


class AuditListView(ScopedListView):
    model = AuditEntry
    filterset_class = AuditEntryFilterSet
    title = _("变更记录")
    related = ("content_type",)
    table = Table(
        [
            Col("at", _("时间"), date_format="Y-m-d H:i:s", css="text-nowrap", width=20),
            Col("actor_name", _("操作人"), default="—", width=14),
            Col("action", _("操作"), template="core/_audit_action.html", template_vars=_e, width=8),
            Col("verb", _("说明"), html=False, width=14),
            Col("content_type", _("对象类型"), accessor="content_type.name", width=12),
            Col("object_id", _("对象编号"), html=False, width=10),
            Col("object_repr", _("对象"), width=30),
            Col(
                "changes",
                _("变更内容"),
                template="core/_audit_changes.html",
                template_vars=lambda e: {"e": e},
                export=False,
            ),
            Col("before", _("修改前"), value=lambda e: _side(e, 1), html=False, width=50),
            Col("after", _("修改后"), value=lambda e: _side(e, 2), html=False, width=50),
            Col(
                "request_id",
                _("请求编号"),
                text=lambda e: Truncator(e.request_id or "").chars(14),
                css="small text-muted",
                width=34,
            ),
            Col("client_ip", _("客户端地址"), css="small", width=16),
        ],
        empty=_("没有记录。"),
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.can_view_audit():
            raise PermissionDenied(_("您没有查看变更记录的权限。"))
        return super().dispatch(request, *args, **kwargs)


def _side(entry: AuditEntry, side: int) -> str:
    """One side of the changes as users read them: "项目级别：区重点；总投资：20亿元"."""
    return "；".join(f"{c[0]}：{c[side]}" for c in entry.labelled_changes() if c[side] is not None)
