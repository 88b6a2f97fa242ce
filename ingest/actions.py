"""Every write of ingestion: storing a document with its candidate facts, and reviewing them."""

import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import actions as base
from core import audit, bulk, scope
from core.locking import Conflict, lock
from core.models import AuditAction
from core.money import convert
from indicators import actions as indicator_actions
from indicators.choices import Source, TargetKind
from indicators.models import Indicator
from indicators.periods import Period
from org.models import Unit
from projects import actions as project_actions
from projects.models import Project

from .choices import CandidateState, FactType
from .extract import Extractor, document_date
from .models import Candidate, Document

CURRENCY_BASE = {"CNY": "元", "USD": "美元"}


def _ensure_reviewer(actor, document: Document) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.can_review()):
        raise PermissionDenied(_("只有具有审核权限的用户可以导入和审核文稿。"))
    if document.pk and not scope.scope_of(actor).everything and not scope.can_change(actor, document):
        raise PermissionDenied(_("该文档不在您的数据权限范围内。"))


@transaction.atomic
def ingest_document(
    *, actor, name: str, text: str, extractor: Extractor, unit: Unit | None = None, is_sample: bool = False
) -> tuple[Document, bool]:
    """Store a document and its candidate facts; the same text again is the same document.

    Returns (document, created). Candidates are written in one batch with their audit rows.
    """
    digest = hashlib.sha256(text.encode()).hexdigest()
    document = Document(name=name[:200], title=_title(text), sha256=digest, text=text, published_on=document_date(text),
                        unit=unit, imported_by=actor, is_sample=is_sample)  # fmt: skip
    _ensure_reviewer(actor, document)  # before saying whether the text is here already
    existing = Document.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    if unit is not None:
        scope.ensure_can_create_under(actor, unit.path)
    base.create(document, verb=_("导入文稿"))
    candidates = [
        Candidate(document=document, type=f.type, start=f.start, end=f.end, sentence_start=f.sentence[0],
                  sentence_end=f.sentence[1], fields=f.fields)
        for f in extractor.extract(text)
    ]  # fmt: skip
    bulk.insert(candidates)
    audit.record_many([audit.entry(obj=c, action=AuditAction.CREATE, after=audit.snapshot(c)) for c in candidates])
    return document, True


def _title(text: str) -> str:
    """The first line that reads like a headline: short, no sentence-final mark, not a dateline."""
    for line in text.splitlines():
        line = line.strip(" \t\u3000—■")
        if 4 <= len(line) <= 60 and not line.endswith(("。", "，", "：")) and "星期" not in line:
            return line
    return ""


@transaction.atomic
def set_document_unit(*, actor, document: Document, unit: Unit) -> Document:
    _ensure_reviewer(actor, document)
    scope.ensure_can_create_under(actor, unit.path)
    return base.update(document, changes={"unit": unit}, verb=_("指定所述单位"))


# Review -----------------------------------------------------------------------------------------


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({field: _("不是数字。")}) from exc


def _indicator(name: str) -> Indicator:
    found = Indicator.objects.filter(Q(name=name) | Q(code=name)).first()
    if found is None:
        found = next((i for i in Indicator.objects.all() if name in (i.aliases or [])), None)
    if found is None:
        raise ValidationError({"name": _("指标目录中没有“%(n)s”。") % {"n": name}})
    return found


