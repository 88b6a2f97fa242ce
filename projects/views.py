from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import money, scope
from core.import_views import ImportView as BaseImportView
from core.money import PP_NUMBER_FORMAT, from_unit, to_unit
from core.tabular import XLSX, Column, xlsx_response
from core.views import (
    ActionFormView,
    FormUserMixin,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedImageView,
    ScopedListView,
)
from notices.queries import urge_counts

from . import actions, calc, geo, imports, queries, tables
from .choices import FundingKind, ReportState, Stage
from .filtersets import ProjectFilterSet
from .forms import (
    DistrictMapForm,
    PlanForm,
    ProblemForm,
    ProjectForm,
    ResolveForm,
    ScaleBandsForm,
    WarningSettingsForm,
)
from .models import DistrictMap, MonthlyReport, Photo, Problem, Project, ScaleBand, WarningSettings


def period_of(request) -> tuple[int, int]:
    """The reporting period asked for, or the month before this one (reports come after month end)."""
    today = timezone.localdate()
    default = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    try:
        year, month = int(request.GET.get("year", default[0])), int(request.GET.get("month", default[1]))
    except ValueError:
        return default
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else default


def _pct(p: Project):
    return calc.completion_rate(ytd=p.ytd, plan=p.plan)


class ProjectListView(ScopedListView):
    model = Project
    filterset_class = ProjectFilterSet
    template_name = "projects/project_list.html"
    title = gettext_lazy("项目台账")
    export_name = gettext_lazy("重点项目台账")

    create_url = reverse_lazy("projects:project-create")
    import_url = reverse_lazy("projects:import")
    paginate_keys_first = True  # with_figures() adds four subqueries per row

    # Columns ordered by the period's figures: only these need with_figures' joins to page.
    FIGURE_SORTS = frozenset({"plan", "ytd"})
    _keys_only = False
    paginate_from_end = True  # ordered by code (unique), or by a column then the key
    # The ledger's own parameters; any other is a filter the stored counts do not know.
    UNFILTERED = frozenset({"year", "month", "colour", "page", "sort"})

    def known_count(self) -> int | None:
        """The count from the stored unit figures: the current period, a user who sees whole units,
        no filter but the colour (projects.queries.stored_scope); else None and the rows are counted."""
        if any(v for k, v in self.request.GET.items() if k not in self.UNFILTERED):
            return None
        year, month = self.period
        stored = queries.stored_scope(self.request.user, year=year, month=month)
        if stored is None:
            return None
        counts = queries.stored_counts(stored, year=year, month=month)
        colour = self.request.GET.get("colour")
        return counts[colour] if colour in counts else sum(counts.values())

    def base_queryset(self):
        self.period = period_of(self.request)
        if self._keys_only:
            return Project.objects.all()
        qs = Project.objects.select_related("unit", "leader").prefetch_related("programmes")
        return queries.with_figures(qs, year=self.period[0], month=self.period[1])

    def keys_queryset(self, queryset):
        """The page's keys and the count without the figures' joins (a join per project on the
        month's approved report, which PostgreSQL cannot drop): the same scope, filters, colour
        and order, unless the list is ordered by a figure."""
        if self.request.GET.get("sort", "").lstrip("-") in self.FIGURE_SORTS:
            return queryset
        self._keys_only = True
        try:
            return self.get_queryset()
        finally:
            self._keys_only = False

    def get_table(self):
        if not hasattr(self, "_table"):
            year, month = getattr(self, "period", None) or period_of(self.request)
            self._table = tables.project_table(self.request.user, year, month)
        return self._table

    def get_queryset(self):
        qs = super().get_queryset()
        colour = self.request.GET.get("colour")
        year, month = self.period
        if queries.is_stored_period(year, month):
            qs = qs.select_related("warning_state")
        if colour in calc.Colour._value2member_map_:
            if queries.is_stored_period(year, month):
                qs = queries.with_colour(qs, colour)  # the stored colour, on an index
            else:
                # A past period: judge the filtered rows, then keep the matching ones — once per
                # request, though the page's keys are read from a second queryset (keys_queryset).
                if not hasattr(self, "_judged_colour"):
                    found = queries.colours(self.request.user, year=year, month=month, queryset=qs)
                    self._judged_colour = [pk for pk, w in found.items() if w.colour == colour]
                qs = qs.filter(pk__in=self._judged_colour)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year, month = self.period
        benchmark = calc.schedule_benchmark(periods_elapsed=month)
        stored = queries.is_stored_period(year, month)
        rules, as_of = queries.warning_rules(), queries.period_end(year, month)
        for p in ctx["object_list"]:
            p.completion = _pct(p)
            p.gap = (
                None
                if p.completion is None
                else calc.schedule_gap(completion_pct=p.completion, benchmark_pct=benchmark)
            )
            p.warning = (
                queries.stored_warning(p) if stored else queries.warning_for(p, rules=rules, month=month, as_of=as_of)
            )
        ctx.update(
            year=year, month=month, benchmark=benchmark, colour=self.request.GET.get("colour", ""),
        )  # fmt: skip
        return ctx

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            self.period = period_of(request)
        return super().get(request, *args, **kwargs)

    def export_queryset(self, queryset):
        return imports.export_rows(queryset, self.period[0])


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ProjectDetailView(ScopedDetailView):
    model = Project

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project = self.object
        year, _month = period_of(self.request)
        reports = list(project.reports.exclude(state=ReportState.SUPERSEDED).order_by("year", "month", "-version"))
        plan = project.plans.filter(year=year).first()
        months = list(range(1, 13))
        latest = {}
        for r in reports:
            if r.year == year and r.month not in latest:
                latest[r.month] = r
        # Chart coordinates only (JSON numbers); every figure shown as text stays exact.
        plan_line = [float(to_unit(plan.planned_investment * m // 12, "万元")) if plan else None for m in months]
        actual_line = [
            float(to_unit(latest[m].ytd_investment, "万元")) if m in latest and latest[m].ytd_investment is not None
            else None
            for m in months
        ]  # fmt: skip
        ctx.update(
            year=year,
            plan=plan,
            plans=project.plans.all(),
            funding=project.funding.all(),
            stages=project.stage_events.all(),
            problems=project.problems.select_related("responsible_unit"),
            photos=project.photos.all()[:24],
            reports=reports,
            all_stages=Stage.choices,
            funding_kinds=FundingKind.choices,
            funding_blanks=range(2),
            plan_form=PlanForm(initial={"year": year}),
            problem_form=ProblemForm(user=self.request.user),
            can_report=scope.can_report(self.request.user, project),
            # Offered only where it would be done: the user may change it and nothing else names it.
            can_delete=ctx["can_change"] and queries.deletion_refusal(project) is None,
            chart={
                "months": [_("%(m)s月") % {"m": m} for m in months],
                "plan": plan_line,
                "actual": actual_line,
                "labels": [_("序时计划"), _("累计完成")],
                "unit": _("万元"),
            },
        )
        return ctx


class ProjectDeleteView(ScopedDeleteView):
    model = Project
    action = actions.delete_project
    kwarg = "project"
    success_url = reverse_lazy("projects:project-list")


class ProjectFormMixin(FormUserMixin):
    form_class = ProjectForm
    template_name = "projects/project_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        boundary = queries.district_boundary(self.request.user)
        # The picker's map: the boundaries and the labels, as data (json_script), no tiles.
        ctx["picker"] = {
            "geo": boundary.collection if boundary else None,
            "focus": boundary.focus if boundary else "",
            "labels": {"here": _("项目位置"), "hint": _("点击地图选取项目位置")},
        }
        return ctx


class ProjectCreateView(ProjectFormMixin, ActionFormView):
    title = gettext_lazy("新增重点项目")

    def perform(self, form):
        data = dict(form.cleaned_data)
        return actions.create_project(actor=self.request.user, **data)


class ProjectUpdateView(ProjectFormMixin, ActionFormView):
    title = gettext_lazy("修改项目台账")

    def get_object(self):
        return scope.get_visible(Project.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_project(actor=self.request.user, project=self.object, **form.cleaned_data)


class ProjectPostView(LoginRequiredMixin, View):
    """A small form posted from the project page to one action; errors come back as messages."""

    form_class = None

    def form_kwargs(self) -> dict:
        return {}

    def post(self, request, pk):
        project = scope.get_visible(Project.objects.all(), request.user, pk=pk)
        form = self.form_class(request.POST, **self.form_kwargs())
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        else:
            try:
                self.perform(project, form.cleaned_data)
                messages.success(request, _("已保存。"))
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
        return redirect(project.get_absolute_url())


class PlanView(ProjectPostView):
    form_class = PlanForm

    def perform(self, project, data):
        actions.set_annual_plan(actor=self.request.user, project=project, **data)


class ProblemView(ProjectPostView):
    form_class = ProblemForm

    def form_kwargs(self):
        return {"user": self.request.user}

    def perform(self, project, data):
        actions.add_problem(actor=self.request.user, project=project, **data)


class ResolveProblemView(LoginRequiredMixin, View):
    def post(self, request, pk):
        problem = scope.get_visible(Problem.objects.select_related("project"), request.user, pk=pk)
        form = ResolveForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("请填写解决情况。"))
            actions.resolve_problem(actor=request.user, problem=problem, resolution=form.cleaned_data["resolution"])
            messages.success(request, _("问题已标记为解决。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(problem.project.get_absolute_url() + "#problems")


class PhotoView(LoginRequiredMixin, View):
    def post(self, request, pk):
        project = scope.get_visible(Project.objects.all(), request.user, pk=pk)
        upload = request.FILES.get("image")
        if upload is None:
            messages.error(request, _("请选择照片。"))
            return redirect(project.get_absolute_url() + "#photos")
        try:
            taken = request.POST.get("taken_on") or None
            actions.add_photo(
                actor=request.user, project=project, upload=upload, caption=request.POST.get("caption", "")[:200],
                taken_on=date.fromisoformat(taken) if taken else None,
            )  # fmt: skip
            messages.success(request, _("照片已上传。"))
        except ValueError:
            messages.error(request, _("请填写正确的日期。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(project.get_absolute_url() + "#photos")


class FundingView(LoginRequiredMixin, View):
    """Replace the 资金来源 rows: kind, amount in 万元 and a note per row; blank rows are dropped."""

    def post(self, request, pk):
        project = scope.get_visible(Project.objects.all(), request.user, pk=pk)
        rows = []
        kinds, amounts, notes = (request.POST.getlist(k) for k in ("kind", "amount", "note"))
        try:
            for number, (kind, amount, note) in enumerate(zip(kinds, amounts, notes, strict=False), start=1):
                if not amount.strip():
                    continue
                try:
                    rows.append({"kind": kind, "amount": from_unit(amount, "万元"), "note": note.strip()})
                except ValueError as exc:
                    raise ValidationError(_("第%(n)s行：%(e)s") % {"n": number, "e": exc}) from exc
            actions.set_funding(actor=request.user, project=project, rows=rows)
            messages.success(request, _("已保存。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(project.get_absolute_url())


class PhotoFileView(ScopedImageView):
    """A photo or its thumbnail, for users whose scope holds the project."""

    queryset = Photo.objects.select_related("project")


class StageView(LoginRequiredMixin, View):
    def post(self, request, pk):
        project = scope.get_visible(Project.objects.all(), request.user, pk=pk)
        try:
            on = date.fromisoformat(request.POST.get("date", ""))
            actions.record_stage(actor=request.user, project=project, stage=request.POST.get("stage", ""), on=on)
        except ValueError:
            messages.error(request, _("请填写正确的日期。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(project.get_absolute_url())


# Monthly reports ------------------------------------------------------------------------------


class ReportEntryView(LoginRequiredMixin, View):
    """All of a unit's projects for one month on one screen: type 万元, save as drafts, submit."""

    template_name = "projects/report_entry.html"
    fields = ("monthly_investment", "ytd_investment", "since_start_investment")
    texts = ("progress", "problems", "next_steps")

    def projects(self):
        return queries.reportable_projects(self.request.user).select_related("unit").order_by("unit__path", "code")

    def rows(self, year, month, posted=None, errors=None):
        reports = {
            r.project_id: r
            for r in MonthlyReport.objects.filter(year=year, month=month)
            .exclude(state=ReportState.SUPERSEDED)
            .order_by("project_id", "version")
        }
        out = []
        for p in self.projects():
            r = reports.get(p.pk)
            values = {}
            for f in self.fields:
                values[f] = posted.get(f"{p.pk}-{f}") if posted else (to_unit(getattr(r, f), "万元") if r else None)
            for f in self.texts:
                values[f] = posted.get(f"{p.pk}-{f}") if posted else (getattr(r, f) if r else "")
            out.append({"project": p, "report": r, "values": values, "errors": (errors or {}).get(p.pk, [])})
        return out

    def get(self, request):
        year, month = period_of(request)
        return render(request, self.template_name, self.context(year, month, self.rows(year, month)))

    def context(self, year, month, rows) -> dict:
        deadline = queries.report_deadline(year, month)
        return {"rows": rows, "year": year, "month": month, "title": _("月度报告填报"), "deadline": deadline,
                "overdue": timezone.localdate() > deadline.date}  # fmt: skip

    def post(self, request):
        try:
            year, month = int(request.POST["year"]), int(request.POST["month"])
            if not (2000 <= year <= 2100 and 1 <= month <= 12):
                raise ValueError
        except (KeyError, ValueError):
            messages.error(request, _("报告期不正确。"))
            return redirect(request.path)
        submit = "submit" in request.POST
        errors: dict[int, list[str]] = {}
        saved = 0
        try:
            with transaction.atomic():
                for p in self.projects():
                    changes = self._changes(request.POST, p, errors)
                    if changes is None:
                        continue
                    try:
                        report = actions.save_report(actor=request.user, project=p, year=year, month=month, **changes)
                        if submit:
                            actions.submit_report(actor=request.user, report=report)
                        saved += 1
                    except (ValidationError, PermissionDenied) as exc:
                        errors.setdefault(p.pk, []).extend(getattr(exc, "messages", [str(exc)]))
                if errors:
                    raise _RollBack
        except _RollBack:
            messages.error(request, _("有 %(n)s 个项目的数据有误，全部未保存，请修改后重试。") % {"n": len(errors)})
            rows = self.rows(year, month, request.POST, errors)
            return render(request, self.template_name, self.context(year, month, rows), status=400)
        messages.success(
            request, (_("已报送 %(n)s 个项目。") if submit else _("已保存 %(n)s 个项目的草稿。")) % {"n": saved}
        )
        return redirect(f"{request.path}?year={year}&month={month}")

    def _changes(self, post, project, errors):
        changes = {}
        touched = False
        for f in self.fields:
            raw = (post.get(f"{project.pk}-{f}") or "").strip()
            if raw:
                touched = True
                try:
                    changes[f] = from_unit(raw, "万元")
                except ValueError as exc:
                    errors.setdefault(project.pk, []).append(f"{MonthlyReport._meta.get_field(f).verbose_name}：{exc}")
            else:
                changes[f] = None
        for f in self.texts:
            value = (post.get(f"{project.pk}-{f}") or "").strip()
            touched = touched or bool(value)
            changes[f] = value
        if not touched:
            return None
        return changes


class _RollBack(Exception):
    """Raised inside the entry transaction to undo every row when any row is wrong."""


class ReviewListView(LoginRequiredMixin, View):
    template_name = "projects/review_list.html"

    def get(self, request):
        if not request.user.can_review():
            raise PermissionDenied(_("您没有审核报告的权限。"))
        reports = (
            scope.restrict(MonthlyReport.objects.filter(state=ReportState.SUBMITTED), request.user, scope.Grant.REVIEW)
            .select_related("project", "project__unit", "submitted_by")
            .order_by("year", "month", "project__code")
        )
        reports = list(reports)
        flags = queries.flags_for(reports)
        for r in reports:
            r.flags = flags.get(r.pk, [])
            r.may_review = queries.may_review(request.user, r)
            r.refusal = "" if r.may_review else queries.review_refusal(request.user, r)
        return render(request, self.template_name, {
            "reports": reports, "title": _("待审核报告"), "can_batch": any(r.may_review for r in reports),
        })  # fmt: skip


class BatchApproveView(LoginRequiredMixin, View):
    """批量通过 from the queue: the ticked reports are approved together, or none is."""

    def post(self, request):
        ids = []
        for raw in request.POST.getlist("report"):
            try:
                ids.append(int(raw))
            except ValueError:
                continue
        # Reports outside the scope are not found here; the action refuses what it must.
        found = {
            r.pk: r
            for r in scope.restrict(MonthlyReport.objects.filter(pk__in=ids), request.user).select_related("project")
        }
        missing = [pk for pk in ids if pk not in found]
        try:
            if missing:
                raise ValidationError(_("有 %(n)s 份勾选的报告没有找到或不在您的范围内，均未通过。") % {
                    "n": len(missing)})  # fmt: skip
            done = actions.approve_reports(actor=request.user, reports=[found[pk] for pk in ids])
            messages.success(request, _("已批量审核通过 %(n)s 份报告。") % {"n": len(done)})
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("projects:review-list")


class ReviewActionView(LoginRequiredMixin, View):
    def post(self, request, pk, verdict):
        if verdict not in ("approve", "return"):
            raise Http404
        report = scope.get_visible(MonthlyReport.objects.select_related("project"), request.user, pk=pk)
        try:
            if verdict == "approve":
                actions.approve_report(actor=request.user, report=report)
                messages.success(request, _("已审核通过：%(r)s") % {"r": report})
            else:
                actions.return_report(actor=request.user, report=report, reason=request.POST.get("reason", ""))
                messages.success(request, _("已退回：%(r)s") % {"r": report})
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("projects:review-list")


class CorrectionView(LoginRequiredMixin, View):
    def post(self, request, pk):
        report = scope.get_visible(MonthlyReport.objects.select_related("project"), request.user, pk=pk)
        try:
            actions.start_correction(actor=request.user, report=report)
            messages.success(request, _("已发起更正，请在月度报告中修改后报送。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect(f"/projects/reports/?year={report.year}&month={report.month}")


class ReportDetailView(ScopedDetailView):
    model = MonthlyReport
    template_name = "projects/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        ctx["flags"] = queries.flags_for([report]).get(report.pk, [])
        ctx["versions"] = versions = list(
            MonthlyReport.objects.filter(project=report.project, year=report.year, month=report.month)
            .select_related("submitted_by", "reviewed_by")
            .order_by("version")
        )
        earlier = [v for v in versions if v.version < report.version]
        ctx["previous"] = previous = earlier[-1] if earlier else None
        ctx["figures"] = report_figures(report, previous)
        ctx["may_review"] = queries.may_review(self.request.user, report)
        return ctx


def report_figures(report: MonthlyReport, previous: MonthlyReport | None) -> list[dict]:
    """The report's figures and texts, beside the previous version's when it corrects one."""
    rows = []
    for name in actions.REPORT_FIGURES:
        now, before = getattr(report, name), getattr(previous, name) if previous else None
        rows.append({
            "label": MonthlyReport._meta.get_field(name).verbose_name, "value": now, "previous": before,
            "money": name.endswith("_investment"), "changed": previous is not None and now != before,
        })  # fmt: skip
    return rows


class MissingReportsView(LoginRequiredMixin, View):
    """Projects under construction with no submitted or approved report for the period."""

    def get(self, request):
        year, month = period_of(request)
        missing = list(
            queries.unreported_projects(request.user, year=year, month=month).select_related(
                "unit", "leader", "responsible_unit"
            )
        )
        counts = urge_counts(Project, [p.pk for p in missing])
        for p in missing:  # 催办: the count, and the button for a reviewer of the project's reports
            p.urge_count, p.may_urge = counts.get(p.pk, 0), queries.may_urge_reports(request.user, p)
        deadline = queries.report_deadline(year, month)
        context = {"projects": missing, "year": year, "month": month, "title": _("未报送项目"), "deadline": deadline,
                   "overdue": timezone.localdate() > deadline.date}  # fmt: skip
        return render(request, "projects/missing_reports.html", context)


WARNED_ON_DASHBOARD = 20  # the rest are one click away in the list filtered by colour


class DashboardView(LoginRequiredMixin, View):
    """Roll-ups for a month: 完成率 against 序时进度 by any dimension, the monthly trend, laggards."""

    def get(self, request):
        year, month = period_of(request)
        by = request.GET.get("by", "unit")
        if by not in queries.DIMENSIONS:
            by = "unit"
        user = request.user
        if request.GET.get("export") == "xlsx":  # the export is computed from the projects themselves
            rows = queries.rollup(user, year=year, month=month, by=by)
            total = queries.rollup_total(user, year=year, month=month)
            return xlsx_response(
                _("重点项目汇总"), str(queries.DIMENSIONS[by]), rollup_columns(queries.DIMENSIONS[by]), [*rows, total]
            )
        # The current period for a user who sees whole units: the units' stored figures, summed.
        stored = queries.stored_scope(user, year=year, month=month)
        if stored is None:
            rows = queries.rollup(user, year=year, month=month, by=by)
            total = queries.rollup_total(user, year=year, month=month)
            trend = queries.monthly_trend(user, year=year, through=month)
            laggards = queries.laggards(user, year=year, month=month, limit=10)
            counts, warned = queries.warning_summary(user, year=year, month=month, limit=WARNED_ON_DASHBOARD)
        else:
            if by == "unit":
                rows = queries.stored_rollup_by_unit(stored, year=year, month=month)
            else:
                rows = queries.rollup(user, year=year, month=month, by=by)
            total = queries.stored_total(stored, year=year, month=month)
            trend = queries.stored_trend(stored, year=year, through=month)
            laggards = queries.stored_laggards(stored, year=year, month=month, limit=10)
            counts = queries.stored_counts(stored, year=year, month=month)
            warned = queries.stored_warned(queries.visible_projects(user), WARNED_ON_DASHBOARD)
        chart = {
            "groups": [r.label for r in rows],
            "completion": [_chart_number(r.completion) for r in rows],
            "benchmark": float(total.benchmark),
            "months": [_("%(m)s月") % {"m": m} for m, _v in trend],
            "trend": [_chart_number(v) for _m, v in trend],
            "trend_benchmark": [float(calc.schedule_benchmark(periods_elapsed=m)) for m, _v in trend],
            "labels": {"completion": _("完成率"), "benchmark": _("序时进度"), "unit": "%"},
        }
        return render(
            request,
            "projects/dashboard.html",
            {
                "title": _("项目调度"), "year": year, "month": month, "by": by, "dimensions": queries.DIMENSIONS,
                "rows": rows, "total": total, "laggards": laggards, "warned": warned,
                "colour_counts": counts,
                "warned_total": counts["red"] + counts["yellow"],
                "same_year": list(queries.signed_started_completed_in(user, year)),
                "chart": chart,
            },
        )  # fmt: skip


class ProjectMapView(LoginRequiredMixin, View):
    """项目一张图: the visible projects on the district map by their coordinates, coloured by their
    warning for the period, filtered as the ledger is (its filter set, and ?colour=)."""

    def get(self, request):
        user = request.user
        year, month = period_of(request)
        qs = scope.restrict(Project.objects.all(), user)
        filterset = ProjectFilterSet(request.GET or None, queryset=qs, request=request)
        if filterset.is_bound and filterset.is_valid():
            qs = filterset.qs
        found = queries.colours(user, year=year, month=month, queryset=qs)
        colour = request.GET.get("colour", "")
        colour = colour if colour in calc.Colour._value2member_map_ else ""
        points, unplaced = [], 0
        rows = qs.order_by("code").values_list("pk", "name", "unit__name", "longitude", "latitude").distinct()
        for pk, name, unit, lon, lat in rows:
            warning = found[pk]
            if colour and warning.colour != colour:
                continue
            if lon is None or lat is None:
                unplaced += 1
                continue
            points.append({
                "name": name, "unit": unit, "colour": warning.colour.value, "reasons": "；".join(warning.reasons),
                "url": reverse("projects:project-detail", args=[pk]),
                "value": [float(lon), float(lat)],  # map coordinates only
            })  # fmt: skip
        boundary = queries.district_boundary(user)
        counts = {c.value: sum(1 for p in points if p["colour"] == c.value) for c in calc.Colour}
        data = {
            "geo": boundary.collection if boundary else None,
            "focus": boundary.focus if boundary else "",
            "points": points,
            "labels": {"green": _("绿灯"), "yellow": _("黄灯"), "red": _("红灯")},
        }
        return render(request, "projects/map.html", {
            "title": _("项目一张图"), "year": year, "month": month, "filterset": filterset, "colour": colour,
            "data": data, "boundary": boundary, "placed": len(points), "unplaced": unplaced, "counts": counts,
        })  # fmt: skip


class DistrictMapView(LoginRequiredMixin, View):
    """Platform administrators upload a GeoJSON boundary file to draw instead of the package's map."""

    template_name = "projects/map_boundary.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope.is_platform_admin(request.user):
            raise PermissionDenied(_("只有平台管理员可以上传区域边界。"))
        return super().dispatch(request, *args, **kwargs)

    def context(self, form=None):
        boundary = queries.district_boundary(self.request.user)
        return {
            "title": _("区域边界"), "form": form or DistrictMapForm(), "boundary": boundary,
            "areas": geo.names(boundary.collection) if boundary else [],
            "uploads": DistrictMap.objects.select_related("uploaded_by").defer("geojson")[:10],
        }  # fmt: skip

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        form = DistrictMapForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.upload_district_map(
                    actor=request.user, name=form.cleaned_data["name"], data=form.cleaned_data["file"].read()
                )
                messages.success(request, _("已上传，项目一张图将使用该边界。"))
                return redirect("projects:map-boundary")
            except ValidationError as exc:
                form.add_error("file", exc)
        return render(request, self.template_name, self.context(form), status=400)


def _chart_number(value: Decimal | None) -> float | None:
    """Chart coordinates only: rounded to 0.01 and passed to ECharts as JSON numbers."""
    return None if value is None else float(_round(value))


class SettingsView(LoginRequiredMixin, View):
    """Warning thresholds, the report deadline and the scale bands (platform administrators)."""

    template_name = "projects/settings.html"

    def context(self, settings_form=None, bands_form=None):
        bands = "\n".join(f"{money.plain(to_unit(b.lower_bound, '亿元'))} {b.label}" for b in ScaleBand.objects.all())
        return {
            "title": _("预警与汇总设置"),
            "settings_form": settings_form or WarningSettingsForm(instance=WarningSettings.current()),
            "bands_form": bands_form or ScaleBandsForm(initial={"bands": bands}),
        }

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope.is_platform_admin(request.user):
            raise PermissionDenied(_("只有平台管理员可以修改预警规则和规模档次。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        if "bands" in request.POST:
            form = ScaleBandsForm(request.POST)
            if form.is_valid():
                try:
                    actions.set_scale_bands(actor=request.user, bands=form.cleaned_data["bands"])
                    messages.success(request, _("已保存。"))
                    return redirect("projects:settings")
                except ValidationError as exc:
                    form.add_error("bands", exc)
            return render(request, self.template_name, self.context(bands_form=form), status=400)
        form = WarningSettingsForm(request.POST, instance=WarningSettings.current())
        if form.is_valid():
            try:
                actions.update_warning_settings(actor=request.user, **form.cleaned_data)
                messages.success(request, _("已保存。"))
                return redirect("projects:settings")
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        return render(request, self.template_name, self.context(settings_form=form), status=400)


class ImportView(BaseImportView):
    """The ledger from .xlsx: check every row, confirm, then all rows or none (see core.import_views)."""

    template_name = "projects/import.html"
    title = gettext_lazy("导入项目台账")
    url_name = "projects:import"
    mapping_kind = "ledger"

    def import_columns(self):
        return imports.ledger_columns()

    def options(self, data=None):
        """The mapping, constants, and the answers to the rows matched by name (`match-<sheet|row>`)."""
        data = self.request.POST if data is None else data
        options = super().options(data)
        options["matches"] = {k.removeprefix("match-"): v for k, v in data.items() if k.startswith("match-") and v}
        return options

    def check(self, data, **options):
        return imports.dry_run(self.request.user, data, **options)

    def write(self, source, **options):
        return imports.commit(self.request.user, source, **options)

    def summary(self, done):
        return _("导入完成：新增 %(c)s 个，更新 %(u)s 个，未变 %(n)s 个。") % {
            "c": done.count("create"), "u": done.count("update"), "n": done.count("unchanged")}  # fmt: skip

    def written(self, done):
        messages.success(self.request, self.summary(done))
        return redirect("projects:project-list")

    def context(self, **extra):
        preview = extra.get("preview")
        if preview is not None:
            extra.update(creates=preview.count("create"), updates=preview.count("update"),
                         unchanged=preview.count("unchanged"))  # fmt: skip
        return super().context(**extra)


class LedgerTemplateView(LoginRequiredMixin, View):
    """The blank ledger workbook (drop-down lists, formats, instructions), one example row."""

    def get(self, request):
        stamp = timezone.localtime().strftime("%Y%m%d")
        response = HttpResponse(imports.ledger_template(request.user), content_type=XLSX)
        name = escape_uri_path(f"{_('项目台账导入模板')}-{stamp}.xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response


class ReportImportView(BaseImportView):
    """Monthly reports from .xlsx in the unit's own layout: map the columns, check, confirm, all rows or none."""

    template_name = "projects/report_import.html"
    title = gettext_lazy("导入月度报告")
    url_name = "projects:report-import"
    mapping_kind = "reports"

    def allowed(self, user):
        return True  # each row is checked against the user's scope by the actions

    def import_columns(self):
        return imports.report_columns()

    def options(self, data=None):
        data = self.request.POST if data is None else data
        return {**super().options(data), "submit": "submit" in data}

    def hidden_fields(self, options):
        return [("submit", "1")] if options.get("submit") else []

    def check(self, data, **options):
        return imports.check_reports(self.request.user, data, **options)

    def write(self, source, **options):
        return imports.commit_reports(self.request.user, source, **options)

    def summary(self, done):
        if done.submit:
            return _("已导入并报送 %(n)s 份月度报告。") % {"n": done.count}
        return _("已导入 %(n)s 份月度报告（草稿）。") % {"n": done.count}

    def written(self, done):
        messages.success(self.request, self.summary(done))
        return redirect("projects:report-entry")


class ReportTemplateView(LoginRequiredMixin, View):
    def get(self, request):
        columns = [Column(c.header, lambda row, f=c.field: row.get(f), 16) for c in imports.report_columns()]
        year, month = period_of(request)
        rows = [
            {"code": p.code, "year": year, "month": month}
            for p in queries.visible_projects(request.user).order_by("code")
        ]
        return xlsx_response(_("月度报告导入模板"), _("月度报告"), columns, rows)


def rollup_columns(dimension_label) -> list[Column]:
    """A roll-up table as the dashboard shows it; percentages as numbers, points as numbers."""
    return [
        Column(str(dimension_label), lambda r: r.label, 20),
        Column(_("项目数"), lambda r: r.count, 8),
        Column(_("总投资（万元）"), lambda r: to_unit(r.total_investment, "万元"), 16),
        Column(_("年度计划（万元）"), lambda r: to_unit(r.plan, "万元"), 16),
        Column(_("累计完成（万元）"), lambda r: to_unit(r.ytd, "万元"), 16),
        Column(_("完成率（%）"), lambda r: _round(r.completion), 10),
        Column(_("序时进度（%）"), lambda r: _round(r.benchmark), 10),
        Column(_("比序时进度（个百分点）"), lambda r: _round(r.gap), 14, PP_NUMBER_FORMAT),
        Column(_("开工率（%）"), lambda r: _round(r.start_rate), 10),
    ]
