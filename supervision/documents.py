"""Documents from the same engine as the bulletins: 督办通知单 and 催办单 for a task, the 观摩评比结果通报
of a scored tour, and the monthly 重点项目建设情况 report.

The figures come from the data; the wording comes from a text template per kind of document,
which a platform administrator edits under 督办设置 → 公文模板 (DocumentTemplate; without a row the
defaults below apply). A template is Django template text rendered without HTML escaping and
without {% load %}: `{{ task.title }}` inserts a value, `{% if %}` chooses words. Each line of the
result is a paragraph; a line starting with "# ", "## ", "### " or "#### " is a heading of that level
(numbered 一、（一）1.（1） by the renderer); a line that is only `[[name]]` places a table.

Each document is headed by the issuer of the unit of the person who writes it — never another
unit's.
"""

import datetime

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import signed
from org.models import Unit

from . import bulletins, gbt9704, queries
from .choices import BulletinKind, DocumentKind
from .models import Bulletin, BulletinSettings, DocumentTemplate, Issuer, ScoringRound, SupervisedTask

DEFAULTS: dict[str, tuple[str, str]] = {
    DocumentKind.TASK_NOTICE: (
        "关于“{{ task.title }}”的督办通知",
        "根据{{ task.source }}{% if task.source_detail %}（{{ task.source_detail }}）{% endif %}，"
        "现将“{{ task.title }}”交由你单位牵头办理{% if task.co_units %}，{{ task.co_units }}配合{% endif %}。"
        "有关事项通知如下：\n"
        "# 督办事项\n"
        "{{ task.content|default:task.title }}\n"
        "# 办结时限\n"
        "请于{{ task.deadline }}前办结{% if task.workdays %}（{{ task.workdays }}个工作日）{% endif %}，"
        "并将办理结果及佐证材料报送{{ issuer.name }}。\n"
        "# 工作要求\n"
        "牵头单位要明确责任人，细化工作措施，按时报送办理进展；配合单位要主动对接、密切配合。"
        "逾期未办结的，将按规定予以通报。",
    ),
    DocumentKind.TASK_REMINDER: (
        "关于加快办理“{{ task.title }}”的催办通知",
        "{{ task.assigned_on }}交办你单位牵头办理的“{{ task.title }}”，办结时限为{{ task.deadline }}。"
        "截至{{ today }}，{% if task.reason %}{{ task.reason }}{% else %}该事项尚未办结{% endif %}。\n"
        "请你单位高度重视，加快办理进度，于收到本通知后3个工作日内将办理进展及下步措施书面报送{{ issuer.name }}。",
    ),
    DocumentKind.TOUR_RESULTS: (
        "关于{{ tour.name }}结果的通报",
        "{{ tour.held_on }}，{{ tour.organiser }}组织开展了{{ tour.name }}，按照“{{ tour.rubric }}”评分细则"
        "{% if tour.drop_extremes %}（每个项目去掉一个最高分和一个最低分）{% endif %}，"
        "对{{ tour.project_count }}个项目进行了现场观摩评比。现将结果通报如下：\n"
        "# 各单位得分及排名\n"
        "[[units]]\n"
        "# 项目得分\n"
        "[[projects]]\n"
        "# 工作要求\n"
        "希望排名靠前的单位再接再厉，排名靠后的单位认真查找差距，切实加快项目建设进度。",
    ),
    DocumentKind.MONTHLY_REPORT: (
        "{{ year }}年1-{{ month }}月{{ scope }}重点项目建设情况",
        "{{ summary }}\n"
        "# 各单位项目推进情况\n"
        "[[units]]\n"
        "# 红黄预警项目\n"
        "红色预警项目{{ colours.red }}个，黄色预警项目{{ colours.yellow }}个。\n"
        "[[warned]]",
    ),
}

# Plain text: no HTML escaping, no {% load %} of tag libraries.
ENGINE = Engine(autoescape=False, libraries={}, loaders=[])


def template_for(kind: str) -> tuple[str, str]:
    """(title, body) of `kind`: the administrator's, or the default."""
    found = DocumentTemplate.objects.filter(kind=kind).first()
    return (found.title, found.body) if found else DEFAULTS[kind]


def check(title: str, body: str) -> None:
    """Refuse template text that does not compile, naming the part."""
    for label, text in ((_("标题模板"), title), (_("正文模板"), body)):
        try:
            ENGINE.from_string(text)
        except TemplateSyntaxError as exc:
            raise ValidationError(_("%(f)s有误：%(e)s") % {"f": label, "e": exc}) from exc


def fill(text: str, context: dict) -> str:
    return ENGINE.from_string(text).render(Context(context))


def blocks_of(text: str, tables: dict[str, gbt9704.Table]) -> list:
    """The rendered body as document blocks (see the module's docstring)."""
    out: list = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        marks = len(line) - len(line.lstrip("#"))
        if 1 <= marks <= 4 and line[marks : marks + 1] == " ":
            out.append(gbt9704.Heading(marks, line[marks + 1 :].strip()))
        elif line.startswith("[[") and line.endswith("]]"):
            table = tables.get(line[2:-2].strip())
            if table is not None and table.rows:
                out.append(table)
        else:
            out.append(gbt9704.Paragraph(line))
    return out


