"""The ingest API: stored documents and the review queue of the facts found in them, in the caller's
scope, and accepting or rejecting a fact through the same actions and checks as the review pages."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Schema
from ninja.pagination import paginate

from core import scope
from core.api import ERRORS, PageNumberPagination, Router, filtered
from projects.models import Project

from . import actions
from .choices import CandidateState, FactType
from .filtersets import CandidateFilterSet, DocumentFilterSet
from .forms import FACT_FORMS, NewProjectForm, plain_data
from .models import Candidate, Document

router = Router(tags=["文稿摘录"])

# The queue's default view, as on the page: facts waiting for review, indicator figures and projects.
QUEUE_TYPES = [FactType.INDICATOR, FactType.PROJECT]


class DocumentOut(Schema):
    id: int
    name: str
    title: str
    published_on: date | None
    unit_id: int | None
    unit: str
    is_sample: bool
    created_at: datetime

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name if obj.unit_id else ""


class DocumentTextOut(DocumentOut):
    text: str


class DocumentFilters(Schema):
    q: str | None = None


class FactOut(Schema):
    id: int
    document_id: int
    document: str
    type: str
    state: str
    start: int
    end: int
    text: str
    sentence: str
    fields: dict[str, Any]
    accepted_fields: dict[str, Any] | None
    result: str
    note: str
    reviewed_at: datetime | None

    @staticmethod
    def resolve_document(obj) -> str:
        return str(obj.document)

    @staticmethod
    def resolve_sentence(obj) -> str:
        return "".join(obj.sentence)


class FactFilters(Schema):
    q: str | None = None
    type: str | None = None
    state: str | None = None
    document: int | None = None


class NewProjectIn(Schema):
    code: str
    unit_id: int | None = None
    level: str
    category: str
    nature: str


class AcceptIn(Schema):
    fields: dict[str, Any] | None = None
    project_id: int | None = None
    new_project: NewProjectIn | None = None


class RejectIn(Schema):
    note: str = ""


def _fact(request, fact_id: int) -> Candidate:
    return scope.get_visible(Candidate.objects.select_related("document"), request.user, pk=fact_id)


def _corrections(candidate: Candidate, given: dict[str, Any] | None) -> dict | None:
    """The reviewer's corrections, checked by the form of the review page; only the fields given."""
    if not given:
        return None
    form_class = FACT_FORMS.get(candidate.type)
    if form_class is None:
        raise ValidationError({"fields": [_("该类事实按原样采用，不能修改。")]})
    unknown = sorted(set(given) - set(form_class.base_fields))
    if unknown:
        raise ValidationError({f"fields.{key}": [_("没有这一项。")] for key in unknown})
    form = form_class(data={**(candidate.accepted_fields or candidate.fields), **given})
    if not form.is_valid():
        raise ValidationError({f"fields.{key}": errors for key, errors in form.errors.items()})
    cleaned = plain_data(form.cleaned_data)
    return {key: cleaned[key] for key in given}


def _new_project(request, candidate: Candidate, given: NewProjectIn) -> dict:
    """A new ledger project's details, checked by the review page's form; the unit defaults to the document's."""
    data = given.dict()
    data["unit"] = data.pop("unit_id") or candidate.document.unit_id or ""
    form = NewProjectForm(data=data, user=request.user)
    if not form.is_valid():
        raise ValidationError({f"new_project.{key}": errors for key, errors in form.errors.items()})
    return form.cleaned_data


def _project(request, project_id: int) -> Project:
    try:
        return scope.get_visible(Project.objects.all(), request.user, pk=project_id)
    except Http404 as exc:
        raise ValidationError({"project_id": [_("项目不存在或不在您的数据权限范围内。")]}) from exc


@router.get("/ingest/documents", response=list[DocumentOut], summary="文档")
@paginate(PageNumberPagination, page_size=100)
def list_documents(request, filters: Query[DocumentFilters]):
    return filtered(request, Document.objects.select_related("unit").defer("text"), DocumentFilterSet, filters)


@router.get("/ingest/documents/{document_id}", response={200: DocumentTextOut, **ERRORS}, summary="文档原文")
def get_document(request, document_id: int):
    return scope.get_visible(Document.objects.select_related("unit"), request.user, pk=document_id)


@router.get("/ingest/facts", response={200: list[FactOut], **ERRORS}, summary="审核队列")
@paginate(PageNumberPagination, page_size=100)
def list_facts(request, filters: Query[FactFilters]):
    """Without `state`, the facts waiting for review; without `type`, indicator figures and projects."""
    qs = filtered(request, Candidate.objects.select_related("document"), CandidateFilterSet, filters)
    if filters.state is None:
        qs = qs.filter(state=CandidateState.PENDING)
    if filters.type is None:
        qs = qs.filter(type__in=QUEUE_TYPES)
    return qs


@router.get("/ingest/facts/{fact_id}", response={200: FactOut, **ERRORS}, summary="待审核事实")
def get_fact(request, fact_id: int):
    return _fact(request, fact_id)


@router.post("/ingest/facts/{fact_id}/accept", response={200: FactOut, **ERRORS}, summary="采用")
def accept_fact(request, fact_id: int, payload: AcceptIn):
    """Accept a fact as found, or with `fields` corrected (those of the review page's form).

    A project fact names the ledger project it matches (`project_id`) or describes a new one
    (`new_project`; its unit defaults to the document's).
    """
    candidate = _fact(request, fact_id)
    fields = _corrections(candidate, payload.fields)
    project = new_project = None
    if payload.project_id is not None:
        project = _project(request, payload.project_id)
    elif payload.new_project is not None:
        new_project = _new_project(request, candidate, payload.new_project)
    return actions.accept_candidate(
        actor=request.user, candidate=candidate, fields=fields, project=project, new_project=new_project
    )


@router.post("/ingest/facts/{fact_id}/reject", response={200: FactOut, **ERRORS}, summary="驳回")
def reject_fact(request, fact_id: int, payload: RejectIn):
    return actions.reject_candidate(actor=request.user, candidate=_fact(request, fact_id), note=payload.note)
