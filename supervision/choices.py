from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class TaskSource(ChoiceSet):
    MEETING = "meeting", _("会议议定")
    INSTRUCTION = "instruction", _("领导批示")
    BULLETIN = "bulletin", _("通报问题")
    INSPECTION = "inspection", _("巡查发现")
    OTHER = "other", _("其他")


class TaskState(ChoiceSet):
    OPEN = "open", _("办理中"), "primary"
    DONE = "done", _("已办结"), "success"


class TaskColour(ChoiceSet):
    NONE = "none", _("正常"), "secondary"
    BLUE = "blue", _("蓝色提醒"), "info"
    YELLOW = "yellow", _("黄色预警"), "warning"
    RED = "red", _("红色督办"), "danger"
    DONE = "done", _("已办结"), "success"


class UpdateKind(ChoiceSet):
    PROGRESS = "progress", _("进展")
    COMPLETED = "completed", _("办结")
    REOPENED = "reopened", _("重新打开")


class InspectionKind(ChoiceSet):
    PATROL = "patrol", _("巡查")
    TOUR = "tour", _("观摩")


class TargetKind(ChoiceSet):
    INDICATOR = "indicator", _("经济指标")
    PROJECT = "project", _("项目指标")
    COUNT = "count", _("计数任务")


class ProjectMetric(ChoiceSet):
    YTD_INVESTMENT = "ytd", _("年度累计完成投资")
    COMPLETION = "completion", _("年度投资完成率")
    STARTED = "started", _("新开工项目个数")


class IndicatorBasis(ChoiceSet):
    GROWTH = "growth", _("增速")
    LEVEL = "level", _("总量")


class BulletinKind(ChoiceSet):
    WEEKLY = "weekly", _("周通报")
    MONTHLY = "monthly", _("月通报")


class BulletinState(ChoiceSet):
    """草稿 → 送审 → 审核通过 → 签发 (numbered) → 印发 (frozen, files kept); 退回 goes back to 草稿."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    REVIEWED = "reviewed", _("待签发")
    SIGNED = "signed", _("已签发")
    ISSUED = "issued", _("已印发")

    @classmethod
    def colors(cls):
        return {"draft": "secondary", "submitted": "info", "reviewed": "warning", "signed": "primary",
                "issued": "success"}  # fmt: skip


class DocumentKind(ChoiceSet):
    """The documents written from a text template an administrator can edit (supervision.documents)."""

    TASK_NOTICE = "task_notice", _("督办通知单")
    TASK_REMINDER = "task_reminder", _("催办单")
    TOUR_RESULTS = "tour_results", _("观摩评比结果通报")
    MONTHLY_REPORT = "monthly_report", _("重点项目建设情况月报")


class Verdict(ChoiceSet):
    """How a responsibility target stands (supervision.calc.fulfilment)."""

    EXCEEDED = "exceeded", _("超额完成"), "success"
    MET = "met", _("完成"), "primary"
    SHORT = "short", _("未完成"), "danger"
    PENDING = "pending", _("暂无完成数据")
