"""The columns of the review queue and the document list (pages only: neither is exported)."""

from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import Col, Table
from core.templatetags.quzhi import truncatechars_left


def _sentence(c) -> str:
    before, mark, after = c.sentence
    return format_html("{}<mark>{}</mark>{}", truncatechars_left(before, 60), mark, truncatechars(after, 40))


def _open(c) -> str:
    label = _("审核") if c.state == "pending" else _("查看")
    return format_html('<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>', c.get_absolute_url(), label)


QUEUE = Table(
    [
        Col("type", gettext_lazy("类型"), badge=True),
        Col("sentence", gettext_lazy("原文"), render=_sentence, css="small", style="max-width:38rem"),
        Col(
            "fields",
            gettext_lazy("抽取结果"),
            template="ingest/_fields.html",
            template_vars=lambda c: {"f": c.fields, "type": c.type},
            css="small",
        ),
        Col("document", gettext_lazy("文档"), text=str, accessor="document", css="small"),
        Col("state", gettext_lazy("状态"), badge=True),
        Col("open", "", render=_open),
    ],
    empty=gettext_lazy("没有待审核的事实。"),
)

DOCUMENT = Table(
    [
        Col("title", gettext_lazy("标题"), text=lambda d: d.title or d.name, link=True, sample=True, width=36),
        Col("name", gettext_lazy("文件名"), css="small", width=24),
        Col("published_on", gettext_lazy("刊发日期"), default="—", width=12),
        Col("unit", gettext_lazy("所述单位"), accessor="unit.name", default="—", width=16),
        Col("created_at", gettext_lazy("导入时间"), css="small", width=18),
    ],
    empty=gettext_lazy("尚无文档。"),
)
