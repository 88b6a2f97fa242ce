import io
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import bounds, drafts, scope
from core.tabular import Column, xlsx_response
from core.views import ActionFormView, FormUserMixin, ScopedDetailView, ScopedListView
from projects.models import Project

from . import actions, bulletins, documents, gbt9704, queries, tables
from .calc import Colour
from .choices import DocumentKind
from .filtersets import InspectionFilterSet, TaskFilterSet
from .forms import (
    BulletinDraftForm,
    BulletinSettingsForm,
    CompleteForm,
    EscalationSettingsForm,
    InspectionForm,
    IssueForm,
    IssuerForm,
    PhotoForm,
    ProgressForm,
    ReopenForm,
    TargetForm,
    TargetProgressForm,
    TaskForm,
)
from .models import (
    Bulletin,
    BulletinSettings,
    DocumentTemplate,
    EscalationSettings,
    Inspection,
    InspectionPhoto,
    Issuer,
    ResponsibilityTarget,
    Rubric,
    ScoringRound,
    SupervisedTask,
    TaskUpdate,
)


def _today() -> date:
    return timezone.localdate()


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


# Tasks -----------------------------------------------------------------------------------------


class TaskListView(ScopedListView):
    model = SupervisedTask
    filterset_class = TaskFilterSet
    table = tables.TASK
    title = gettext_lazy("督办事项")
    create_url = reverse_lazy("supervision:task-create")

    def base_queryset(self):
        return SupervisedTask.objects.select_related("lead_unit", "leader").prefetch_related("co_units")

    def get_queryset(self):
        qs = super().get_queryset()
        colour = self.request.GET.get("colour")
        if colour in Colour._value2member_map_:
            # Colours depend on today and the calendar, not on stored columns: computed for the
            # filtered open tasks (a few hundred), then kept by key.
            found = queries.statuses(qs.filter(state="open") if colour != "done" else qs, as_of=_today())
            qs = qs.filter(pk__in=[pk for pk, s in found.items() if s.colour == colour])
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object_list"] = queries.with_status(ctx["object_list"], as_of=_today())
        ctx["colour"] = self.request.GET.get("colour", "")
        return ctx

    def export_queryset(self, queryset):
        return queries.with_status(queryset, as_of=_today())


class TaskCreateView(FormUserMixin, ActionFormView):
    form_class = TaskForm
    title = gettext_lazy("新增督办事项")

    def perform(self, form):
        data = dict(form.cleaned_data)
        co = data.pop("co_units")
        return actions.create_task(actor=self.request.user, co_units=co, **data)


