from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet
from core.scope import DataScope


class UnitKind(ChoiceSet):
    CITY = "city", _("市"), "dark"
    DISTRICT = "district", _("区/县"), "primary"
    ZONE = "zone", _("示范区/开发区"), "primary"
    TOWN = "town", _("乡镇"), "info"
    STREET = "street", _("街道"), "info"
    VILLAGE = "village", _("村"), "success"
    COMMUNITY = "community", _("社区"), "success"
    GRID = "grid", _("微网格"), "warning"
    DEPARTMENT = "department", _("部门"), "secondary"


# Which kinds may sit directly under which: the administrative tree, with departments
# under a city or a district and micro-grids under a village, community, town or street.
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    UnitKind.CITY: {None},
    UnitKind.DISTRICT: {UnitKind.CITY},
    UnitKind.ZONE: {UnitKind.CITY},
    UnitKind.TOWN: {UnitKind.DISTRICT, UnitKind.ZONE},
    UnitKind.STREET: {UnitKind.DISTRICT, UnitKind.ZONE},
    UnitKind.VILLAGE: {UnitKind.TOWN, UnitKind.STREET},
    UnitKind.COMMUNITY: {UnitKind.TOWN, UnitKind.STREET},
    UnitKind.GRID: {UnitKind.VILLAGE, UnitKind.COMMUNITY, UnitKind.TOWN, UnitKind.STREET},
    UnitKind.DEPARTMENT: {UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE},
}

# The division-code level a kind carries, when it carries one.
CODE_LEVELS = {
    UnitKind.CITY: {"city"},
    UnitKind.DISTRICT: {"county"},
    UnitKind.ZONE: {"county"},
    UnitKind.TOWN: {"town"},
    UnitKind.STREET: {"town"},
    UnitKind.VILLAGE: {"village"},
    UnitKind.COMMUNITY: {"village"},
}


class DataScopeChoice(ChoiceSet):
    OWN = DataScope.OWN, _("本单位")
    SUBTREE = DataScope.SUBTREE, _("本单位及下级")
    ALL = DataScope.ALL, _("全部")


class RoleCode(ChoiceSet):
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    DISTRICT_ADMIN = "district_admin", _("区级管理员")
    UNIT_USER = "unit_user", _("部门/乡镇用户")
    LEADER = "leader", _("领导")
    GRID_WORKER = "grid_worker", _("网格员")
    ENTERPRISE = "enterprise", _("企业用户")
    READ_ONLY = "read_only", _("只读")


class Industry(ChoiceSet):
    """国民经济行业分类 (GB/T 4754-2017) sections."""

    A = "A", _("农、林、牧、渔业")
    B = "B", _("采矿业")
    C = "C", _("制造业")
    D = "D", _("电力、热力、燃气及水生产和供应业")
    E = "E", _("建筑业")
    F = "F", _("批发和零售业")
    G = "G", _("交通运输、仓储和邮政业")
    H = "H", _("住宿和餐饮业")
    I = "I", _("信息传输、软件和信息技术服务业")  # noqa: E741
    J = "J", _("金融业")
    K = "K", _("房地产业")
    L = "L", _("租赁和商务服务业")
    M = "M", _("科学研究和技术服务业")
    N = "N", _("水利、环境和公共设施管理业")
    O = "O", _("居民服务、修理和其他服务业")  # noqa: E741
    P = "P", _("教育")
    Q = "Q", _("卫生和社会工作")
    R = "R", _("文化、体育和娱乐业")
    S = "S", _("公共管理、社会保障和社会组织")
    T = "T", _("国际组织")
