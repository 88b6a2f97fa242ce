"""The columns of the case lists: each one draws the page's table and writes the export."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import Col, Table

from . import queries
from .choices import CaseState
from .masking import mask_name, mask_phone


def _escalated(c) -> str:
    if not c.escalated_to_id:
        return ""
    return format_html(' <span class="badge text-bg-danger" title="{}">{}</span>', c.escalated_to.name, _("已上报"))


def _fallback(c) -> str:
    if not c.deadline_fallback:
        return ""
    return format_html(
        ' <span class="badge text-bg-light border" title="{}">{}</span>',
        _("该年度尚无节假日安排，按周一至周五推算"),
        _("推算"),
    )


def _remaining(c) -> str:
    if c.status.workdays_over:
        return format_html('<span class="text-danger">{}</span>', _("超期 %(n)s") % {"n": c.status.workdays_over})
    return c.status.workdays_left if c.state != CaseState.CLOSED else "—"


def _overdue(c) -> str:
    return _("是") if c.state != CaseState.CLOSED and c.due_on and c.due_on < queries.today() else ""


COLUMNS = [
    Col("number", gettext_lazy("编号"), css="text-nowrap", width=12),
    Col("title", gettext_lazy("标题"), link=True, sample=True, after=_escalated, width=36),
    Col("kind", gettext_lazy("渠道"), badge=True, card="hide", width=10),
    Col("case_type", gettext_lazy("诉求类型"), accessor="case_type.name", html=False, width=12),
    Col(
        "source",
        gettext_lazy("来源"),
        export=False,
        text=lambda c: (c.enterprise.short_name or c.enterprise.name) if c.enterprise else c.origin_unit.name,
    ),
    Col("origin_unit", gettext_lazy("来源单位"), accessor="origin_unit.name", html=False, width=18),
    Col("enterprise", gettext_lazy("企业"), accessor="enterprise.name", html=False, width=24),
    Col(
        "resident",
        gettext_lazy("群众"),
        export=False,
        css="text-nowrap",
        text=lambda c: f"{mask_name(c.resident_name)} {mask_phone(c.resident_phone)}",
    ),
    Col("resident_name", gettext_lazy("群众姓名"), value=lambda c: mask_name(c.resident_name), html=False, width=10),
    Col("resident_phone", gettext_lazy("联系电话"), value=lambda c: mask_phone(c.resident_phone), html=False, width=14),
    Col("handler_unit", gettext_lazy("承办单位"), accessor="handler_unit.name", default="—", width=18),
    Col("accepted_on", gettext_lazy("受理日期"), html=False, width=12),
    Col("due_on", gettext_lazy("当前环节时限"), default="—", after=_fallback, css="text-nowrap", width=12),
    Col("remaining", gettext_lazy("剩余/超期（工作日）"), render=_remaining, end=True, export=False),
    Col("state", gettext_lazy("状态"), badge=True, width=8),
    Col("overdue", gettext_lazy("已超期"), value=_overdue, html=False, width=8),
    Col(
        "colour",
        gettext_lazy("预警"),
        template="cases/_colour.html",
        template_vars=lambda c: {"s": c.status},
        export=False,
    ),
    Col("returns", gettext_lazy("退回次数"), html=False, width=8),
    Col("reworks", gettext_lazy("重办次数"), html=False, width=8),
    Col("satisfaction", gettext_lazy("满意度"), html=False, width=10),
]

CASE = Table(COLUMNS, empty=gettext_lazy("没有诉求。"), above="cases/_case_colours.html")
INBOX = Table(COLUMNS, empty=gettext_lazy("没有诉求。"))  # the same columns, without the colour filters

HOUSEHOLD = Table(
    [
        Col("grid", gettext_lazy("微网格"), accessor="grid.name", width=20),
        Col(
            "name",
            gettext_lazy("姓名"),
            value=lambda h: mask_name(h.name),
            text=lambda h: mask_name(h.name),
            link=True,
            sample=True,
            width=10,
        ),
        Col(
            "phone",
            gettext_lazy("联系电话"),
            value=lambda h: mask_phone(h.phone),
            text=lambda h: mask_phone(h.phone),
            width=14,
        ),
        Col("category", gettext_lazy("类别"), badge=True, width=10),
        Col("is_active", gettext_lazy("在册"), width=6),
    ],
    empty=gettext_lazy("没有重点关爱户。"),
)
