from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from core import audit, scope
from core.import_views import ImportView as BaseImportView
from core.money import pp_number_format
from core.tabular import Column, xlsx_response
from core.views import ActionFormView, ScopedDetailView, ScopedListView
from org.forms import scoped_units
from org.models import Unit

from . import actions, calc, imports, queries, tables, validation
from .choices import Severity, Source
from .filtersets import TargetFilterSet, ValueFilterSet
from .forms import ImportForm, IndicatorForm, ReopenForm, RuleForm, TargetForm
from .models import Indicator, Target, ValidationRule, Value
from .periods import CUMULATIVE, QUARTER_NAMES, Period


def period_of(request, unit: Unit | None = None) -> Period:
    """`?period=2024-ytd-7`, else the latest period with figures (of `unit` when given), else last
    month of this year."""
    try:
        return Period.parse(request.GET.get("period") or request.POST.get("period") or "")
    except ValueError:
        pass
    latest = queries.periods_with_values(limit=1, unit=unit)
    if latest:
        return latest[0]
    today = timezone.localdate()
    return Period(today.year, CUMULATIVE, max(today.month - 1, 1))


def period_choices(selected: Period) -> list[tuple[str, str]]:
    """Cumulative periods of the selected year and the year before, for the period picker."""
    result = []
    for year in (selected.year + 1, selected.year, selected.year - 1):
        for n in range(12, 0, -1):
            p = Period(year, CUMULATIVE, n)
            label = p.label() + (f"（{QUARTER_NAMES[n]}）" if n in QUARTER_NAMES and n != 12 else "")
            result.append((p.key, label))
    return result


def unit_of(request) -> Unit:
    pk = request.GET.get("unit") or request.POST.get("unit")
    if pk:
        try:
            return queries.visible_unit(request.user, int(pk))
        except ValueError as exc:
            raise Http404 from exc
    unit = queries.default_unit(request.user)
    if unit is None:
        raise Http404(_("您的数据权限内没有报送指标的单位。"))
    return unit


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class DashboardView(LoginRequiredMixin, View):
    """A unit's indicators for a period: value, growth, target and gap, 全市 gap, peer ranks."""

    def get(self, request):
        unit = unit_of(request)
        period = period_of(request, unit)
        rows = queries.dashboard(request.user, unit, period)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(_("指标看板"), period.label(), dashboard_columns(), rows)
        chosen = next((r.indicator for r in rows if str(r.indicator.pk) == request.GET.get("indicator")), None)
        chosen = chosen or next((r.indicator for r in rows if not r.figure.empty), None)
        chart = {}
        if chosen is not None:
            years = queries.trend_by_year(chosen, unit, period)
            months = queries.trend_by_month(chosen, unit, period.year)
            chart = {
                "indicator": chosen.name,
                "unit": chosen.unit,
                "years": [str(y) for y, _f in years],
                "year_levels": [_number(f.level) for _y, f in years],
                "year_growth": [_number(f.growth) for _y, f in years],
                "months": [f"1-{m}月" if m > 1 else "1月" for m, _f in months],
                "month_levels": [_number(f.level) for _m, f in months],
                "month_growth": [_number(f.growth) for _m, f in months],
                "labels": {"level": _("总量"), "growth": _("增速（%）")},
            }
        structure = queries.structure_ratio(unit, period)
        context = {
            "title": _("指标看板"),
            "unit": unit,
            "period": period,
            "period_note": ""
            if request.GET.get("period")
            else _("显示%(u)s最近有数据的报告期：%(p)s。") % {"u": unit.name, "p": period.label()},
            "rows": rows,
            "chosen": chosen,
            "units": queries.reporting_units(request.user),
            "periods": period_choices(period),
            "structure": calc.ratio_text(structure) if structure else "",
            "chart": chart,
            "groups": queries.comparable_groups(request.user).filter(members=unit),
        }
        return render(request, "indicators/dashboard.html", context)


