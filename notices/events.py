"""Which events send a message, and who receives each: the one table (docs/notifications.md shows it).

The apps that own the objects send the messages from their actions, after the transaction commits
(`notices.actions.notify_units_later`), naming the units this table says. A unit's users receive a
message only if their data scope lets them see the object, so whoever the scope makes responsible
is told, and nobody outside it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPORT_RETURNED = "report_returned", _("月报被退回")
    REPORT_APPROVED = "report_approved", _("月报审核通过")
    REPORT_DUE_SOON = "report_due_soon", _("月报即将到期")
    REPORT_OVERDUE = "report_overdue", _("月报逾期未报")
    TASK_ASSIGNED = "task_assigned", _("督办事项交办")
    TASK_REOPENED = "task_reopened", _("督办事项重新打开")
    TASK_DUE_SOON = "task_due_soon", _("督办事项即将到期")
    TASK_OVERDUE = "task_overdue", _("督办事项超期")
    CASE_DISPATCHED = "case_dispatched", _("诉求派单")
    CASE_RETURNED = "case_returned", _("诉求被退回")
    CASE_DUE_SOON = "case_due_soon", _("诉求即将超期")
    CASE_OVERDUE = "case_overdue", _("诉求已超期")
    CASE_ESCALATED = "case_escalated", _("诉求超期上报")
    BID_DUE = "bid_due", _("上争事项申报截止")
    TARGET_DUE = "target_due", _("目标指标待报送")
    FACTS_TO_REVIEW = "facts_to_review", _("摘录事实待审核")
    URGED = "urged", _("催办")


@dataclass(frozen=True)
class Event:
    kind: Kind
    when: str
    recipients: str


EVENTS: tuple[Event, ...] = (
    Event(Kind.REPORT_RETURNED, _("审核人退回月报（附退回原因）"), _("项目所属单位的用户")),
    Event(Kind.REPORT_APPROVED, _("审核人通过月报"), _("项目所属单位的用户")),
    Event(
        Kind.REPORT_DUE_SOON,
        _("每日巡检：上月月报的截止日只剩设定的工作日数，仍有项目未报"),
        _("有未报项目的单位中能看到该单位的用户"),
    ),
    Event(
        Kind.REPORT_OVERDUE, _("每日巡检：上月月报已过截止日，仍有项目未报"), _("有未报项目的单位中能看到该单位的用户")
    ),
    Event(Kind.TASK_ASSIGNED, _("新建督办事项，或改换牵头单位"), _("牵头单位和配合单位中能看到该事项的用户")),
    Event(Kind.TASK_REOPENED, _("督查人员重新打开已办结的事项"), _("牵头单位和配合单位中能看到该事项的用户")),
    Event(Kind.TASK_DUE_SOON, _("每日巡检：未办结事项转为蓝色提醒或黄色预警"), _("牵头单位中能看到该事项的用户")),
    Event(Kind.TASK_OVERDUE, _("每日巡检：未办结事项已超过时限（红色督办）"), _("牵头单位中能看到该事项的用户")),
    Event(Kind.CASE_DISPATCHED, _("诉求派单到承办单位"), _("承办单位中能看到该诉求的用户")),
    Event(Kind.CASE_RETURNED, _("承办单位退回诉求（附理由）"), _("派单人所在单位中能看到该诉求的用户")),
    Event(Kind.CASE_DUE_SOON, _("每日巡检：待签收或办理中的诉求进入预警期"), _("承办单位中能看到该诉求的用户")),
    Event(Kind.CASE_OVERDUE, _("每日巡检：待签收或办理中的诉求已超过时限"), _("承办单位中能看到该诉求的用户")),
    Event(Kind.CASE_ESCALATED, _("诉求超期上报上一级单位"), _("上报到的单位中能看到该诉求的用户")),
    Event(
        Kind.BID_DUE,
        _("每日巡检：谋划包装中的上争事项离申报截止日只剩设定的工作日数，或已过截止日仍未申报"),
        _("申报单位中能看到该事项的用户"),
    ),
    Event(
        Kind.TARGET_DUE,
        _("每日巡检：上月指标的报送截止日只剩设定的工作日数或已过，下有年度目标的指标仍未报送"),
        _("未报单位及为其代报的单位中能看到该单位的用户"),
    ),
    Event(
        Kind.FACTS_TO_REVIEW,
        _("每日巡检：导入的文稿仍有待审核的摘录事实（每天一次）"),
        _("文稿所述单位及其上级单位中有审核权限、能审核这些事实的用户"),
    ),
    Event(
        Kind.URGED,
        _("有督办权限的用户对督办事项、未报或被退回的月报、诉求催办"),
        _("承办该事项的单位中能看到它的用户"),
    ),
)
