from datetime import date
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

from core import scope
from core.tabular import Column, xlsx_response
from core.views import ActionFormView, FormUserMixin, ScopedDetailView, ScopedListView
from projects.models import Project

from . import actions, bulletins, queries, tables
from .calc import Colour
from .filtersets import InspectionFilterSet, TaskFilterSet
from .forms import (
    BulletinSettingsForm,
    CompleteForm,
    EscalationSettingsForm,
    InspectionForm,
    IssueForm,
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
    EscalationSettings,
    Inspection,
    InspectionPhoto,
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
            messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()))
            return redirect(task.get_absolute_url())
        data = form.cleaned_data
        try:
            if step == "progress":
                actions.add_progress(actor=request.user, task=task, note=data["note"], on=data["on"],
                                     progress_pct=data["progress_pct"], attachment=data["attachment"])  # fmt: skip
                messages.success(request, _("进展已记录。"))
            elif step == "complete":
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

    def base_queryset(self):
        return Inspection.objects.select_related("project", "project__unit", "round")


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
        found = queries.visible_bulletins(request.user).select_related("unit")[:200]
        return render(request, "supervision/bulletin_list.html", {
            "title": _("通报"), "bulletins": found, "can_issue": scope.can_write(request.user),
        })  # fmt: skip


class BulletinIssueView(FormUserMixin, ActionFormView):
    form_class = IssueForm
    title = gettext_lazy("生成通报")

    def get_initial(self):
        return {"kind": "weekly", "as_of": _today(), "unit": self.request.user.unit_id}

    def perform(self, form):
        data = form.cleaned_data
        return actions.issue_bulletin(actor=self.request.user, kind=data["kind"], unit=data["unit"],
                                      as_of=data["as_of"], issued_on=data["issued_on"])  # fmt: skip


def _visible_bulletin(request, pk) -> Bulletin:
    try:
        return queries.visible_bulletins(request.user).select_related("unit").get(pk=pk)
    except Bulletin.DoesNotExist as exc:
        raise Http404(_("没有找到该记录，或您无权查看。")) from exc


class BulletinDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        bulletin = _visible_bulletin(request, pk)
        return render(request, "supervision/bulletin_detail.html", {
            "bulletin": bulletin, "blocks": bulletins.blocks(bulletin.content),
        })  # fmt: skip


class BulletinDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        bulletin = _visible_bulletin(request, pk)
        if not bulletin.document:
            raise Http404
        name = f"{bulletin.number}{bulletin.title}.docx"
        return FileResponse(bulletin.document.open("rb"), as_attachment=True, filename=name)


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
