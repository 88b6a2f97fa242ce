"""Bulletins (通报): what they contain, built from the data, and their .docx.

`build` freezes the figures into plain JSON (money in 元, rates as strings of two decimals) so an
issued bulletin reads the same forever; the page and `render_docx` both read that content.
The project figures are the key-projects app's own roll-ups for the bulletin's month.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from core import office, scope
from core.money import signed, to_unit
from core.ranking import rank
from notices.queries import urge_counts
from org.models import Unit
from projects import queries as project_queries
from projects.calc import Colour as ProjectColour

from . import gbt9704, queries
from .choices import BulletinKind
from .models import Bulletin, BulletinSettings, ScoringRound, SupervisedTask

WARNED_LIMIT = 50  # red and yellow projects named in one bulletin; the rest are counted
OVERDUE_LIMIT = 50


@dataclass(frozen=True)
class BulletinPeriod:
    start: datetime.date
    end: datetime.date
    report_year: int
    report_month: int  # the month of project reports the bulletin uses


def period_for(kind: str, as_of: datetime.date) -> BulletinPeriod:
    """A weekly bulletin runs from the Monday of `as_of`'s week to `as_of` and uses the last month
    whose reports are in (the month before); a monthly one runs from the 1st to `as_of` and uses
    that month's reports. Overdue tasks are counted as of `as_of` (统计截至)."""
    if kind == BulletinKind.WEEKLY:
        start = as_of - datetime.timedelta(days=as_of.weekday())
        last_month = as_of.replace(day=1) - datetime.timedelta(days=1)
        return BulletinPeriod(start, as_of, last_month.year, last_month.month)
    return BulletinPeriod(as_of.replace(day=1), as_of, as_of.year, as_of.month)