class TaskUpdateView(FormUserMixin, ActionFormView):
    form_class = TaskForm
    title = gettext_lazy("修改督办事项")

    def get_object(self):
        return scope.get_visible(SupervisedTask.objects.all(), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        data = dict(form.cleaned_data)
        return actions.update_task(actor=self.request.user, task=self.object, co_units=data.pop("co_units"), **data)


class TaskDetailView(ScopedDetailView):
    model = SupervisedTask
    template_name = "supervision/task_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task = self.object
        ctx.update(
            status=queries.task_status(task, as_of=_today(), rules=queries.escalation_rules()),
            updates=task.updates.select_related("created_by"),
            progress_form=ProgressForm(), complete_form=CompleteForm(), reopen_form=ReopenForm(),
            can_reopen=ctx["can_change"] and self.request.user.can_review(),
            can_report=scope.can_report(self.request.user, task),
        )  # fmt: skip
        return ctx


class TaskStepView(LoginRequiredMixin, View):
    """The forms of a task's page: progress, completion, reopening. Each calls one action."""

    forms = {"progress": ProgressForm, "complete": CompleteForm, "reopen": ReopenForm}

    def post(self, request, pk, step):
        task = scope.get_visible(SupervisedTask.objects.all(), request.user, pk=pk)
        if step not in self.forms:
            raise Http404
        form = self.forms[step](request.POST, request.FILES)
        if not form.is_valid():
            return drafts.invalid(request, form, url=task.get_absolute_url())
        data = form.cleaned_data
        if step == "progress":
            return self.progress(request, task, data)
        try:
            if step == "complete":
                actions.complete_task(actor=request.user, task=task, note=data["note"], on=data["on"],
                                      attachment=data["attachment"])  # fmt: skip
                messages.success(request, _("事项已办结。"))
            else:
                actions.reopen_task(actor=request.user, task=task, reason=data["reason"],
                                    deadline_workdays=data["deadline_workdays"])  # fmt: skip
                messages.success(request, _("事项已重新打开。"))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(task.get_absolute_url())

    def progress(self, request, task, data):
        """A progress note, from the page or a phone's draft (core.drafts): a replay answers with the first."""
        return drafts.handle(
            request,
            lambda: actions.add_progress(
                actor=request.user,
                task=task,
                note=data["note"],
                on=data["on"],
                progress_pct=data["progress_pct"],
                attachment=data["attachment"],
                draft_key=data["draft_key"],
            ),
            url=task.get_absolute_url(),
            success=_("进展已记录。"),
        )


class AttachmentView(LoginRequiredMixin, View):
    def get(self, request, pk):
        update = scope.get_visible(TaskUpdate.objects.select_related("task"), request.user, pk=pk)
        if not update.attachment:
            raise Http404
        return FileResponse(update.attachment.open("rb"), as_attachment=True,
                            filename=update.attachment.name.rsplit("/", 1)[-1])  # fmt: skip


class OverdueView(LoginRequiredMixin, View):
    template_name = "supervision/overdue.html"

    def get(self, request):
        as_of = _today()
        rows = queries.overdue_tasks(request.user, as_of=as_of)
        return render(request, self.template_name, {
            "title": _("逾期督办事项"), "as_of": as_of, "rows": rows[:200], "total": len(rows),
            "by_unit": queries.overdue_by(rows, "unit"), "by_leader": queries.overdue_by(rows, "leader"),
        })  # fmt: skip


# Inspections and scored tours -------------------------------------------------------------------


class InspectionListView(ScopedListView):
    model = Inspection
    filterset_class = InspectionFilterSet
    table = tables.INSPECTION
    title = gettext_lazy("巡查观摩")
    create_url = reverse_lazy("supervision:inspection-create")
    related = ("project", "project__unit", "round")


class InspectionCreateView(FormUserMixin, ActionFormView):
    form_class = InspectionForm
    title = gettext_lazy("记录巡查观摩")

    def perform(self, form):
        return actions.record_inspection(actor=self.request.user, **form.cleaned_data)


class InspectionDetailView(ScopedDetailView):
    model = Inspection

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "photo_form": PhotoForm(), "photos": self.object.photos.all()}


class InspectionPhotoView(LoginRequiredMixin, View):
    def post(self, request, pk):
        inspection = scope.get_visible(Inspection.objects.select_related("project"), request.user, pk=pk)
        form = PhotoForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise ValidationError(_("请选择一张图片。"))
            data = form.cleaned_data
            actions.add_inspection_photo(
                actor=request.user, inspection=inspection, upload=data["image"], caption=data["caption"]
            )
            messages.success(request, _("照片已上传。"))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(inspection.get_absolute_url())


class InspectionPhotoFileView(LoginRequiredMixin, View):
    def get(self, request, pk, size):
        photo = scope.get_visible(InspectionPhoto.objects.select_related("inspection__project"), request.user, pk=pk)
        field = photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image
        return FileResponse(field.open("rb"))


class RoundListView(LoginRequiredMixin, View):
    def get(self, request):
        rounds = scope.restrict(ScoringRound.objects.select_related("rubric", "organiser"), request.user)
        return render(request, "supervision/round_list.html", {"title": _("观摩评比"), "rounds": rounds[:200]})


