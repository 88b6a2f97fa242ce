from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import audit, drafts, scope
from core.forms import DateRangeForm
from core.tabular import Column, xlsx_response
from core.views import ActionFormView, FormUserMixin, ScopedDetailView, ScopedImageView, ScopedListView

from . import actions, flow, queries, tables
from .choices import CaseKind, Colour
from .filtersets import CaseFilterSet, HouseholdFilterSet
from .forms import (
    AssignmentForm,
    CaseForm,
    CaseTypeForm,
    CheckInForm,
    DecisionForm,
    DispatchForm,
    DraftNoteForm,
    ExtensionForm,
    HouseholdForm,
    NoteForm,
    RateForm,
    ReasonForm,
    ReplyForm,
    VisitForm,
)
from .models import Case, CaseType, Household, OfficerAssignment, Visit


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _get_case(user, pk: int) -> Case:
    try:
        return queries.visible_cases(user).select_related("case_type", "origin_unit", "handler_unit",
                                                          "enterprise", "escalated_to").get(pk=pk)  # fmt: skip
    except Case.DoesNotExist as exc:
        raise Http404(_("没有找到该记录，或您无权查看。")) from exc


def _ensure_admin(user) -> None:
    scope.ensure_platform_admin(user, _("只有平台管理员可以修改诉求类型。"))


# Cases ------------------------------------------------------------------------------------------


class CaseListView(ScopedListView):
    model = Case
    filterset_class = CaseFilterSet
    table = tables.CASE
    title = gettext_lazy("服务诉求")
    create_url = reverse_lazy("cases:case-create")

    def get_queryset(self):
        qs = queries.visible_cases(self.request.user).select_related(
            "case_type", "origin_unit", "handler_unit", "enterprise"
        )
        self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
        if self.filterset.is_bound and self.filterset.is_valid():
            qs = self.filterset.qs
        colour = self.request.GET.get("colour")
        if colour in Colour.values:
            as_of = queries.today()
            qs = qs.filter(queries.colour_q(colour, as_of, queries.workday_table(as_of)))
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object_list"] = queries.attach_status(ctx["object_list"])
        ctx["colour"] = self.request.GET.get("colour", "")
        ctx["create_url"] = reverse("cases:case-create") if queries.may_submit(self.request.user) else ""
        return ctx


