from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class FactType(ChoiceSet):
    INDICATOR = "indicator", _("指标数据")
    PROJECT = "project", _("项目")
    AMOUNT = "amount", _("金额")
    PERCENT = "percent", _("百分比")

    @classmethod
    def colors(cls):
        return {"indicator": "primary", "project": "warning", "amount": "secondary", "percent": "secondary"}


class CandidateState(ChoiceSet):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已采用")
    REJECTED = "rejected", _("已驳回")

    @classmethod
    def colors(cls):
        return {"pending": "primary", "accepted": "success", "rejected": "secondary"}
