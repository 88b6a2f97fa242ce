"""The ledger's columns: one list draws the page's table and writes the export.

The export is also the import template (export → import changes nothing): its columns carry the
import's headers (`export_label`) and its values as the import reads them; the page shows the
period's figures in 亿元/万元 with the warning colours.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import to_unit
from core.tables import Col, Table
from core.templatetags.quzhi import pct, pp
from org.lookup import UnitLookup

from . import calc


def _wan6(yuan):
    return None if yuan is None else to_unit(yuan, "万元", places=6).normalize()


def _plan(p):
    """The project's plan for the ledger's year (prefetched as `year_plans` for the export)."""
    return p.year_plans[0] if p.year_plans else None


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _programmes(p) -> str:
    return format_html_join(
        "", '<span class="badge text-bg-light border">{}</span>', ((g.name,) for g in p.programmes.all())
    )


def _gap_class(p) -> str:
    return "text-danger" if p.gap is not None and p.gap < 0 else "text-success"


def _w(p) -> dict:
    return {"w": p.warning}


def project_table(user, year: int, month: int) -> Table:
    units = functools.cache(lambda: UnitLookup(user))  # two queries: only when the sheet is written
    # 责任单位 and 配合单位 may lie outside the user's scope: named as the import finds any active unit.
    any_units = functools.cache(lambda: UnitLookup(user, anywhere=True))
    plan = lambda p, f: getattr(_plan(p), f) if _plan(p) is not None else None  # noqa: E731
    return Table(
        [
            Col("code", gettext_lazy("项目代码"), sort="code", css="font-monospace small", export_label="项目代码"),
            Col(
                "name",
                gettext_lazy("项目名称"),
                sort="name",
                link=True,
                sample=True,
                export_label="项目名称",
                after=lambda p: format_html(" {}", _programmes(p)) if p.programmes.all() else "",
                width=36,
            ),
            Col("level", gettext_lazy("级别"), badge=True, export_label="项目级别", width=10),
            Col(
                "programmes",
                "工程/专项",
                value=lambda p: "、".join(sorted(g.name for g in p.programmes.all())),
                html=False,
                width=20,
            ),
            Col("category", gettext_lazy("类别"), export_label="行业类别", width=10),
            Col("nature", "建设性质", html=False, width=10),
            Col("stage", gettext_lazy("阶段"), sort="stage", badge=True, export=False),
            Col(
                "unit",
                gettext_lazy("所属单位"),
                accessor="unit.name",
                sort="unit__path",
                value=lambda p: units().label(p.unit),
                export_label="所属单位",
            ),
            Col("owner", "建设单位", html=False, width=20),
            Col("location", "建设地点", html=False, width=20),
            Col("content", "建设规模及主要内容", html=False, width=40),
            Col("start", "计划开工", accessor="planned_start", sort="planned_start", html=False, width=12),
            Col("planned_finish", "计划竣工", html=False, width=12),
            Col(
                "total",
                gettext_lazy("总投资（亿元）"),
                accessor="total_investment",
                sort="total_investment",
                money="亿元",
                end=True,
                export=False,
            ),
            Col("total_wan", "总投资（万元）", value=lambda p: _wan6(p.total_investment), html=False, width=14),
            Col("plan_year", "计划年度", value=lambda p: year if _plan(p) is not None else None, html=False, width=8),
            Col(
                "plan_amount", "年度计划投资（万元）", value=lambda p: _wan6(plan(p, "planned_investment")), html=False
            ),
            Col(
                "plan_to_start",
                "计划当年开工",
                html=False,
                width=10,
                value=lambda p: None if _plan(p) is None else ("是" if _plan(p).planned_to_start else "否"),
            ),
            Col(
                "plan", _("%(year)s年计划（万元）") % {"year": year}, sort="plan", money="万元", end=True, export=False
            ),
            Col(
                "ytd",
                _("1-%(month)s月累计（万元）") % {"month": month},
                sort="ytd",
                money="万元",
                end=True,
                export_label=_("1-%(m)s月累计完成（万元）") % {"m": month},
            ),
            Col(
                "completion",
                gettext_lazy("完成率"),
                text=lambda p: pct(p.completion),
                end=True,
                value=lambda p: _round(calc.completion_rate(ytd=p.ytd, plan=p.plan)),
                export_label=gettext_lazy("完成率（%）"),
                width=10,
            ),
            Col("gap", gettext_lazy("比序时进度"), text=lambda p: pp(p.gap), end=True, css_of=_gap_class, export=False),
            Col("leader", gettext_lazy("分包领导"), accessor="leader.name", export_label="分包领导", width=10),
            Col(
                "responsible_unit",
                "责任单位",
                value=lambda p: any_units().label(p.responsible_unit) if p.responsible_unit_id else None,
                html=False,
                width=16,
            ),
            Col(
                "co_units",
                "配合单位",
                value=lambda p: "、".join(any_units().label(u) for u in sorted(p.co_units.all(), key=lambda u: u.path)),
                html=False,
                width=24,
            ),
            Col("responsible_person", "责任人", html=False, width=10),
            Col("contact_name", "联系人", html=False, width=10),
            Col("contact_phone", "联系电话", html=False, width=14),
            Col(
                "warning",
                gettext_lazy("预警"),
                template="projects/_warning.html",
                template_vars=lambda p: {"w": p.warning},
                export=False,
            ),
        ],
        empty=gettext_lazy("没有符合条件的项目。"),
        tiebreak=("code",),
    )