class CaseCreateView(FormUserMixin, ActionFormView):
    form_class = CaseForm
    title = gettext_lazy("提交诉求")
    success_message = gettext_lazy("诉求已受理。")

    def check_permission(self) -> None:
        if not queries.may_submit(self.request.user):
            raise PermissionDenied(_("您没有新增记录的权限。"))

    def perform(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        return actions.submit_case(actor=self.request.user, **data)


STEP_FORMS = {
    "dispatch": DispatchForm, "sign": None, "return": ReasonForm, "note": DraftNoteForm, "extend": ExtensionForm,
    "decide": DecisionForm, "reply": ReplyForm, "rate": RateForm, "rework": ReasonForm, "close": NoteForm,
}  # fmt: skip


class CaseDetailView(LoginRequiredMixin, View):
    template_name = "cases/case_detail.html"

    def get(self, request, pk):
        case = _get_case(request.user, pk)
        roles = queries.roles_of(request.user, case)
        possible = [a for a in flow.allowed_actions(case.state) if roles & set(flow.ACTORS[a])]
        if case.extension_requested is not None and "approve_extension" in possible:
            possible.append("decide")
        forms = {
            "dispatch": DispatchForm(user=request.user), "return": ReasonForm(),
            "note": DraftNoteForm(initial={"seen_state": case.state}),
            "extend": ExtensionForm(), "decide": DecisionForm(), "reply": ReplyForm(), "rate": RateForm(case=case),
            "rework": ReasonForm(), "close": NoteForm(),
        }  # fmt: skip
        steps = [(s, forms.get(s)) for s in possible if s in STEP_FORMS]
        if case.extension_requested is not None:  # one request at a time; decided before 办结
            steps = [(s, f) for s, f in steps if s not in ("extend", "close")]
        return render(request, self.template_name, {
            "object": case, "status": queries.status_of(case), "events": case.events.select_related("unit"),
            "steps": steps, "full": queries.sees_resident(request.user, case),
            # The change log holds the resident's details unmasked: only for those who may see them.
            "history": audit.history_for(case)[:50], "labels": STEP_LABELS,
        })  # fmt: skip


STEP_LABELS = {
    "dispatch": gettext_lazy("派单"), "sign": gettext_lazy("签收"), "return": gettext_lazy("退回"),
    "note": gettext_lazy("办理记录"), "extend": gettext_lazy("申请延期"), "decide": gettext_lazy("审批延期"),
    "reply": gettext_lazy("反馈"), "rate": gettext_lazy("回访评价"), "rework": gettext_lazy("重办"),
    "close": gettext_lazy("办结"),
}  # fmt: skip


class CaseStepView(LoginRequiredMixin, View):
    """The forms of a case's page; each calls one action of the loop."""

    def post(self, request, pk, step):
        case = _get_case(request.user, pk)
        if step not in STEP_FORMS:
            raise Http404
        form_class = STEP_FORMS[step]
        data = {}
        if form_class is not None:
            extra = {"case": case} if step == "rate" else {"user": request.user} if step == "dispatch" else {}
            form = form_class(request.POST, **extra)
            if not form.is_valid():
                return drafts.invalid(request, form, url=case.get_absolute_url())
            data = form.cleaned_data
        if step == "note":
            return self.note(request, case, data)
        user = request.user
        try:
            if step == "dispatch":
                actions.dispatch(actor=user, case=case, handler_unit=data["handler_unit"], note=data["note"])
            elif step == "sign":
                actions.sign(actor=user, case=case)
            elif step == "return":
                actions.send_back(actor=user, case=case, reason=data["reason"])
            elif step == "extend":
                actions.request_extension(actor=user, case=case, days=data["days"], reason=data["reason"])
            elif step == "decide":
                actions.decide_extension(actor=user, case=case, approve=data["approve"], note=data["note"])
            elif step == "reply":
                actions.reply(actor=user, case=case, result=data["result"])
            elif step == "rate":
                actions.rate(actor=user, case=case, satisfaction=data["satisfaction"], note=data["note"])
            elif step == "rework":
                actions.rework(actor=user, case=case, reason=data["reason"])
            else:
                actions.close(actor=user, case=case, note=data["note"])
            messages.success(request, _("已%(step)s。") % {"step": STEP_LABELS[step]})
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(case.get_absolute_url())

    def note(self, request, case, data):
        """办理记录, from the page or a phone's draft (core.drafts): a replay answers with the first save."""
        return drafts.handle(
            request,
            lambda: actions.add_note(
                actor=request.user,
                case=case,
                note=data["note"],
                draft_key=data["draft_key"],
                seen_state=data["seen_state"],
            ),
            url=case.get_absolute_url(),
            success=_("已%(step)s。") % {"step": STEP_LABELS["note"]},
        )


class InboxView(LoginRequiredMixin, View):
    def get(self, request):
        sections = queries.inbox(request.user)
        return render(request, "cases/inbox.html", {
            "title": _("我的待办"), "sections": sections, "late": queries.soon_late(sections), "table": tables.INBOX,
        })  # fmt: skip


def _period(request) -> tuple[date, date]:
    """`?start=&end=`, by default this year to today; a date that does not exist is named, not a 500."""
    today = queries.today()
    form = DateRangeForm(request.GET)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()))
        return date(today.year, 1, 1), today
    return form.cleaned_data["start"] or date(today.year, 1, 1), form.cleaned_data["end"] or today


class MetricsView(LoginRequiredMixin, View):
    def get(self, request):
        start, end = _period(request)
        kind = request.GET.get("kind", "")
        kind = kind if kind in CaseKind.values else ""
        rows, total = queries.metrics_by_unit(request.user, start=start, end=end, kind=kind)
        if request.GET.get("export") == "xlsx":
            audit.record_export(model=Case, rows=len(rows), query=f"{start}~{end} {kind}", actor=request.user,
                                scope_path=request.user.scope_path)  # fmt: skip
            return xlsx_response(_("诉求办理绩效"), _("诉求办理绩效"), METRIC_COLUMNS, rows)
        return render(request, "cases/metrics.html", {
            "title": _("诉求办理绩效"), "rows": rows, "total": total, "start": start, "end": end, "kind": kind,
            "kinds": CaseKind.choices,
        })  # fmt: skip


METRIC_COLUMNS = [
    Column(gettext_lazy("排名"), lambda r: r.rank, 6),
    Column(gettext_lazy("承办单位"), lambda r: r.unit.name, 20),
    Column(gettext_lazy("诉求数"), lambda r: r.metrics.cases, 8),
    Column(gettext_lazy("按时签收率（%）"), lambda r: r.metrics.sign_rate, 12),
    Column(gettext_lazy("按时办结率（%）"), lambda r: r.metrics.close_rate, 12),
    Column(gettext_lazy("回退率（%）"), lambda r: r.metrics.return_rate, 10),
    Column(gettext_lazy("重办率（%）"), lambda r: r.metrics.rework_rate, 10),
    Column(gettext_lazy("满意率（%）"), lambda r: r.metrics.satisfaction_rate, 10),
    Column(gettext_lazy("平均办理用时（工作日）"), lambda r: r.metrics.average_days, 14),
]