def issuer_of(user) -> Issuer:
    """The issuer of the user's own unit; without complete settings, what to fill in."""
    unit = getattr(user, "unit", None)
    found = Issuer.objects.filter(unit=unit).first() if unit is not None else None
    missing = queries.issuer_missing(found)
    if missing:
        name = unit.name if unit is not None else _("您的单位")
        raise ValidationError(
            _("“%(u)s”尚未完成发文设置，请本单位管理员在“发文设置”中填写：%(f)s。")
            % {"u": name, "f": "、".join(str(m) for m in missing)}
        )
    return found


def _date(day: datetime.date | None) -> str:
    return gbt9704.format_date(day) if day else ""


def _document(issuer: Issuer, kind: str, context: dict, recipients: str, tables=None) -> gbt9704.OfficialDocument:
    title, body = template_for(kind)
    context = {**context, "issuer": {"name": issuer.name}, "today": _date(timezone.localdate())}
    return gbt9704.OfficialDocument(
        issuer=issuer.mark,
        number="",
        title=fill(title, context).strip(),
        recipients=recipients,
        blocks=blocks_of(fill(body, context), tables or {}),
        signer=issuer.name,
        date=timezone.localdate(),
        copy_to=issuer.copy_to,
        printed_by=issuer.printed_by,
    )


def task_document(user, task: SupervisedTask, kind: str) -> gbt9704.OfficialDocument:
    """督办通知单 or 催办单 of `task`, addressed to its 牵头单位 (and 配合单位)."""
    if kind not in (DocumentKind.TASK_NOTICE, DocumentKind.TASK_REMINDER):
        raise ValidationError(_("未知的文种。"))
    issuer = issuer_of(user)
    status = queries.task_status(task, as_of=timezone.localdate(), rules=queries.escalation_rules())
    co_units = "、".join(u.name for u in task.co_units.all())
    context = {
        "task": {
            "title": task.title, "content": task.content, "source": task.get_source_display(),
            "source_detail": task.source_detail, "lead_unit": task.lead_unit.name, "co_units": co_units,
            "leader": task.leader.name if task.leader else "", "assigned_on": _date(task.assigned_on),
            "deadline": _date(task.deadline), "workdays": task.deadline_workdays or "",
            "progress": task.progress_pct if task.progress_pct is not None else "", "reason": status.reason,
            "workdays_left": status.workdays_left, "workdays_over": status.workdays_over,
        },
    }  # fmt: skip
    recipients = task.lead_unit.name + (f"，{co_units}" if co_units else "")
    return _document(issuer, kind, context, recipients)


def tour_document(user, tour: ScoringRound) -> gbt9704.OfficialDocument:
    """观摩评比结果通报: the units' scores and ranks, and each project's score."""
    issuer = issuer_of(user)
    projects, units = queries.round_results(tour)
    context = {
        "tour": {
            "name": tour.name, "held_on": _date(tour.held_on), "organiser": tour.organiser.name,
            "rubric": tour.rubric.name, "drop_extremes": tour.drop_extremes, "project_count": len(projects),
            "first": units[0].unit if units else "",
        },
    }  # fmt: skip
    tables = {
        "units": gbt9704.Table(
            header=[_("排名"), _("单位"), _("参评项目数"), _("平均得分")],
            rows=[[str(u.rank or "—"), u.unit, str(u.projects), bulletins._d(u.score) or "—"] for u in units],
            numeric={0, 2, 3},
        ),
        "projects": gbt9704.Table(
            header=[_("项目名称"), _("所属单位"), _("评委数"), _("得分")],
            rows=[[p.project, p.unit, str(p.judges), bulletins._d(p.score) or "—"] for p in projects],
            numeric={2, 3},
        ),
    }
    return _document(issuer, DocumentKind.TOUR_RESULTS, context, issuer.recipients, tables)


def monthly_report(user, unit: Unit, year: int, month: int) -> gbt9704.OfficialDocument:
    """The monthly 重点项目建设情况 of `unit` and everything below it, from the month's reports."""
    issuer = issuer_of(user)
    end = (datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)
    period = bulletins.period_for(BulletinKind.MONTHLY, end)
    probe = Bulletin(
        kind=BulletinKind.MONTHLY, unit=unit, period_start=period.start, period_end=period.end,
        report_year=period.report_year, report_month=period.report_month,
    )  # fmt: skip
    content = bulletins.build(user, probe, BulletinSettings.current())
    colours = content["colours"]
    context = {
        "year": year, "month": month, "scope": unit.name, "summary": bulletins.summary(content),
        "colours": {"red": colours.get("red", 0), "yellow": colours.get("yellow", 0), "green": colours.get("green", 0)},
    }  # fmt: skip
    tables = {
        "units": gbt9704.Table(
            header=[_("排名"), _("单位"), _("项目数"), _("年度计划（亿元）"), _("累计完成（亿元）"), _("完成率（%）"),
                    _("±序时进度（个百分点）")],
            rows=[[str(u["rank"] or "—"), u["unit"], str(u["count"]), bulletins._yi(u["plan"]),
                   bulletins._yi(u["ytd"]), u["completion"] or "—", signed(u["gap"])] for u in content["units"]],
            numeric={0, 2, 3, 4, 5, 6},
        ),
        "warned": gbt9704.Table(
            header=[_("项目名称"), _("责任单位"), _("分包领导"), _("预警"), _("原因")],
            rows=[[w["project"], w["unit"], w["leader"], _("红") if w["colour"] == "red" else _("黄"), w["reasons"]]
                  for w in content["warned"]],
        ),
    }  # fmt: skip
    return _document(issuer, DocumentKind.MONTHLY_REPORT, context, issuer.recipients, tables)
