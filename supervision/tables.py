"""The columns of the supervision lists: each one draws the page's table and writes the export."""

from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import Col, Table

from . import queries


def _co_units(t) -> str:
    return format_html_join("", '<span class="text-muted small">、{}</span>', ((u.name,) for u in t.co_units.all()))


def _remaining(t) -> str:
    if t.status.workdays_over:
        return format_html('<span class="text-danger">{}</span>', _("逾期 %(n)s") % {"n": t.status.workdays_over})
    return t.status.workdays_left if t.state == "open" else "—"


def _round(i) -> str:
    return format_html(' <span class="small text-muted">{}</span>', i.round.name) if i.round else ""


TASK = Table(
    [
        Col("title", gettext_lazy("督办事项"), link=True, sample=True, width=40),
        Col("source", gettext_lazy("来源"), width=10),
        Col("source_detail", gettext_lazy("来源说明"), html=False, width=24),
        Col("lead_unit", gettext_lazy("牵头单位"), accessor="lead_unit.name", after=_co_units, width=18),
        Col(
            "co_units",
            gettext_lazy("配合单位"),
            value=lambda t: "、".join(u.name for u in t.co_units.all()),
            html=False,
            width=24,
        ),
        Col("leader", gettext_lazy("督办领导"), accessor="leader.name", width=10),
        Col("assigned_on", gettext_lazy("交办日期"), html=False, width=12),
        Col("deadline", gettext_lazy("办结时限"), width=12),
        Col("remaining", gettext_lazy("剩余/逾期（工作日）"), render=_remaining, end=True, export=False),
        Col(
            "progress_pct",
            gettext_lazy("进度"),
            export_label=gettext_lazy("进度（%）"),
            end=True,
            text=lambda t: "—" if t.progress_pct is None else f"{t.progress_pct}%",
            width=8,
        ),
        Col("state", gettext_lazy("状态"), badge=True, width=8),
        Col(
            "colour",
            gettext_lazy("预警"),
            template="supervision/_colour.html",
            template_vars=lambda t: {"s": t.status},
            value=lambda t: str(queries.TASK_COLOUR_LABELS[t.status.colour]),
            width=10,
        ),
        Col("workdays_over", gettext_lazy("逾期（工作日）"), accessor="status.workdays_over", html=False, width=10),
    ],
    empty=gettext_lazy("没有符合条件的督办事项。"),
    above="supervision/_task_colours.html",
)

INSPECTION = Table(
    [
        Col("visited_on", gettext_lazy("日期"), link=True, width=12),
        Col("kind", gettext_lazy("类型"), badge=True, after=_round, width=12),
        Col("round", gettext_lazy("观摩评比"), accessor="round.name", html=False, width=16),
        Col("project", gettext_lazy("项目"), accessor="project.name", link="project", width=30),
        Col("unit", gettext_lazy("所属单位"), accessor="project.unit.name", width=16),
        Col("inspectors", gettext_lazy("参加人员"), width=20),
        Col(
            "findings",
            gettext_lazy("发现问题及意见"),
            text=lambda i: Truncator(i.findings).chars(60),
            css="small",
            width=50,
        ),
    ],
    empty=gettext_lazy("尚无巡查观摩记录。"),
)