# Case types (administrator) -----------------------------------------------------------------------


class CaseTypeListView(LoginRequiredMixin, View):
    def get(self, request):
        _ensure_admin(request.user)
        return render(request, "cases/type_list.html", {"title": _("诉求类型"), "types": CaseType.objects.all()})


class CaseTypeFormView(ActionFormView):
    form_class = CaseTypeForm
    title = gettext_lazy("诉求类型")

    def get_object(self):
        return CaseType.objects.filter(pk=self.kwargs["pk"]).first() if "pk" in self.kwargs else None

    def check_permission(self) -> None:
        _ensure_admin(self.request.user)
        if "pk" in self.kwargs and self.object is None:
            raise Http404

    def perform(self, form):
        if self.object is None:
            return actions.create_case_type(actor=self.request.user, **form.cleaned_data)
        return actions.update_case_type(actor=self.request.user, case_type=self.object, **form.cleaned_data)

    def get_success_url(self, result=None):
        return reverse("cases:type-list")


# Enterprise service ---------------------------------------------------------------------------------


def _day(text: str | None) -> date | None:
    """A date from the query string, or None when it is missing or not a real day (2026-02-30)."""
    try:
        return parse_date(text or "")
    except ValueError:
        return None


class OfficerView(LoginRequiredMixin, View):
    template_name = "cases/officers.html"

    def context(self, request, form=None):
        week = _day(request.GET.get("week")) or queries.today()
        assignments = scope.restrict(OfficerAssignment.objects.filter(is_active=True), request.user)
        return {
            "title": _("首席服务官"), "week": queries.week_of(week),
            "assignments": assignments.select_related("person", "person__unit", "enterprise")[:300],
            "rates": queries.checkin_rates(request.user, week=week),
            "form": form or AssignmentForm(user=request.user), "can_assign": scope.can_write(request.user),
            "can_check_in": scope.can_write(request.user) and queries.officer_of(request.user),
            "checkin_form": CheckInForm(),
        }  # fmt: skip

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        form = AssignmentForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, self.context(request, form))
        try:
            actions.assign_officer(actor=request.user, **form.cleaned_data)
            messages.success(request, _("已保存。"))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(reverse("cases:officer-list"))


class CheckInView(LoginRequiredMixin, View):
    def post(self, request):
        form = CheckInForm(request.POST)
        try:
            form.is_valid()
            actions.check_in(actor=request.user, note=form.cleaned_data.get("note", ""))
            messages.success(request, _("本周已签到。"))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(reverse("cases:officer-list"))


# Micro-grid: 敲门行动 ----------------------------------------------------------------------------------


class HouseholdListView(ScopedListView):
    model = Household
    filterset_class = HouseholdFilterSet
    table = tables.HOUSEHOLD
    title = gettext_lazy("敲门行动 · 重点关爱户")
    export_name = gettext_lazy("重点关爱户")
    create_url = reverse_lazy("cases:household-create")
    related = ("grid",)


class HouseholdCreateView(FormUserMixin, ActionFormView):
    form_class = HouseholdForm
    title = gettext_lazy("新增重点关爱户")

    def perform(self, form):
        return actions.create_household(actor=self.request.user, **form.cleaned_data)


class HouseholdDetailView(ScopedDetailView):
    model = Household

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["visits"] = self.object.visits.select_related("visitor", "case")
        ctx["visit_form"] = VisitForm()
        ctx["full"] = queries.sees_resident(self.request.user, self.object.grid.path)
        return ctx

    def post(self, request, pk):
        """A visit, from the page or a phone's draft (core.drafts): a replay answers with the first save."""
        household = scope.get_visible(Household.objects.select_related("grid"), request.user, pk=pk)
        form = VisitForm(request.POST, request.FILES)
        if not form.is_valid():
            return drafts.invalid(request, form, url=household.get_absolute_url())
        return drafts.handle(
            request,
            lambda: actions.record_visit(actor=request.user, household=household, **form.cleaned_data),
            url=household.get_absolute_url(),
            success=_("走访已记录。"),
        )


class VisitPhotoView(ScopedImageView):
    """A visit's photo or its thumbnail, for users whose scope holds the household."""

    queryset = Visit.objects.select_related("household__grid")
    image = "photo"