def dashboard_columns() -> list[Column]:
    return [
        Column(_("指标"), lambda r: r.indicator.name, 24),
        Column(_("计量单位"), lambda r: r.indicator.unit, 8),
        Column(_("总量"), lambda r: r.figure.level, 12),
        Column(_("增速（%）"), lambda r: r.figure.growth, 10),
        Column(_("增速为推算"), lambda r: _("是") if r.figure.growth_derived else "", 8),
        Column(_("上年同期"), lambda r: r.last_year.level, 12),
        Column(_("目标"), lambda r: r.target.describe() if r.target else "", 14),
        Column(
            _("与目标差（个百分点）"), lambda r: r.achievement.gap if r.achievement else None, 12, pp_number_format(1)
        ),
        Column(_("比上级（个百分点）"), lambda r: r.reference_gap, 12, pp_number_format(1)),
        Column(_("排名"), lambda r: "；".join(f"{k.group.name}第{k.rank}/{k.size}" for k in r.ranks if k.rank), 24),
    ]


def _pk(text: str | None) -> int:
    """A primary key from the query string; anything but digits is 0, which is no row (404, not 500)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 19 else 0


class RankingView(LoginRequiredMixin, View):
    """One indicator ranked within a peer group for a period, with a chart."""

    def get(self, request):
        """Who may read which ranking: queries.comparable_group, for the page and its export alike."""
        period = period_of(request)
        groups = queries.comparable_groups(request.user)
        # Absent, the user's own group (or the first they may read); given but not an id, no group (404).
        raw_group = request.GET.get("group")
        group_pk = (
            _pk(raw_group) if raw_group else _first_pk(groups.filter(members=request.user.unit_id)) or _first_pk(groups)
        )
        if group_pk is None and queries.may_compare(request.user):
            context = {"title": _("对标排名"), "group": None, "periods": period_choices(period), "period": period}
            return render(request, "indicators/ranking.html", context)
        group = queries.comparable_group(request.user, group_pk)
        indicators = Indicator.objects.filter(is_active=True)
        raw_indicator = request.GET.get("indicator")
        indicator_pk = _pk(raw_indicator) if raw_indicator else _first_pk(indicators)
        indicator = get_object_or_404(Indicator, pk=indicator_pk or 0)
        rows = queries.ranking(indicator, group, period)
        measure = _("增速（%）") if indicator.compare_on == "growth" else f"{_('数值')}（{indicator.unit}）"
        if request.GET.get("export") == "xlsx":
            columns = [
                Column(_("排名"), lambda r: r.rank, 6),
                Column(_("单位"), lambda r: r.unit.name, 16),
                Column(measure, lambda r: r.metric, 12),
            ]
            return xlsx_response(f"{group.name}{indicator.name}", period.label(), columns, rows)
        chart = {"units": [r.unit.name for r in rows], "values": [_number(r.metric) for r in rows], "measure": measure}
        context = {
            "title": _("对标排名"),
            "indicator": indicator,
            "group": group,
            "period": period,
            "rows": rows,
            "measure": measure,
            "chart": chart,
            "periods": period_choices(period),
            "groups": groups,
            "indicators": indicators,
        }
        return render(request, "indicators/ranking.html", context)


def _first_pk(queryset) -> int | None:
    return queryset.values_list("pk", flat=True).first()


# Data entry -------------------------------------------------------------------------------------


class EntryView(LoginRequiredMixin, View):
    """A form per unit per period: the indicators due, last year's figure and the target beside each."""

    template_name = "indicators/entry.html"

    def context(self, request, unit, period, posted=None, findings=(), ask_acknowledge=False):
        indicators = queries.indicators_for(period, unit)
        figures = queries.Figures(indicators, {unit.pk}, [period, period.same_last_year()])
        targets = {t.indicator_id: t for t in Target.objects.filter(unit=unit, year=period.year)}
        by_indicator = {}
        for f in findings:
            by_indicator.setdefault(f.indicator_id, []).append(f)
        rows = []
        for ind in indicators:
            current = figures.get(ind, unit.pk, period)
            typed = (posted or {}).get(ind.pk)
            rows.append(
                {
                    "indicator": ind,
                    "current": current,
                    "last": figures.get(ind, unit.pk, period.same_last_year()),
                    "target": targets.get(ind.pk),
                    "findings": by_indicator.get(ind.pk, []),
                    "level": typed[0] if typed else current.level,
                    "growth": typed[1] if typed else current.growth,
                }
            )
        locked = queries.is_locked(period)
        return {
            "title": _("数据填报"),
            "unit": unit,
            "period": period,
            "rows": rows,
            "locked": locked,
            "deadline": queries.deadline(period),
            "units": queries.reporting_units(request.user),
            "periods": period_choices(period),
            "can_write": scope.can_report(request.user, unit) and not locked,
            "is_admin": scope.is_platform_admin(request.user),
            "reopen_form": ReopenForm(),
            "ask_acknowledge": ask_acknowledge,
        }

    def get(self, request):
        unit, period = unit_of(request), period_of(request)
        return render(request, self.template_name, self.context(request, unit, period))

    def post(self, request):
        unit, period = unit_of(request), period_of(request)
        scope.ensure_can_report(request.user, unit)
        indicators = queries.indicators_for(period, unit)
        posted, errors = {}, []
        for ind in indicators:
            pair = []
            for part in ("level", "growth"):
                raw = request.POST.get(f"{part}_{ind.pk}", "").strip().replace(",", "")
                try:
                    pair.append(Decimal(raw) if raw else None)
                except ArithmeticError:
                    errors.append(_("%(i)s：“%(v)s”不是数字") % {"i": ind.name, "v": raw})
                    pair.append(None)
            posted[ind.pk] = tuple(pair)
        if errors:
            for e in errors:
                messages.error(request, e)
            return render(request, self.template_name, self.context(request, unit, period, posted), status=400)
        figures = queries.Figures(indicators, {unit.pk}, [period])
        changed = {}
        for ind in indicators:
            current = figures.get(ind, unit.pk, period)
            level, growth = posted[ind.pk]
            reported_growth = None if current.growth_derived else current.growth
            if (level, growth) != (current.level, reported_growth):
                changed[ind] = (level, growth)
        findings = validation.check(unit=unit, period=period, proposed={i.pk: v for i, v in changed.items()})
        if any(f.severity == Severity.BLOCK for f in findings):
            messages.error(request, _("有校验规则未通过，未保存。"))
            return render(
                request, self.template_name, self.context(request, unit, period, posted, findings), status=400
            )
        # Each warning names its figure: a changed figure is a new warning, to be acknowledged again.
        if not {f.message for f in findings} <= set(request.POST.getlist("acknowledge")):
            messages.warning(
                request, _("有数据未通过校验规则，未保存。请核实；确认无误请勾选“已核实，仍按此保存”后再保存。")
            )
            return render(
                request,
                self.template_name,
                self.context(request, unit, period, posted, findings, ask_acknowledge=True),
                status=400,
            )
        by_indicator = {}
        for f in findings:
            by_indicator.setdefault(f.indicator_id, []).append(f.message)
        try:
            for ind, (level, growth) in changed.items():
                actions.record_value(
                    actor=request.user,
                    indicator=ind,
                    unit=unit,
                    period=period,
                    level=level,
                    growth=growth,
                    source=Source.ENTRY,
                    check_rules=False,
                    acknowledged=tuple(by_indicator.get(ind.pk, ())),
                )
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
            return render(request, self.template_name, self.context(request, unit, period, posted), status=400)
        messages.success(request, _("已保存 %(n)s 项。") % {"n": len(changed)})
        return redirect(f"{reverse('indicators:entry')}?unit={unit.pk}&period={period.key}")