def _d(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _title(bulletin: Bulletin) -> str:
    if bulletin.kind == BulletinKind.WEEKLY:
        week = bulletin.period_end.isocalendar()
        return _("关于%(y)s年第%(w)s周重点项目建设和督办事项推进情况的通报") % {"y": week.year, "w": week.week}
    return _("关于%(y)s年1-%(m)s月重点项目建设和督办事项推进情况的通报") % {
        "y": bulletin.report_year,
        "m": bulletin.report_month,
    }


def build(user, bulletin: Bulletin, settings: BulletinSettings) -> dict:
    """The bulletin's content from the data visible to `user` within `bulletin.unit`."""
    unit: Unit = bulletin.unit
    year, month = bulletin.report_year, bulletin.report_month
    projects = project_queries.visible_projects(user).filter(scope.subtree_q("unit__path", unit.path))
    total = project_queries.rollup_total(user, year=year, month=month, queryset=projects)
    by_unit = project_queries.rollup(user, year=year, month=month, by="unit", within=unit, queryset=projects)
    ranks = rank({r.key: r.completion for r in by_unit})
    units = sorted(
        (
            {"rank": ranks.get(r.key), "unit": r.label, "count": r.count, "plan": r.plan, "ytd": r.ytd,
             "completion": _d(r.completion), "gap": _d(r.gap)}
            for r in by_unit
        ),
        key=lambda row: (row["rank"] or 10**6, row["unit"]),
    )  # fmt: skip
    counts, warned_projects = project_queries.warning_summary(
        user, year=year, month=month, queryset=projects, limit=WARNED_LIMIT
    )
    warned = []
    for p in warned_projects:
        w = p.warning
        warned.append({
            "project": p.name, "unit": (p.responsible_unit or p.unit).name,
            "leader": p.leader.name if p.leader else "", "colour": str(w.colour),
            "reasons": "；".join(str(r) for r in w.reasons),
        })  # fmt: skip
    overdue_rows = queries.overdue_tasks(user, as_of=bulletin.period_end, within=unit)
    urged = urge_counts(SupervisedTask, [t.pk for t, _s in overdue_rows])  # 催办 so far, one query
    overdue = [
        {"task": t.title, "unit": t.lead_unit.name, "leader": t.leader.name if t.leader else "",
         "deadline": t.deadline.isoformat(), "workdays_over": s.workdays_over, "urges": urged.get(t.pk, 0)}
        for t, s in overdue_rows[:OVERDUE_LIMIT]
    ]  # fmt: skip
    totals = {
        "count": total.count, "total_investment": total.total_investment, "plan": total.plan, "ytd": total.ytd,
        "completion": _d(total.completion), "gap": _d(total.gap), "benchmark": _d(total.benchmark),
    }  # fmt: skip
    content = {
        "title": _title(bulletin),
        "scope": unit.name,  # the unit the bulletin covers: "马村区纳入调度的重点项目…"
        "as_of": bulletin.period_end.isoformat(),
        "report": {"year": year, "month": month},
        "totals": totals,
        "units": units,
        "colours": {str(k): v for k, v in counts.items()},
        "warned": warned,
        "warned_total": counts[str(ProjectColour.RED)] + counts[str(ProjectColour.YELLOW)],
        "overdue": overdue,
        "overdue_total": len(overdue_rows),
        "overdue_urges": sum(urged.values()),
        "tour": _tour(user, unit, bulletin.period_end),
        "cases": _cases(user, unit, bulletin.period_end),
        "requirements": [line.strip() for line in settings.requirements.splitlines() if line.strip()],
        # The letterhead is added at 签发 from the issuer (see letterhead()).
    }
    return content


def _tour(user, unit: Unit, as_of: datetime.date) -> dict | None:
    """The latest scored tour of the year up to the bulletin's end, with its unit ranking."""
    found = (
        scope.restrict(ScoringRound.objects.all(), user)
        .filter(organiser__path__startswith=unit.path[: Unit.steplen], held_on__year=as_of.year, held_on__lte=as_of)
        .order_by("-held_on", "-id")
        .first()
    )
    if found is None:
        return None
    _projects, units = queries.round_results(found)
    return {
        "name": found.name,
        "held_on": found.held_on.isoformat(),
        "ranks": [{"rank": u.rank, "unit": u.unit, "score": _d(u.score), "projects": u.projects} for u in units],
    }


def _cases(user, unit: Unit, as_of: datetime.date) -> dict | None:
    """Service cases received this year up to the bulletin's date, by handling unit under `unit`,
    ranked by 按时办结率 (open overdue cases count as late) — when the cases app is installed."""
    if not apps.is_installed("cases"):
        return None
    from cases.queries import metrics_by_unit

    rows, total = metrics_by_unit(user, start=as_of.replace(month=1, day=1), end=as_of, as_of=as_of)
    rows = [r for r in rows if r.unit.path.startswith(unit.path)]
    if not rows:
        return None
    return {
        "since": as_of.replace(month=1, day=1).isoformat(),
        "units": [
            {"rank": r.rank, "unit": r.unit.name, "cases": r.metrics.cases, "sign_rate": _d(r.metrics.sign_rate),
             "close_rate": _d(r.metrics.close_rate), "satisfaction_rate": _d(r.metrics.satisfaction_rate)}
            for r in rows
        ],
        "total": {"cases": total.cases, "close_rate": _d(total.close_rate)},
    }  # fmt: skip


# Text ------------------------------------------------------------------------------------------


def _yi(yuan: int) -> str:
    """元 as 亿元 with two decimals, the unit bulletins count investment in."""
    return f"{to_unit(yuan, '亿元', 2):,}"


def _gap_text(gap: str | None) -> str:
    if gap is None:
        return _("无年度计划")
    value = Decimal(gap)
    if value >= 0:
        return _("超序时进度%(pp)s个百分点") % {"pp": format(value, "f")}
    return _("落后序时进度%(pp)s个百分点") % {"pp": format(-value, "f")}


def summary(content: dict) -> str:
    t = content["totals"]
    month = content["report"]["month"]
    text = _(
        "截至%(m)s月底，%(scope)s纳入调度的重点项目%(n)s个，总投资%(total)s亿元，年度计划投资%(plan)s亿元；"
        "1-%(m)s月累计完成投资%(ytd)s亿元"
    ) % {"m": month, "scope": content.get("scope", ""), "n": t["count"], "total": _yi(t["total_investment"]),
         "plan": _yi(t["plan"]), "ytd": _yi(t["ytd"])}  # fmt: skip
    if t["completion"] is not None:
        text += _("，完成年度计划的%(c)s%%，%(gap)s") % {"c": t["completion"], "gap": _gap_text(t["gap"])}
    return text + "。"


def blocks(content: dict, remarks: str = "") -> list:
    """The bulletin's body as document blocks: the same for the page and the .docx. The office's
    own paragraphs (`remarks`, one a line) follow the generated sections, before 下步要求."""
    out: list = [gbt9704.Paragraph(summary(content))]
    out.append(gbt9704.Heading(1, _("各单位项目推进情况")))
    out.append(gbt9704.Paragraph(_("按年度投资完成率排名如下：")))
    out.append(
        gbt9704.Table(
            header=[_("排名"), _("单位"), _("项目数"), _("年度计划（亿元）"), _("累计完成（亿元）"), _("完成率（%）"),
                    _("±序时进度（个百分点）")],
            rows=[[str(u["rank"] or "—"), u["unit"], str(u["count"]), _yi(u["plan"]), _yi(u["ytd"]),
                   u["completion"] or "—", signed(u["gap"])] for u in content["units"]],
            numeric={0, 2, 3, 4, 5, 6},
        )
    )  # fmt: skip
    out.append(gbt9704.Heading(1, _("红黄预警项目")))
    c = content["colours"]
    out.append(
        gbt9704.Paragraph(
            _("红色预警项目%(r)s个，黄色预警项目%(y)s个，绿色%(g)s个。")
            % {"r": c.get("red", 0), "y": c.get("yellow", 0), "g": c.get("green", 0)}
        )
    )
    if content["warned"]:
        out.append(
            gbt9704.Table(
                header=[_("项目名称"), _("责任单位"), _("分包领导"), _("预警"), _("原因")],
                rows=[[w["project"], w["unit"], w["leader"], _("红") if w["colour"] == "red" else _("黄"), w["reasons"]]
                      for w in content["warned"]],
            )
        )  # fmt: skip
        if content["warned_total"] > len(content["warned"]):
            out.append(gbt9704.Paragraph(_("其余%(n)s个预警项目见系统预警清单。") % {
                "n": content["warned_total"] - len(content["warned"])}))  # fmt: skip
    out.append(gbt9704.Heading(1, _("逾期督办事项")))
    if content["overdue"]:
        text = _("截至%(d)s，逾期未办结督办事项%(n)s项") % {"d": _date(content["as_of"]), "n": content["overdue_total"]}
        if content.get("overdue_urges"):  # bulletins issued before 催办 was counted have no figure
            text += _("，已累计催办%(u)s次") % {"u": content["overdue_urges"]}
        out.append(gbt9704.Paragraph(text + "："))
        out.append(
            gbt9704.Table(
                header=[_("督办事项"), _("牵头单位"), _("督办领导"), _("办结时限"), _("逾期（工作日）"),
                        _("催办（次）")],
                rows=[[o["task"], o["unit"], o["leader"], _date(o["deadline"]), str(o["workdays_over"]),
                       str(o["urges"]) if "urges" in o else "—"] for o in content["overdue"]],
                numeric={4, 5},
            )
        )  # fmt: skip
    else:
        out.append(gbt9704.Paragraph(_("本期无逾期未办结的督办事项。")))
    tour = content.get("tour")
    if tour:
        out.append(gbt9704.Heading(1, _("观摩评比排名")))
        out.append(gbt9704.Paragraph(_("%(d)s组织的%(name)s，各单位得分及排名如下：") % {
            "d": _date(tour["held_on"]), "name": tour["name"]}))  # fmt: skip
        out.append(
            gbt9704.Table(
                header=[_("排名"), _("单位"), _("参评项目数"), _("平均得分")],
                rows=[[str(r["rank"] or "—"), r["unit"], str(r["projects"]), r["score"] or "—"]
                      for r in tour["ranks"]],
                numeric={0, 2, 3},
            )
        )  # fmt: skip
    cases = content.get("cases")
    if cases:
        out.append(gbt9704.Heading(1, _("服务事项办理情况")))
        out.append(gbt9704.Paragraph(_("%(d)s以来受理的企业和群众诉求，各承办单位按时办结率排名如下（未办结且已超期的计为超时）：")
                                     % {"d": _date(cases["since"])}))  # fmt: skip
        out.append(
            gbt9704.Table(
                header=[_("排名"), _("承办单位"), _("件数"), _("按时签收率（%）"), _("按时办结率（%）"),
                        _("满意率（%）")],
                rows=[[str(r["rank"] or "—"), r["unit"], str(r["cases"]), r["sign_rate"] or "—", r["close_rate"] or "—",
                       r["satisfaction_rate"] or "—"] for r in cases["units"]],
                numeric={0, 2, 3, 4, 5},
            )
        )  # fmt: skip
    out.extend(gbt9704.Paragraph(line.strip()) for line in remarks.splitlines() if line.strip())
    if content["requirements"]:
        out.append(gbt9704.Heading(1, _("下步要求")))
        out.extend(gbt9704.Paragraph(line) for line in content["requirements"])
    return out


def _date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def letterhead(bulletin: Bulletin) -> dict:
    """The masthead, 署名 and 版记 of `bulletin`: as frozen at 签发, or its issuer's current
    settings for a draft. Bulletins issued before issuers existed keep their own fields."""
    head = bulletin.content.get("letterhead")
    if head:
        return {
            "mark": head.get("mark", head.get("issuer", "")), "name": head.get("name", head.get("signer", "")),
            "recipients": head.get("recipients", ""), "copy_to": head.get("copy_to", ""),
            "printed_by": head.get("printed_by", ""), "signer": head.get("signer", ""),
        }  # fmt: skip
    issuer = bulletin.issuer
    if issuer is None:
        return {
            "mark": "",
            "name": "",
            "recipients": bulletin.recipients,
            "copy_to": "",
            "printed_by": "",
            "signer": "",
        }
    return {
        "mark": issuer.mark, "name": issuer.name, "recipients": bulletin.recipients, "copy_to": issuer.copy_to,
        "printed_by": issuer.printed_by, "signer": "",
    }  # fmt: skip


def document(bulletin: Bulletin) -> gbt9704.OfficialDocument:
    """The bulletin as an official document; a draft has no number and is dated today."""
    head = letterhead(bulletin)
    return gbt9704.OfficialDocument(
        issuer=head["mark"],
        number=bulletin.number,
        title=bulletin.title,
        recipients=head["recipients"],
        blocks=blocks(bulletin.content, bulletin.remarks),
        signer=head["name"],
        date=bulletin.issued_on or timezone.localdate(),
        copy_to=head["copy_to"],
        printed_by=head["printed_by"],
        printed_on=bulletin.printed_on,
    )


def render_docx(bulletin: Bulletin, *, record_on_new_page: bool = False) -> bytes:
    doc = document(bulletin)
    doc.record_on_new_page = record_on_new_page
    return gbt9704.render(doc)


def render_files(bulletin: Bulletin) -> tuple[bytes, bytes | None]:
    """The .docx and, where LibreOffice is installed, its PDF as kept at 印发. When the text ends on
    an odd page, the 版记 is moved to a page of its own, so that it sits at the foot of an even last
    page (the back of the sheet); without LibreOffice the pages are not known and the .docx is left
    as it is."""
    data = render_docx(bulletin)
    pdf = office.to_pdf(data)
    if pdf is not None and (office.page_count(pdf) or 0) % 2:
        data = render_docx(bulletin, record_on_new_page=True)
        pdf = office.to_pdf(data) or pdf
    return data, pdf
