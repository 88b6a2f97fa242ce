from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class LeadStage(ChoiceSet):
    """对接洽谈 → 意向 → 签约 → 落地, or 终止 (dropped, with a reason)."""

    TALKS = "talks", _("对接洽谈"), "secondary"
    INTENT = "intent", _("意向"), "info"
    SIGNED = "signed", _("签约"), "primary"
    LANDED = "landed", _("落地"), "success"
    DROPPED = "dropped", _("终止"), "dark"


class ActivityKind(ChoiceSet):
    OUTBOUND = "outbound", _("外出招商"), "info"
    VISIT = "visit", _("客商来访"), "secondary"
    EVENT = "event", _("推介会/洽谈会"), "warning"
    SIGNING = "signing", _("签约仪式"), "success"


class BidKind(ChoiceSet):
    """What a 上争 application asks the province or the state for."""

    POLICY = "policy", _("政策")
    FUND = "fund", _("资金")
    PROJECT = "project", _("项目")
    PLATFORM = "platform", _("平台")
    HONOUR = "honour", _("荣誉")


class FundType(ChoiceSet):
    SPECIAL_BOND = "special_bond", _("专项债")
    CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
    SPECIALISED = "specialised", _("专精特新")
    SUBSIDY = "subsidy", _("其他补助资金")


class GrantLevel(ChoiceSet):
    STATE = "state", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")


class BidState(ChoiceSet):
    """谋划包装 → 申报 → 获批 / 未获批."""

    PREPARED = "prepared", _("谋划包装"), "secondary"
    SUBMITTED = "submitted", _("已申报"), "primary"
    APPROVED = "approved", _("获批"), "success"
    REJECTED = "rejected", _("未获批"), "danger"