class ReopenView(LoginRequiredMixin, View):
    def post(self, request):
        period = period_of(request)
        if request.POST.get("close"):
            actions.close_period(actor=request.user, period=period)
            messages.success(request, _("已恢复锁定。"))
        else:
            form = ReopenForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("请填写开放截止日期和原因。"))
            else:
                try:
                    actions.reopen_period(actor=request.user, period=period, **form.cleaned_data)
                    messages.success(request, _("已开放填报。"))
                except ValidationError as exc:
                    for m in exc.messages:
                        messages.error(request, m)
        unit = request.POST.get("unit", "")
        return redirect(f"{reverse('indicators:entry')}?unit={unit}&period={period.key}")


class MissingView(LoginRequiredMixin, View):
    def get(self, request):
        period = period_of(request)
        context = {
            "title": _("未报送指标"),
            "period": period,
            "missing": queries.missing(request.user, period),
            "deadline": queries.deadline(period),
            "periods": period_choices(period),
        }
        return render(request, "indicators/missing.html", context)


# Values and targets -------------------------------------------------------------------------------


class ValueListView(ScopedListView):
    model = Value
    filterset_class = ValueFilterSet
    table = tables.VALUE
    title = gettext_lazy("指标值")
    import_url = reverse_lazy("indicators:import")
    create_url = reverse_lazy("indicators:entry")
    create_check = "indicators.queries.has_reporting_unit"
    related = ("indicator", "unit")


class ValueDetailView(ScopedDetailView):
    """A figure's provenance and its history of corrections."""

    model = Value


