from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core import scope
from indicators import queries as indicator_queries
from indicators.views import period_of as indicator_period_of
from projects import queries as project_queries
from projects.views import _chart_number
from projects.views import period_of as project_period_of

from . import queries

REFRESH_SECONDS = 60


class ScreenView(LoginRequiredMixin, View):
    """The 驾驶舱 for a 1920×1080 screen, refreshing its figures every minute (htmx polling)."""

    def get(self, request):
        user = request.user
        if not scope.oversees_units(user):
            raise PermissionDenied(_("驾驶舱供负责单位及其下级的用户使用。"))
        year, month = project_period_of(request)
        today = timezone.localdate()
        unit = indicator_queries.default_unit(user)
        period = indicator_period_of(request, unit) if unit is not None else None
        found = queries.screen(user, year=year, month=month, today=today, indicator_unit=unit, indicator_period=period)
        rules = project_queries.warning_rules()
        ledger = reverse("projects:project-list")
        for r in found.by_unit:
            r.colour = queries.bar_colour(r.completion, r.benchmark, rules)
            pk = found.unit_pks.get(r.key)
            r.url = f"{ledger}?{urlencode({'unit': pk, 'year': year, 'month': month})}" if pk else ""
        chart = {
            "groups": [r.label for r in found.by_unit],
            "completion": [_chart_number(r.completion) for r in found.by_unit],
            "colours": [r.colour for r in found.by_unit],
            "urls": [r.url for r in found.by_unit],
            "benchmark": float(found.total.benchmark),
            "labels": {"completion": _("完成率"), "benchmark": _("序时进度")},
        }
        return render(request, "cockpit/screen.html", {
            "title": _("驾驶舱"), "s": found, "chart": chart, "refresh": REFRESH_SECONDS, "now": timezone.localtime(),
            "period_query": urlencode({"year": year, "month": month}),
        })  # fmt: skip