class RoundDetailView(ScopedDetailView):
    model = ScoringRound
    template_name = "supervision/round_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        projects, units = queries.round_results(self.object)
        items = list(self.object.rubric.items.all())
        candidates = scope.restrict(Project.objects.all(), self.request.user).order_by("code")
        if self.object.peer_group_id:
            candidates = candidates.filter(unit__in=self.object.peer_group.members.all())
        ctx.update(project_results=projects, unit_results=units, items=items, candidates=candidates[:500])
        return ctx

    def post(self, request, pk):
        """One judge's marks for one project, one box per rubric item."""
        found = scope.get_visible(ScoringRound.objects.select_related("rubric"), request.user, pk=pk)
        try:
            project = scope.get_visible(Project.objects.all(), request.user, pk=request.POST.get("project") or 0)
            # Blank boxes are left out; the action checks that each mark is a number within the item.
            boxes = {item.pk: request.POST.get(f"item-{item.pk}", "").strip() for item in found.rubric.items.all()}
            marks = {pk: raw for pk, raw in boxes.items() if raw}
            actions.record_scores(actor=request.user, round=found, project=project,
                                  judge=request.POST.get("judge", ""), marks=marks)  # fmt: skip
            messages.success(request, _("评分已保存。"))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(found.get_absolute_url())


# Target responsibility --------------------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", _today().year))
    except ValueError:
        return _today().year
    return year if 2000 <= year <= 2100 else _today().year


class TargetListView(LoginRequiredMixin, View):
    def get(self, request):
        year = _year(request)
        rows = queries.target_rows(request.user, year=year)
        if request.GET.get("export") == "xlsx":
            columns = [
                Column(_("责任单位"), lambda r: r.target.unit.name, 18),
                Column(_("目标任务"), lambda r: r.target.title, 36),
                Column(_("目标值"), lambda r: r.target.target_value.normalize(), 10),
                Column(_("计量单位"), lambda r: r.target.measure, 8),
                Column(_("完成值"), lambda r: r.actual, 10),
                Column(_("完成比例（%）"), lambda r: r.result.ratio_pct, 10),
                Column(_("完成情况"), lambda r: r.sentence, 24),
                Column(_("数据来源"), lambda r: str(r.source), 16),
            ]
            return xlsx_response(_("%(y)s年目标责任") % {"y": year}, _("目标责任"), columns, rows)
        return render(request, "supervision/target_list.html", {
            "title": _("目标责任"), "year": year, "rows": rows, "can_write": scope.can_write(request.user),
            "progress_form": TargetProgressForm(),
        })  # fmt: skip


class TargetCreateView(FormUserMixin, ActionFormView):
    form_class = TargetForm
    title = gettext_lazy("新增目标责任")

    def get_initial(self):
        return {"year": _today().year}

    def perform(self, form):
        return actions.create_target(actor=self.request.user, **form.cleaned_data)


class TargetProgressView(LoginRequiredMixin, View):
    def post(self, request, pk):
        target = scope.get_visible(ResponsibilityTarget.objects.all(), request.user, pk=pk)
        form = TargetProgressForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("请填写数字形式的完成值。"))
            actions.report_target_progress(actor=request.user, target=target,
                                           actual_value=form.cleaned_data["actual_value"],
                                           note=form.cleaned_data["note"])  # fmt: skip
            messages.success(request, _("完成情况已保存。"))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(target.get_absolute_url())


# Bulletins --------------------------------------------------------------------------------------


class BulletinListView(LoginRequiredMixin, View):
    def get(self, request):
        found = queries.visible_bulletins(request.user).select_related("unit", "issuer")[:200]
        return render(request, "supervision/bulletin_list.html", {
            "title": _("通报"), "bulletins": found, "can_issue": scope.can_write(request.user),
            "can_set_issuers": queries.issuer_units(request.user).exists(),
        })  # fmt: skip


class BulletinIssueView(FormUserMixin, ActionFormView):
    form_class = IssueForm
    title = gettext_lazy("起草通报")
    success_message = gettext_lazy("草稿已生成，可补充内容后送审。")

    def get_initial(self):
        return {"kind": "weekly", "as_of": _today(), "unit": self.request.user.unit_id}

    def perform(self, form):
        data = form.cleaned_data
        return actions.draft_bulletin(actor=self.request.user, kind=data["kind"], unit=data["unit"],
                                      as_of=data["as_of"])  # fmt: skip


