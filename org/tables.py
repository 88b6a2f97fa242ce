"""The columns of the org lists: each one draws the page's table and writes the export."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import Col, Table
from core.templatetags.quzhi import mask_phone


def _key(e) -> str:
    return format_html(' <span class="badge text-bg-danger">{}</span>', _("重点")) if e.is_key else ""


PERSON = Table(
    [
        Col("name", _("姓名"), link=True, width=10),
        Col("title", _("职务"), width=24),
        Col("unit", _("所属单位"), accessor="unit.name", link="unit", width=24),
        Col("phone", _("电话"), text=lambda p: mask_phone(p.phone), width=16),
        Col("email", _("邮箱"), html=False, width=20),
        Col("is_active", _("在职"), width=6),
    ],
    empty=_("没有符合条件的人员。"),
)

ENTERPRISE = Table(
    [
        Col("name", _("企业名称"), link=True, after=_key, width=36),
        Col("credit_code", _("统一社会信用代码"), css="font-monospace", width=22),
        Col("unit", _("属地单位"), accessor="unit.name", width=20),
        Col("industry", _("行业门类"), width=16),
        Col("industry_detail", _("主营/产业链"), width=16),
        Col("is_key", _("重点企业"), html=False, width=8),
        Col("contact_name", _("联系人"), html=False, width=10),
        Col("contact_phone", _("联系电话"), text=lambda e: mask_phone(e.contact_phone), width=16),
    ],
    empty=_("没有符合条件的企业。"),
)

USER = Table(
    [
        Col("username", _("用户名"), link=True, width=16),
        Col("first_name", _("姓名"), width=10),
        Col("unit", _("所属单位"), accessor="unit.name", default="—", width=20),
        Col("role", _("角色"), accessor="role.name", default="—", width=14),
        Col("is_active", _("启用"), width=6),
        Col("last_login", _("最近登录"), default="—", width=20),
    ],
    empty=_("没有符合条件的用户。"),
)