class TargetListView(ScopedListView):
    model = Target
    filterset_class = TargetFilterSet
    table = tables.TARGET
    title = gettext_lazy("目标")
    export_name = gettext_lazy("指标目标")
    create_url = reverse_lazy("indicators:target-create")
    related = ("indicator", "unit")


class TargetFormView(ActionFormView):
    form_class = TargetForm
    title = gettext_lazy("设定目标")

    def get_object(self):
        if "pk" in self.kwargs:
            return scope.get_visible(Target.objects.all(), self.request.user, pk=self.kwargs["pk"])
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = scoped_units(self.request.user).filter(kind__in=queries.REPORTING_KINDS)
        return kwargs

    def perform(self, form):
        return actions.set_target(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, result=None):
        return reverse("indicators:target-list")


# The catalogue and rules ----------------------------------------------------------------------------


class IndicatorListView(LoginRequiredMixin, ListView):
    model = Indicator
    template_name = "indicators/indicator_list.html"
    extra_context = {"title": gettext_lazy("指标目录")}


class IndicatorDetailView(LoginRequiredMixin, DetailView):
    model = Indicator

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["history"] = audit.history_for(self.object)[:100]
        ctx["title"] = self.object.name
        return ctx


class AdminOnly:
    def check_permission(self) -> None:
        scope.ensure_platform_admin(self.request.user, _("只有平台管理员可以修改指标目录、校验规则和报告期锁定。"))


class CatalogueFormView(AdminOnly, ActionFormView):
    """The page that adds a row of `model` (no pk in the URL) or changes the one the URL names."""

    model: type

    def get_object(self):
        return get_object_or_404(self.model, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None


class IndicatorFormView(CatalogueFormView):
    form_class = IndicatorForm
    title = gettext_lazy("编辑指标")
    model = Indicator

    def perform(self, form):
        if self.object is None:
            return actions.create_indicator(actor=self.request.user, **form.cleaned_data)
        return actions.update_indicator(actor=self.request.user, indicator=self.object, **form.cleaned_data)


class RuleListView(LoginRequiredMixin, ListView):
    template_name = "indicators/rule_list.html"
    extra_context = {"title": gettext_lazy("校验规则")}

    def get_queryset(self):
        return ValidationRule.objects.select_related("indicator").prefetch_related("parts")


class RuleFormView(CatalogueFormView):
    form_class = RuleForm
    title = gettext_lazy("校验规则")
    model = ValidationRule

    def perform(self, form):
        data = dict(form.cleaned_data)
        parts = data.pop("parts")
        return actions.save_rule(actor=self.request.user, rule=self.object, parts=parts, **data)

    def get_success_url(self, result=None):
        return reverse("indicators:rule-list")


# Excel ------------------------------------------------------------------------------------------


class ImportView(BaseImportView):
    """A units × indicators table for a period: check, confirm, all or nothing (see core.import_views)."""

    template_name = "indicators/import.html"
    title = gettext_lazy("导入指标数据")
    url_name = "indicators:import"
    mapping_kind = "indicators"

    def import_columns(self):
        return imports.import_columns()

    def hidden_fields(self, options):
        return [("period", period_of(self.request).key)]

    def check(self, data, **options):
        return imports.dry_run(self.request.user, data, period_of(self.request), **options)

    def write(self, source, **options):
        label = self.request.POST.get("name", "")[:200]
        return imports.commit(self.request.user, source, period_of(self.request), label=label, **options)

    def summary(self, done):
        return _("导入完成：%(n)s 个数值。") % {"n": done.count}

    def written(self, done):
        messages.success(self.request, self.summary(done))
        period = done.period
        return redirect(f"{reverse('indicators:value-list')}?year={period.year}&number={period.number}")

    def context(self, **extra):
        period = period_of(self.request)
        return super().context(period=period, periods=period_choices(period), form=ImportForm(), **extra)


class ExportView(LoginRequiredMixin, View):
    """The import's table filled for a period and the user's reporting units (also the template)."""

    def get(self, request):
        period = period_of(request)
        units = list(queries.reporting_units(request.user))
        indicators = list(Indicator.objects.filter(is_active=True))
        figures = queries.Figures(indicators, {u.pk for u in units}, [period, period.same_last_year()])
        columns = imports.export_columns(indicators, figures, period)
        return xlsx_response(f"{_('指标数据')}{period.label()}", period.label(), columns, units)