def _visible_bulletin(request, pk) -> Bulletin:
    try:
        return queries.visible_bulletins(request.user).select_related("unit", "issuer").get(pk=pk)
    except Bulletin.DoesNotExist as exc:
        raise Http404(_("没有找到该记录，或您无权查看。")) from exc


class BulletinDetailView(LoginRequiredMixin, View):
    def get(self, request, pk, form=None):
        bulletin = _visible_bulletin(request, pk)
        steps = queries.bulletin_steps(request.user, bulletin)
        if form is None and "edit" in steps:
            form = BulletinDraftForm(instance=bulletin)
        return render(request, "supervision/bulletin_detail.html", {
            "bulletin": bulletin, "blocks": bulletins.blocks(bulletin.content, bulletin.remarks),
            "head": bulletins.letterhead(bulletin), "steps": steps, "form": form,
        })  # fmt: skip


class BulletinStepView(LoginRequiredMixin, View):
    """One step of the workflow: edit, submit (送审), pass / return (审核), sign (签发), print (印发)."""

    STEPS = {
        "edit": gettext_lazy("已保存。"),
        "submit": gettext_lazy("已送审。"),
        "pass": gettext_lazy("审核通过，待签发。"),
        "return": gettext_lazy("已退回。"),
        "sign": gettext_lazy("已签发，发文字号 %(n)s。"),
        "print": gettext_lazy("已印发，公文已存档。"),
    }

    def post(self, request, pk, step):
        if step not in self.STEPS:
            raise Http404
        bulletin = _visible_bulletin(request, pk)
        user = request.user
        try:
            if step == "edit":
                form = BulletinDraftForm(request.POST, instance=bulletin)
                if not form.is_valid():
                    return BulletinDetailView().get(request, pk, form=form)
                actions.edit_bulletin(actor=user, bulletin=bulletin, **form.cleaned_data)
            elif step == "submit":
                actions.submit_bulletin(actor=user, bulletin=bulletin)
            elif step in ("pass", "return"):
                actions.review_bulletin(actor=user, bulletin=bulletin, passed=step == "pass",
                                        reason=request.POST.get("reason", ""))  # fmt: skip
            elif step == "sign":
                actions.sign_bulletin(actor=user, bulletin=bulletin)
            else:
                actions.print_bulletin(actor=user, bulletin=bulletin)
            messages.success(request, str(self.STEPS[step]) % {"n": bulletin.number})
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(bulletin.get_absolute_url())


class BulletinDownloadView(LoginRequiredMixin, View):
    """The .docx (or ?format=pdf, the PDF) as 印发; before that, the .docx as it stands (a draft)."""

    def get(self, request, pk):
        bulletin = _visible_bulletin(request, pk)
        stem = f"{bulletin.number or _('（草稿）')}{bulletin.title}"
        if request.GET.get("format") == "pdf":
            if not bulletin.pdf:
                raise Http404(_("该通报没有存档的PDF。"))
            return FileResponse(bulletin.pdf.open("rb"), as_attachment=True, filename=f"{stem}.pdf")
        if bulletin.document:
            return FileResponse(bulletin.document.open("rb"), as_attachment=True, filename=f"{stem}.docx")
        data = bulletins.render_docx(bulletin)
        return FileResponse(io.BytesIO(data), as_attachment=True, filename=f"{stem}.docx")


# Issuers (发文设置) -------------------------------------------------------------------------------


class IssuerListView(LoginRequiredMixin, View):
    """The units whose 发文设置 the user keeps, with what each still lacks."""

    def get(self, request):
        units = list(queries.issuer_units(request.user))
        if not units:
            raise PermissionDenied(_("只有单位管理员可以维护发文设置。"))
        found = {i.unit_id: i for i in Issuer.objects.filter(unit__in=units).prefetch_related("signers")}
        rows = [(u, found.get(u.pk), queries.issuer_missing(found.get(u.pk))) for u in units]
        return render(request, "supervision/issuer_list.html", {"title": _("发文设置"), "rows": rows})


