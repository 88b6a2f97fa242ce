from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class ProjectLevel(ChoiceSet):
    PROVINCE = "province", _("省重点"), "danger"
    CITY = "city", _("市重点"), "warning"
    DISTRICT = "district", _("区重点"), "info"


class ProjectCategory(ChoiceSet):
    INDUSTRY = "industry", _("工业")
    SERVICES = "services", _("服务业")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    URBAN = "urban", _("城建")
    SOCIAL = "social", _("社会事业")
    AGRICULTURE = "agriculture", _("农林水")
    PREPARATORY = "preparatory", _("前期")


class ConstructionNature(ChoiceSet):
    NEW = "new", _("新建")
    CONTINUED = "continued", _("续建")
    EXPANSION = "expansion", _("扩建")
    PREPARATORY = "preparatory", _("前期")
    RESERVE = "reserve", _("储备")


class Stage(ChoiceSet):
    """谋划 → 签约 → 开工 → 在建 → 竣工 → 投产, in this order."""

    PLANNING = "planning", _("谋划"), "secondary"
    SIGNED = "signed", _("签约"), "info"
    STARTED = "started", _("开工"), "primary"
    BUILDING = "building", _("在建"), "primary"
    COMPLETED = "completed", _("竣工"), "success"
    OPERATING = "operating", _("投产"), "success"

    @classmethod
    def order(cls, value: str) -> int:
        return list(cls.values).index(value)


class FundingKind(ChoiceSet):
    CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
    SPECIAL_BOND = "special_bond", _("专项债")
    PROVINCIAL = "provincial", _("省级资金")
    CITY = "city", _("市级资金")
    DISTRICT = "district", _("区级资金")
    SELF = "self", _("企业自筹")
    LOAN = "loan", _("银行贷款")
    OTHER = "other", _("其他")


class ProblemStatus(ChoiceSet):
    OPEN = "open", _("未解决"), "danger"
    RESOLVED = "resolved", _("已解决"), "success"


class ReportState(ChoiceSet):
    DRAFT = "draft", _("草稿"), "secondary"
    SUBMITTED = "submitted", _("已报送"), "primary"
    APPROVED = "approved", _("已审核"), "success"
    RETURNED = "returned", _("已退回"), "danger"
    SUPERSEDED = "superseded", _("已更正"), "light"


class WarningColour(ChoiceSet):
    """How a project's warning (projects.calc.Colour) is shown."""

    GREEN = "green", _("绿"), "success"
    YELLOW = "yellow", _("黄"), "warning"
    RED = "red", _("红"), "danger"