def _accept_indicator(actor, candidate: Candidate, fields: dict) -> str:
    document = candidate.document
    if document.unit is None:
        raise ValidationError(_("请先指定该文档所述的单位，指标数据将记入该单位。"))
    indicator = _indicator(fields.get("name", ""))
    year, through = fields.get("year"), fields.get("through_month")
    if not year or not through:
        raise ValidationError({"year": _("请填写年度和截止月份（全年为12）。")})
    growth = _decimal(fields.get("growth_pct"), "growth_pct")
    if fields.get("target"):
        if growth is None:
            raise ValidationError({"growth_pct": _("目标须有增长率。")})
        target = indicator_actions.set_target(
            actor=actor, indicator=indicator, unit=document.unit, year=int(year), kind=TargetKind.GROWTH,
            value=growth, approximate="左右" in candidate.document.text[candidate.start : candidate.sentence_end],
            text=candidate.text.replace("\n", ""),
        )  # fmt: skip
        return f"indicators.target:{target.pk}"
    level = _decimal(fields.get("value"), "value")
    if level is not None:
        base_unit = CURRENCY_BASE.get(fields.get("currency") or "", fields.get("unit") or indicator.unit)
        try:
            level = convert(level, base_unit, indicator.unit)
        except ValueError as exc:
            raise ValidationError({"value": str(exc)}) from exc
    label = _("《%(doc)s》") % {"doc": document}
    if document.published_on:
        label += f" {document.published_on.isoformat()}"
    value, _findings = indicator_actions.record_value(
        actor=actor, indicator=indicator, unit=document.unit, period=Period(int(year), "ytd", int(through)),
        level=level, growth=growth, source=Source.ARTICLE, source_label=label[:200], source_start=candidate.start,
        source_end=candidate.end, source_url=candidate.get_absolute_url(), respect_lock=False,
    )  # fmt: skip
    return f"indicators.value:{value.pk}" if value else ""


def _accept_project(actor, candidate: Candidate, fields: dict, project: Project | None, new: dict | None) -> str:
    investment = fields.get("investment")
    investment = int(Decimal(str(investment))) if investment not in (None, "") else None
    if project is not None:
        if investment is not None and investment != project.total_investment:
            project_actions.update_project(actor=actor, project=project, total_investment=investment)
        return f"projects.project:{project.pk}"
    if new is None:
        raise ValidationError(_("请确认匹配的项目，或填写新项目的信息。"))
    unit = new.pop("unit", None) or candidate.document.unit
    if unit is None:
        raise ValidationError({"unit": _("请选择新项目的所属单位。")})
    created = project_actions.create_project(
        actor=actor, unit=unit, name=fields.get("name", ""), total_investment=investment or 0, **new
    )
    return f"projects.project:{created.pk}"


@transaction.atomic
def accept_candidate(
    *, actor, candidate: Candidate, fields: dict | None = None, project: Project | None = None,
    new_project: dict | None = None,
) -> Candidate:  # fmt: skip
    """Accept a fact as extracted, or as the reviewer corrected it (`fields`).

    An indicator figure is recorded for the document's unit and period with the document and
    offsets as its source (a goal becomes the year's target); a project updates the matched ledger
    project's total investment, or creates one from `new_project`. Amounts and percentages are
    confirmed as reviewed facts. All in one transaction with the candidate's own audit row.
    """
    _ensure_reviewer(actor, candidate.document)
    lock(candidate)
    if candidate.state != CandidateState.PENDING:
        raise Conflict(_("该事实已审核。"))
    chosen = {**candidate.fields, **(fields or {})}
    result = ""
    if candidate.type == FactType.INDICATOR:
        result = _accept_indicator(actor, candidate, chosen)
    elif candidate.type == FactType.PROJECT:
        result = _accept_project(actor, candidate, chosen, project, dict(new_project) if new_project else None)
    verb = _("修改后采用") if fields and chosen != candidate.fields else _("采用")
    return base.update(
        candidate,
        changes={"state": CandidateState.ACCEPTED, "accepted_fields": chosen, "result": result,
                 "reviewed_by": actor, "reviewed_at": timezone.now()},
        verb=verb,
    )  # fmt: skip


@transaction.atomic
def reject_candidate(*, actor, candidate: Candidate, note: str = "") -> Candidate:
    _ensure_reviewer(actor, candidate.document)
    lock(candidate)
    if candidate.state != CandidateState.PENDING:
        raise Conflict(_("该事实已审核。"))
    return base.update(
        candidate,
        changes={"state": CandidateState.REJECTED, "note": note[:300], "reviewed_by": actor,
                 "reviewed_at": timezone.now()},
        verb=_("驳回"),
    )  # fmt: skip