class IssuerView(LoginRequiredMixin, View):
    """One unit's 发文设置 and the numbers it has issued (发文登记)."""

    template_name = "supervision/issuer.html"

    def _unit(self, request, unit_id):
        unit = queries.issuer_units(request.user).filter(pk=unit_id).first()
        if unit is None or not queries.can_admin_issuer(request.user, unit):
            raise Http404(_("没有找到该记录，或您无权查看。"))
        return unit

    def _render(self, request, unit, form):
        issuer = Issuer.objects.filter(unit=unit).first()
        numbers = queries.issued_numbers(issuer)[:200] if issuer else []
        return render(request, self.template_name, {
            "title": _("发文设置：%(u)s") % {"u": unit.name}, "unit": unit, "form": form, "issuer": issuer,
            "missing": queries.issuer_missing(issuer), "numbers": numbers,
        })  # fmt: skip

    def get(self, request, unit_id):
        unit = self._unit(request, unit_id)
        return self._render(request, unit, IssuerForm(instance=Issuer.objects.filter(unit=unit).first(), unit=unit))

    def post(self, request, unit_id):
        unit = self._unit(request, unit_id)
        form = IssuerForm(request.POST, instance=Issuer.objects.filter(unit=unit).first(), unit=unit)
        if not form.is_valid():
            return self._render(request, unit, form)
        data = dict(form.cleaned_data)
        signers = data.pop("signers")
        try:
            actions.save_issuer(actor=request.user, unit=unit, signers=signers, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self._render(request, unit, form)
        messages.success(request, _("发文设置已保存。"))
        return redirect(reverse("supervision:issuer", args=[unit.pk]))


# Settings ---------------------------------------------------------------------------------------


class SettingsView(LoginRequiredMixin, View):
    template_name = "supervision/settings.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not scope.is_platform_admin(user):
            raise PermissionDenied(_("只有平台管理员可以修改督办设置。"))
        return super().dispatch(request, *args, **kwargs)

    def context(self, escalation=None, bulletin=None, rubric_text=""):
        return {
            "title": _("督办设置"),
            "escalation_form": escalation or EscalationSettingsForm(instance=EscalationSettings.current()),
            "bulletin_form": bulletin or BulletinSettingsForm(instance=BulletinSettings.current()),
            "rubrics": Rubric.objects.prefetch_related("items"),
            "rubric_text": rubric_text,
        }

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        which = request.POST.get("form")
        try:
            if which == "escalation":
                form = EscalationSettingsForm(request.POST, instance=EscalationSettings.current())
                if not form.is_valid():
                    return render(request, self.template_name, self.context(escalation=form))
                actions.update_escalation_settings(actor=request.user, **form.cleaned_data)
            elif which == "bulletin":
                form = BulletinSettingsForm(request.POST, instance=BulletinSettings.current())
                if not form.is_valid():
                    return render(request, self.template_name, self.context(bulletin=form))
                actions.update_bulletin_settings(actor=request.user, **form.cleaned_data)
            elif which == "rubric":
                self._save_rubric(request)
            messages.success(request, _("已保存。"))
        except ValidationError as exc:
            _errors(request, exc)
            return render(request, self.template_name, self.context(rubric_text=request.POST.get("items", "")))
        return redirect(reverse("supervision:settings"))

    def _save_rubric(self, request) -> None:
        """A rubric typed as lines "评分项 权重 [满分]"."""
        items = []
        for n, line in enumerate(request.POST.get("items", "").splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            try:
                weight = Decimal(parts[1])
                maximum = Decimal(parts[2]) if len(parts) > 2 else Decimal(100)
            except (IndexError, InvalidOperation) as exc:
                raise ValidationError(_("第%(n)s行：请写成“评分项 权重 满分”。") % {"n": n}) from exc
            items.append((parts[0], weight, maximum))
        rubric = Rubric.objects.filter(pk=request.POST.get("rubric") or 0).first()
        actions.save_rubric(actor=request.user, name=request.POST.get("name", "").strip(), items=items,
                            description=request.POST.get("description", ""), rubric=rubric)  # fmt: skip


# Documents from templates (督办通知单, 催办单, 观摩评比结果通报, 月度报告) -----------------------------


def _docx_response(document, name: str) -> FileResponse:
    data = gbt9704.render(document)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=f"{name}.docx")


class TaskDocumentView(LoginRequiredMixin, View):
    """督办通知单 (notice) or 催办单 (reminder) of a task, headed by the user's own unit."""

    KINDS = {"notice": DocumentKind.TASK_NOTICE, "reminder": DocumentKind.TASK_REMINDER}

    def get(self, request, pk, kind):
        if kind not in self.KINDS:
            raise Http404
        task = scope.get_visible(SupervisedTask.objects.all(), request.user, pk=pk)
        try:
            document = documents.task_document(request.user, task, self.KINDS[kind])
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(task.get_absolute_url())
        return _docx_response(document, f"{DocumentKind(self.KINDS[kind]).label}-{task.title}")


class RoundDocumentView(LoginRequiredMixin, View):
    def get(self, request, pk):
        tour = scope.get_visible(ScoringRound.objects.select_related("organiser", "rubric"), request.user, pk=pk)
        try:
            document = documents.tour_document(request.user, tour)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(tour.get_absolute_url())
        return _docx_response(document, document.title)


def _year_month(request, today: date) -> tuple[int, int]:
    """?year=&month=, bounded; the month before this one by default (reports come after month end)."""
    last = today.replace(day=1) - timedelta(days=1)
    try:
        year, month = int(request.GET.get("year", last.year)), int(request.GET.get("month", last.month))
    except ValueError as exc:
        raise ValidationError(_("年度和月份须为数字。")) from exc
    if not (bounds.MIN_YEAR <= year <= bounds.MAX_YEAR and 1 <= month <= 12):
        raise ValidationError(_("年度应在 %(a)s 至 %(b)s 之间，月份应在 1 至 12 之间。")
                              % {"a": bounds.MIN_YEAR, "b": bounds.MAX_YEAR})  # fmt: skip
    return year, month


class MonthlyReportView(LoginRequiredMixin, View):
    """The monthly 重点项目建设情况 of the user's unit (?year=&month=)."""

    def get(self, request):
        user = request.user
        if user.unit is None:
            raise PermissionDenied(_("只有单位用户可以生成月度报告。"))
        today = _today()
        try:
            year, month = _year_month(request, today)
            document = documents.monthly_report(user, user.unit, year, month)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(reverse("supervision:bulletin-list"))
        return _docx_response(document, document.title)


class DocumentTemplateView(LoginRequiredMixin, View):
    """公文模板: the wording of each kind of document, edited by a platform administrator."""

    template_name = "supervision/document_templates.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope.is_platform_admin(request.user):
            raise PermissionDenied(_("只有平台管理员可以修改公文模板。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, edited=None):
        saved = {t.kind: t for t in DocumentTemplate.objects.all()}
        rows = []
        for kind, label in DocumentKind.choices:
            title, body = documents.template_for(kind)
            if edited and edited[0] == kind:
                title, body = edited[1], edited[2]
            rows.append({"kind": kind, "label": label, "title": title, "body": body, "custom": kind in saved})
        help_text = DocumentTemplate._meta.get_field("body").help_text
        return render(request, self.template_name, {"title": _("公文模板"), "rows": rows, "help": help_text})

    def post(self, request):
        kind = request.POST.get("kind", "")
        try:
            if request.POST.get("reset"):
                actions.reset_document_template(actor=request.user, kind=kind)
                messages.success(request, _("已恢复默认模板。"))
            else:
                title, body = request.POST.get("title", ""), request.POST.get("body", "")
                actions.save_document_template(actor=request.user, kind=kind, title=title, body=body)
                messages.success(request, _("已保存。"))
        except ValidationError as exc:
            _errors(request, exc)
            return self.get(request, edited=(kind, request.POST.get("title", ""), request.POST.get("body", "")))
        return redirect(reverse("supervision:document-templates"))
