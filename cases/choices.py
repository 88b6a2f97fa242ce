from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class CaseKind(ChoiceSet):
    ENTERPRISE = "enterprise", _("企业诉求"), "primary"
    VOICE = "voice", _("传声"), "info"
    WHISTLE = "whistle", _("吹哨"), "danger"
    ERRAND = "errand", _("帮办代办"), "success"


GRID_KINDS = (CaseKind.VOICE, CaseKind.WHISTLE, CaseKind.ERRAND)


class CaseState(ChoiceSet):
    ACCEPTED = "accepted", _("待派单"), "secondary"
    DISPATCHED = "dispatched", _("待签收"), "info"
    HANDLING = "handling", _("办理中"), "primary"
    REPLIED = "replied", _("待回访"), "warning"
    RATED = "rated", _("待办结"), "warning"
    CLOSED = "closed", _("已办结"), "success"


OPEN_STATES = tuple(s.value for s in CaseState if s != CaseState.CLOSED)


class CaseAction(ChoiceSet):
    ACCEPT = "accept", _("受理")
    DISPATCH = "dispatch", _("派单")
    SIGN = "sign", _("签收")
    RETURN = "return", _("退回")
    NOTE = "note", _("办理记录")
    EXTEND = "extend", _("申请延期")
    APPROVE_EXTENSION = "approve_extension", _("同意延期")
    REJECT_EXTENSION = "reject_extension", _("不同意延期")
    REPLY = "reply", _("反馈")
    RATE = "rate", _("回访评价")
    REWORK = "rework", _("重办")
    CLOSE = "close", _("办结")
    ESCALATE = "escalate", _("超期上报")


class Satisfaction(ChoiceSet):
    SATISFIED = "satisfied", _("满意"), "success"
    BASIC = "basic", _("基本满意"), "info"
    UNSATISFIED = "unsatisfied", _("不满意"), "danger"


class Colour(ChoiceSet):
    NORMAL = "normal", _("正常"), "secondary"
    YELLOW = "yellow", _("即将超期"), "warning"
    RED = "red", _("已超期"), "danger"
    DONE = "done", _("已办结"), "success"


class OfficerRole(ChoiceSet):
    LEADER = "leader", _("首席服务官")
    OFFICER = "officer", _("服务专员")


class HouseholdCategory(ChoiceSet):
    ALONE = "alone", _("独居老人")
    EMPTY_NEST = "empty_nest", _("空巢老人")
    HARDSHIP = "hardship", _("困难家庭")
    DISABLED = "disabled", _("残疾人")
    OTHER = "other", _("其他")
