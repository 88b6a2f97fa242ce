from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class CaseKind(ChoiceSet):
    ENTERPRISE = "enterprise", _("企业诉求")
    VOICE = "voice", _("传声")
    WHISTLE = "whistle", _("吹哨")
    ERRAND = "errand", _("帮办代办")

    @classmethod
    def colors(cls):
        return {"enterprise": "primary", "voice": "info", "whistle": "danger", "errand": "success"}


GRID_KINDS = (CaseKind.VOICE, CaseKind.WHISTLE, CaseKind.ERRAND)


class CaseState(ChoiceSet):
    ACCEPTED = "accepted", _("待派单")
    DISPATCHED = "dispatched", _("待签收")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("待回访")
    RATED = "rated", _("待办结")
    CLOSED = "closed", _("已办结")

    @classmethod
    def colors(cls):
        return {"accepted": "secondary", "dispatched": "info", "handling": "primary", "replied": "warning",
                "rated": "warning", "closed": "success"}  # fmt: skip


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
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")

    @classmethod
    def colors(cls):
        return {"satisfied": "success", "basic": "info", "unsatisfied": "danger"}


class Colour(ChoiceSet):
    NORMAL = "normal", _("正常")
    YELLOW = "yellow", _("即将超期")
    RED = "red", _("已超期")
    DONE = "done", _("已办结")

    @classmethod
    def colors(cls):
        return {"normal": "secondary", "yellow": "warning", "red": "danger", "done": "success"}


class OfficerRole(ChoiceSet):
    LEADER = "leader", _("首席服务官")
    OFFICER = "officer", _("服务专员")


class HouseholdCategory(ChoiceSet):
    ALONE = "alone", _("独居老人")
    EMPTY_NEST = "empty_nest", _("空巢老人")
    HARDSHIP = "hardship", _("困难家庭")
    DISABLED = "disabled", _("残疾人")
    OTHER = "other", _("其他")
