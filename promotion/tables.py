"""The columns of the promotion lists: each one draws the page's table and writes the export."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.tables import Col, Table


def _investor_tags(x) -> str:
    tags = format_html_join("", ' <span class="badge text-bg-light border">{}</span>', ((t,) for t in x.investor_tags))
    origin = format_html(' <span class="text-muted small">{}</span>', x.investor_origin) if x.investor_origin else ""
    return format_html("{}{}", tags, origin)


LEAD = Table(
    [
        Col("name", _("项目名称"), link=True, sample=True, width=30),
        Col("investor", _("投资方"), after=_investor_tags, width=30),
        Col("investor_origin", _("客商来源地"), html=False, width=12),
        Col("investor_tags", _("企业类型"), value=lambda x: "、".join(x.investor_tags), html=False, width=12),
        Col("chain", _("产业链"), accessor="chain.name", width=14),
        Col("intended_investment", _("意向投资（亿元）"), money="亿元", end=True, width=14),
        Col("signed_investment", _("签约总投资（亿元）"), money="亿元", end=True, width=14),
        Col("stage", _("阶段"), badge=True, export_label=_("当前阶段"), width=10),
        Col("stage_date", _("阶段日期"), css="text-nowrap", width=12),
        Col("unit", _("责任单位"), accessor="unit.name", width=14),
        Col("leader", _("牵头领导"), accessor="leader.name", width=10),
        Col(
            "project", _("落地项目"), accessor="project.code", link="project", export_label=_("落地项目代码"), width=14
        ),
        Col("drop_reason", _("终止原因"), html=False, width=20),
        Col("is_sample", _("示例数据"), value=lambda x: _("是") if x.is_sample else "", html=False, width=8),
    ],
    empty=_("没有符合条件的招商项目。"),
)

ACTIVITY = Table(
    [
        Col("date", _("日期"), css="text-nowrap", width=12),
        Col("kind", _("类型"), badge=True, width=12),
        Col("title", _("活动名称"), link=True, sample=True, width=40),
        Col("place", _("地点"), width=12),
        Col("unit", _("组织单位"), accessor="unit.name", width=14),
        Col("leader", _("带队领导"), accessor="leader.name", width=10),
        Col("lead_count", _("对接项目"), end=True, export_label=_("对接项目（个）"), width=12),
    ],
    empty=_("没有符合条件的活动。"),
)

BID = Table(
    [
        Col("title", _("名称"), link=True, sample=True, width=40),
        Col("kind", _("类别"), width=8),
        Col("fund_type", _("资金类型"), width=14),
        Col("grant_level", _("争取层级"), width=8),
        Col("unit", _("申报单位"), accessor="unit.name", width=14),
        Col("state", _("状态"), badge=True, width=8),
        Col("package_investment", _("包装项目总投资（万元）"), money="万元", html=False, width=16),
        Col(
            "amount_requested", _("申请（万元）"), money="万元", end=True, export_label=_("申请金额（万元）"), width=14
        ),
        Col("amount_granted", _("获批（万元）"), money="万元", end=True, export_label=_("获批金额（万元）"), width=14),
        Col("prepared_on", _("谋划日期"), css="text-nowrap", width=12),
        Col("submitted_on", _("申报日期"), html=False, width=12),
        Col("decided_on", _("批复日期"), html=False, width=12),
    ],
    empty=_("没有符合条件的上争事项。"),
)
