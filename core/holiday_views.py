"""系统 → 节假日调整: the year's calendar, the notice, publishing, and recomputing open deadlines."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View

from . import actions, holidays, recompute, scope, workdays
from .calendar import workday_calendar
from .holiday_forms import ImportForm, NoticeForm
from .import_views import ImportView
from .models import HolidayYear, WorkdayOverride

STATUS_LABELS = {
    holidays.WORKDAY: gettext_lazy("工作日"),
    holidays.REST: gettext_lazy("休息日"),
    holidays.HOLIDAY: gettext_lazy("法定节假日"),
    holidays.MAKEUP: gettext_lazy("调休上班"),
}
MOVES_SHOWN = 200


def weekdays_header() -> list[str]:
    return [pgettext("星期", "一"), pgettext("星期", "二"), pgettext("星期", "三"), pgettext("星期", "四"),
            pgettext("星期", "五"), pgettext("星期", "六"), pgettext("星期", "日")]  # fmt: skip


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404(_("没有找到该年度。")) from None
    if not actions.MIN_YEAR <= year <= actions.MAX_YEAR:
        raise Http404(_("没有找到该年度。"))
    return year


def year_state(year: int, row: HolidayYear | None) -> tuple[str, str]:
    """(label, colour) of a year: 已发布 or 推算; 内置 for a year the holiday package knows."""
    if row is not None and row.published:
        return _("已发布"), "success"
    if workdays.package_knows(year):
        return _("内置"), "secondary"
    return _("推算"), "warning"


class CalendarAdminView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope.is_platform_admin(request.user):
            raise PermissionDenied(_("只有平台管理员可以调整节假日安排。"))
        return super().dispatch(request, *args, **kwargs)

    def _errors(self, exc: ValidationError) -> None:
        for message in exc.messages:
            messages.error(self.request, message)


class HolidayYearListView(CalendarAdminView):
    """Years around today and every year entered, with their state; open one by number."""

    def get(self, request):
        if "year" in request.GET:
            return redirect("core:holiday-year", year=_year(request.GET["year"]))
        this = timezone.localdate().year
        rows = {r.year: r for r in HolidayYear.objects.select_related("published_by")}
        counts = {}
        for day, notice_year in WorkdayOverride.objects.values_list("date", "notice_year"):
            year = notice_year or day.year
            counts[year] = counts.get(year, 0) + 1
        years = []
        for year in sorted(set(rows) | {this - 1, this, this + 1}, reverse=True):
            label, colour = year_state(year, rows.get(year))
            years.append({"year": year, "row": rows.get(year), "label": label, "colour": colour,
                          "days": counts.get(year, 0)})  # fmt: skip
        return render(request, "core/holiday_years.html", {
            "title": _("节假日调整"), "years": years, "import_form": ImportForm(), "next_year": this + 1,
        })  # fmt: skip


class HolidayYearView(CalendarAdminView):
    """One year as twelve month grids, the notice form, publishing."""

    def context(self, year: int, form: NoticeForm | None = None) -> dict:
        row = HolidayYear.objects.select_related("published_by").filter(year=year).first()
        entered = [holidays.DayOverride(o.date, o.is_workday, o.note) for o in WorkdayOverride.of_notice(year)]
        # The grid shows the year's days, also those a neighbouring year's notice set.
        names = dict(WorkdayOverride.objects.filter(date__year=year).values_list("date", "note"))
        if form is None:
            form = NoticeForm(year=year, initial=NoticeForm.initial_for(entered, row.notice if row else ""))
        calendar = workday_calendar()
        grid = holidays.year_grid(calendar, year, names)
        label, colour = year_state(year, row)
        counts = holidays.counts(grid)
        return {
            "title": _("%(y)s年节假日安排") % {"y": year},
            "year": year, "row": row, "state_label": label, "state_colour": colour, "form": form,
            "grid": grid, "labels": STATUS_LABELS, "entered": len(entered), "package": workdays.package_knows(year),
            "counts": [(STATUS_LABELS[k], v) for k, v in counts.items()],
            "weekdays": weekdays_header(),
        }  # fmt: skip

    def get(self, request, year):
        return render(request, "core/holiday_year.html", self.context(_year(year)))

    def post(self, request, year):
        year = _year(year)
        form = NoticeForm(request.POST, year=year)
        if not form.is_valid():
            return render(request, "core/holiday_year.html", self.context(year, form), status=422)
        try:
            actions.save_holiday_year(actor=request.user, year=year, overrides=form.cleaned_data["overrides"],
                                      notice=form.cleaned_data["notice"])  # fmt: skip
        except ValidationError as exc:
            self._errors(exc)
            return render(request, "core/holiday_year.html", self.context(year, form), status=422)
        messages.success(request, _("已保存 %(y)s 年的节假日安排。") % {"y": year})
        return redirect("core:holiday-recompute", year=year)


class HolidayPublishView(CalendarAdminView):
    def post(self, request, year):
        year = _year(year)
        publish = request.POST.get("published") != "0"
        try:
            actions.publish_holiday_year(actor=request.user, year=year, published=publish)
        except ValidationError as exc:
            self._errors(exc)
            return redirect("core:holiday-year", year=year)
        if publish:
            messages.success(request, _("%(y)s 年的节假日安排已标记为已发布。") % {"y": year})
        else:
            messages.success(request, _("已撤销发布：%(y)s 年的时限重新标记为推算。") % {"y": year})
        return redirect("core:holiday-recompute", year=year)


class HolidayImportView(ImportView):
    """A holiday-cn JSON file, written at once (see core.import_views)."""

    confirm = False
    form_class = ImportForm
    return_url_name = "core:holiday-list"
    permission_message = gettext_lazy("只有平台管理员可以调整节假日安排。")

    def allowed(self, user):
        return scope.is_platform_admin(user)

    def write(self, cleaned):
        return actions.import_holiday_file(actor=self.request.user, data=cleaned["file"], publish=cleaned["publish"])

    def written(self, done):
        messages.success(self.request, _("已导入 %(y)s 年的节假日安排。") % {"y": done.year})
        return redirect("core:holiday-recompute", year=done.year)


class HolidayRecomputeView(CalendarAdminView):
    """What the year's calendar does to open deadlines kept in working days; apply on confirmation."""

    def get(self, request, year):
        year = _year(year)
        found = recompute.preview(workday_calendar(), actions.notice_years(year))
        moves = [(source.label, m) for source in recompute.sources() for m in found.get(source.key, [])]
        summary = recompute.summarise(found)
        return render(request, "core/holiday_recompute.html", {
            "title": _("重算时限"), "year": year, "summary": summary, "moves": moves[:MOVES_SHOWN],
            "total": len(moves), "shown": min(len(moves), MOVES_SHOWN),
        })  # fmt: skip

    def post(self, request, year):
        year = _year(year)
        found = actions.recompute_deadlines(actor=request.user, years=actions.notice_years(year))
        n = sum(len(v) for v in found.values())
        messages.success(request, _("已重算 %(n)s 项时限，每项的变更记录中可查。") % {"n": n})
        return redirect(reverse("core:holiday-year", kwargs={"year": year}))
