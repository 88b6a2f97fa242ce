from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class FactType(ChoiceSet):
    INDICATOR = "indicator", _("指标数据"), "primary"
    PROJECT = "project", _("项目"), "warning"
    AMOUNT = "amount", _("金额"), "secondary"
    PERCENT = "percent", _("百分比"), "secondary"
    COUNT = "count", _("项目个数"), "info"
    GAP = "gap", _("比较差距"), "info"


# The facts a reviewer is asked about, listed and counted alike: the queue, a document's marks and
# "N 条待审核事实". Amounts and percentages on their own are kept, and listed when asked for by type.
REVIEWED_TYPES = (FactType.INDICATOR, FactType.PROJECT, FactType.COUNT, FactType.GAP)


class CandidateState(ChoiceSet):
    PENDING = "pending", _("待审核"), "primary"
    ACCEPTED = "accepted", _("已采用"), "success"
    REJECTED = "rejected", _("已驳回"), "secondary"
