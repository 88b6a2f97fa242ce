"""The columns of the indicator lists: each one draws the page's table and writes the export."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import Col, Table
from core.templatetags.quzhi import plain


def _level(v) -> str:
    return format_html('{} <span class="small text-muted">{}</span>', plain(v.level), v.indicator.unit)


VALUE = Table(
    [
        Col("unit", gettext_lazy("单位"), accessor="unit.name", width=16),
        Col(
            "period",
            gettext_lazy("报告期"),
            value=lambda v: v.period.label(),
            text=lambda v: v.period.label(),
            width=14,
        ),
        Col("indicator", gettext_lazy("指标"), accessor="indicator.name", link=True, width=24),
        Col("measure", gettext_lazy("计量单位"), accessor="indicator.unit", html=False, width=8),
        Col("level", gettext_lazy("总量"), render=_level, end=True, width=12),
        Col("growth", gettext_lazy("增速（%）"), text=lambda v: plain(v.growth), end=True, width=10),
        Col("source", gettext_lazy("来源"), badge=True, sample=True, width=10),
        Col("source_label", gettext_lazy("来源说明"), html=False, width=30),
        Col("is_sample", gettext_lazy("示例数据"), value=lambda v: _("是") if v.is_sample else "", html=False, width=8),
    ],
    empty=gettext_lazy("没有数据。"),
)

TARGET = Table(
    [
        Col("year", gettext_lazy("年度"), width=8),
        Col("unit", gettext_lazy("单位"), accessor="unit.name", width=16),
        Col("indicator", gettext_lazy("指标"), accessor="indicator.name", width=24),
        Col("describe", gettext_lazy("目标"), text=lambda t: t.describe(), sample=True, export=False),
        Col("kind", gettext_lazy("目标类型"), html=False, width=12),
        Col("value", gettext_lazy("目标值"), html=False, width=10),
        Col("approximate", gettext_lazy("左右"), value=lambda t: _("是") if t.approximate else "", html=False, width=6),
        Col("text", gettext_lazy("原文"), css="small", width=30),
        Col("edit", "", template="indicators/_target_edit.html", export=False),  # only to who may change it,
    ],
    empty=gettext_lazy("没有目标。"),
)
