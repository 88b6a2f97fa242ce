from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceSet


class Frequency(ChoiceSet):
    MONTHLY = "monthly", _("月度")
    QUARTERLY = "quarterly", _("季度")
    ANNUAL = "annual", _("年度")


class PeriodKind(ChoiceSet):
    CUMULATIVE = "ytd", _("累计（1-N月）")
    MONTH = "month", _("当月")
    QUARTER = "quarter", _("当季")


class CompareOn(ChoiceSet):
    """What peers are ranked by: the growth rate (most indicators) or the value itself (shares, %)."""

    GROWTH = "growth", _("增速")
    VALUE = "value", _("数值")


class Source(ChoiceSet):
    ENTRY = "entry", _("填报"), "primary"
    IMPORT = "import", _("Excel导入"), "info"
    ARTICLE = "article", _("文章摘录"), "success"


class TargetKind(ChoiceSet):
    GROWTH = "growth", _("增长目标（%）")
    LEVEL = "level", _("总量目标")


class RuleKind(ChoiceSet):
    SUM = "sum", _("分项之和等于总量")
    CUMULATIVE = "cumulative", _("累计值不低于上期")
    RANGE = "range", _("增速在合理范围内")


class Severity(ChoiceSet):
    WARN = "warn", _("提醒"), "warning"
    BLOCK = "block", _("阻止"), "danger"


class AchievementColour(ChoiceSet):
    """How a figure against its target (indicators.calc.colour) is shown."""

    GREEN = "green", _("达标"), "success"
    YELLOW = "yellow", _("略低"), "warning"
    RED = "red", _("落后"), "danger"
