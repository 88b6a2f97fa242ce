from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import scope
from core.money import to_unit
from core.tabular import Column, xlsx_response
from core.views import ActionFormView, FormUserMixin, ScopedDetailView, ScopedListView

from . import actions, queries, tables
from .choices import BidKind, BidState, LeadStage
from .filtersets import ActivityFilterSet, BidFilterSet, LeadFilterSet
from .forms import (
    ActivityForm,
    BidForm,
    ChainForm,
    DecideBidForm,
    LandForm,
    LeadForm,
    PeriodForm,
    StageForm,
    SubmitBidForm,
)
from .models import Activity, IndustryChain, Lead, LeadStageEvent, SupportBid


def period_of(request, latest: Callable[[], date | None] | None = None) -> tuple[date, date, bool]:
    """The period asked for (?start=&end=&major=); by default this year to today, or — when the
    page's own data (`latest`: the newest date it counts, in the user's scope) has nothing this
    year — the whole of the last year that has some, so that the first view is never an empty one."""
    today = timezone.localdate()
    form = PeriodForm(request.GET)
    if request.GET.get("start") and form.is_valid():
        return form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["major"]
    major = request.GET.get("major") == "on"
    latest = (latest() if latest else None) or today
    if latest.year >= today.year:
        return date(today.year, 1, 1), today, major
    return date(latest.year, 1, 1), date(latest.year, 12, 31), major


def latest_step(user) -> date | None:
    """The newest stage step of a lead in the user's scope, up to today (what the funnel counts)."""
    today = timezone.localdate()
    steps = LeadStageEvent.objects.filter(lead__in=queries.visible_leads(user), date__lte=today)
    return steps.aggregate(d=Max("date"))["d"]


def latest_bid(user) -> date | None:
    """The newest 上争 item's date in the user's scope, up to today (what the summary counts)."""
    today = timezone.localdate()
    return queries.visible_bids(user).filter(prepared_on__lte=today).aggregate(d=Max("prepared_on"))["d"]


def period_note(request, start: date, end: date) -> str:
    """What the page says about the period it opened on by itself."""
    if request.GET.get("start"):
        return ""
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return _("本年尚无数据，显示最近有数据的 %(y)s 年。") % {"y": start.year}
    return _("显示本年截至今日：%(s)s 至 %(e)s。") % {"s": f"{start:%Y-%m-%d}", "e": f"{end:%Y-%m-%d}"}


def _yi(yuan):
    return to_unit(yuan, "亿元")


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _form_errors(request, form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))


# The funnel --------------------------------------------------------------------------------------


def breakdown_columns(label) -> list[Column]:
    return [
        Column(_("排名"), lambda r: r.rank, 6),
        Column(str(label), lambda r: r.label, 20),
        Column(_("对接洽谈（个）"), lambda r: r.talks, 12),
        Column(_("意向资金（亿元）"), lambda r: _yi(r.intended), 14),
        Column(_("签约（个）"), lambda r: r.signed, 10),
        Column(_("签约总投资（亿元）"), lambda r: _yi(r.signed_investment), 16),
        Column(_("落地（个）"), lambda r: r.landed, 10),
    ]


class FunnelView(LoginRequiredMixin, View):
    """The funnel for a period: steps taken, where leads stand, conversion and time between
    stages, the period by chain, unit or leader (ranked by signed investment)."""

    def get(self, request):
        start, end, major = period_of(request, lambda: latest_step(request.user))
        by = request.GET.get("by", "chain")
        if by not in queries.DIMENSIONS:
            by = "chain"
        user = request.user
        rows = queries.breakdown(user, start=start, end=end, by=by, major_only=major)
        if request.GET.get("export") == "xlsx":
            label = queries.DIMENSIONS[by]
            return xlsx_response(_("招商引资汇总"), str(label), breakdown_columns(label), rows)
        f = queries.funnel(user, start=start, end=end, major_only=major)
        chart = {
            "steps": [{"name": r.label, "value": r.count} for r in f.steps],
            "groups": [r.label for r in rows],
            "intended": [float(_yi(r.intended)) for r in rows],
            "signed": [float(_yi(r.signed_investment)) for r in rows],
            "labels": {"intended": _("意向资金（亿元）"), "signed": _("签约总投资（亿元）")},
        }
        context = {
            "title": _("招商看板"), "funnel": f, "rows": rows, "by": by, "dimensions": queries.DIMENSIONS,
            "period_form": PeriodForm(initial={"start": start, "end": end, "major": major}),
            "period_note": period_note(request, start, end),
            "start": start, "end": end, "major": major, "chart": chart,
        }  # fmt: skip
        return render(request, "promotion/funnel.html", context)


# Leads -----------------------------------------------------------------------------------------


class LeadListView(ScopedListView):
    model = Lead
    filterset_class = LeadFilterSet
    table = tables.LEAD
    title = gettext_lazy("招商项目")
    export_name = gettext_lazy("招商项目台账")
    create_url = reverse_lazy("promotion:lead-create")
    related = ("unit", "leader", "chain", "project")


class LeadDetailView(ScopedDetailView):
    model = Lead

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        lead = self.object
        ctx.update(
            stages=lead.stage_events.select_related("activity"),
            activities=lead.activities.all(),
            stage_form=StageForm(user=self.request.user, initial={"date": timezone.localdate()}),
            land_form=LandForm(user=self.request.user, lead=lead, initial={"date": timezone.localdate()}),
            can_advance=lead.stage in queries.ACTIVE and ctx["can_change"],
            can_land=lead.stage == LeadStage.SIGNED and ctx["can_change"],
        )
        return ctx


class LeadCreateView(FormUserMixin, ActionFormView):
    form_class = LeadForm
    title = gettext_lazy("新增招商项目")

    def perform(self, form):
        return actions.create_lead(actor=self.request.user, **form.cleaned_data)


class LeadUpdateView(FormUserMixin, ActionFormView):
    form_class = LeadForm
    title = gettext_lazy("修改招商项目")

    def get_object(self):
        return scope.get_visible(Lead.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_lead(actor=self.request.user, lead=self.object, **form.cleaned_data)


class PostToActionView(LoginRequiredMixin, View):
    """A small form posted from a detail page to one action; errors come back as messages."""

    model = None
    form_class = None

    def post(self, request, pk):
        obj = scope.get_visible(self.model._default_manager.all(), request.user, pk=pk)
        scope.ensure_can_change(request.user, obj)
        form = self.form_class(request.POST, **self.form_kwargs())
        if not form.is_valid():
            _form_errors(request, form)
        else:
            try:
                self.perform(obj, form.cleaned_data)
                messages.success(request, _("已保存。"))
            except ValidationError as exc:
                _errors(request, exc)
        return redirect(obj.get_absolute_url())

    def form_kwargs(self) -> dict:
        return {}


class LeadStageView(PostToActionView):
    model = Lead
    form_class = StageForm

    def form_kwargs(self):
        return {"user": self.request.user}

    def perform(self, lead, data):
        actions.advance_lead(
            actor=self.request.user, lead=lead, stage=data["stage"], on=data["date"], note=data["note"],
            reason=data["reason"], signed_investment=data["signed_investment"], activity=data["activity"],
        )  # fmt: skip


class LeadLandView(PostToActionView):
    model = Lead
    form_class = LandForm

    def form_kwargs(self):
        return {"user": self.request.user}

    def perform(self, lead, data):
        if data["project"] is not None:
            actions.land_lead(actor=self.request.user, lead=lead, on=data["date"], project=data["project"])
        else:
            fields = ("code", "name", "unit", "total_investment", "planned_start", "planned_finish", "level",
                      "category", "nature")  # fmt: skip
            actions.land_lead(actor=self.request.user, lead=lead, on=data["date"], **{f: data[f] for f in fields})


# Activities ------------------------------------------------------------------------------------


class ActivityListView(ScopedListView):
    model = Activity
    filterset_class = ActivityFilterSet
    table = tables.ACTIVITY
    title = gettext_lazy("招商活动")
    create_url = reverse_lazy("promotion:activity-create")

    def base_queryset(self):
        qs = Activity.objects.select_related("unit", "leader").annotate(lead_count=Count("leads", distinct=True))
        return qs.order_by("-date", "-id")  # a GROUP BY query drops Meta.ordering


class ActivityDetailView(ScopedDetailView):
    model = Activity

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        signed = scope.restrict(
            Lead.objects.filter(stage_events__activity=self.object, stage_events__stage=LeadStage.SIGNED),
            self.request.user,
        ).select_related("unit", "chain")
        ctx["signed"] = signed
        ctx["signed_total"] = sum(x.signed_investment or 0 for x in signed)
        ctx["leads"] = scope.restrict(self.object.leads.select_related("unit", "chain"), self.request.user)
        return ctx


class ActivityFormMixin(FormUserMixin):
    form_class = ActivityForm


class ActivityCreateView(ActivityFormMixin, ActionFormView):
    title = gettext_lazy("新增招商活动")

    def perform(self, form):
        return actions.create_activity(actor=self.request.user, **form.cleaned_data)


class ActivityUpdateView(ActivityFormMixin, ActionFormView):
    title = gettext_lazy("修改招商活动")

    def get_object(self):
        return scope.get_visible(Activity.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_activity(actor=self.request.user, activity=self.object, **form.cleaned_data)


# Bids (上争) ----------------------------------------------------------------------------------


class BidListView(ScopedListView):
    model = SupportBid
    filterset_class = BidFilterSet
    table = tables.BID
    title = gettext_lazy("上争事项")
    create_url = reverse_lazy("promotion:bid-create")
    related = ("unit", "leader")


class BidDetailView(ScopedDetailView):
    model = SupportBid
    template_name = "promotion/bid_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        bid = self.object
        today = timezone.localdate()
        ctx.update(
            projects=scope.restrict(bid.projects.select_related("unit"), self.request.user),
            submit_form=SubmitBidForm(initial={"date": today}) if bid.state == BidState.PREPARED else None,
            decide_form=DecideBidForm(initial={"date": today}) if bid.state == BidState.SUBMITTED else None,
        )
        return ctx


class BidFormMixin(FormUserMixin):
    form_class = BidForm


class BidCreateView(BidFormMixin, ActionFormView):
    title = gettext_lazy("新增上争事项")

    def perform(self, form):
        return actions.create_bid(actor=self.request.user, **form.cleaned_data)


class BidUpdateView(BidFormMixin, ActionFormView):
    title = gettext_lazy("修改上争事项")

    def get_object(self):
        return scope.get_visible(SupportBid.objects.select_related("unit"), self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        return actions.update_bid(actor=self.request.user, bid=self.object, **form.cleaned_data)


class BidSubmitView(PostToActionView):
    model = SupportBid
    form_class = SubmitBidForm

    def perform(self, bid, data):
        actions.submit_bid(actor=self.request.user, bid=bid, on=data["date"], amount_requested=data["amount_requested"])


class BidDecideView(PostToActionView):
    model = SupportBid
    form_class = DecideBidForm

    def perform(self, bid, data):
        actions.decide_bid(
            actor=self.request.user, bid=bid, approved=data["approved"], on=data["date"],
            amount_granted=data["amount_granted"], note=data["note"],
        )  # fmt: skip


BID_DIMENSIONS = {"kind": gettext_lazy("类别"), "fund_type": gettext_lazy("资金类型"), "unit": gettext_lazy("申报单位")}


def bid_columns(label) -> list[Column]:
    return [
        Column(_("排名"), lambda r: r.rank, 6),
        Column(str(label), lambda r: r.label, 20),
        Column(_("谋划包装（项）"), lambda r: r.count, 12),
        Column(_("已申报（项）"), lambda r: r.submitted, 12),
        Column(_("获批（项）"), lambda r: r.approved, 10),
        Column(_("未获批（项）"), lambda r: r.rejected, 10),
        Column(_("包装项目总投资（亿元）"), lambda r: _yi(r.package_investment), 18),
        Column(_("申请金额（亿元）"), lambda r: _yi(r.requested), 14),
        Column(_("获批金额（亿元）"), lambda r: _yi(r.granted), 14),
    ]


class BidSummaryView(LoginRequiredMixin, View):
    """上争 for a period: by kind with the amounts granted, funds by type, units ranked."""

    def get(self, request):
        start, end, _major = period_of(request, lambda: latest_bid(request.user))
        user = request.user
        by_kind = queries.bid_rollup(user, start=start, end=end, by="kind")
        total = queries.bid_total(user, start=start, end=end)
        if request.GET.get("export") == "xlsx":
            by = request.GET.get("by", "kind")
            if by not in BID_DIMENSIONS:
                by = "kind"
            rows, label = queries.bid_rollup(user, start=start, end=end, by=by), BID_DIMENSIONS[by]
            if by == "fund_type":
                total = queries.bid_total(user, start=start, end=end, kinds=[BidKind.FUND])
            return xlsx_response(_("上争汇总"), str(label), bid_columns(label), [*rows, total])
        context = {
            "title": _("上争汇总"), "start": start, "end": end, "by_kind": by_kind, "total": total,
            "funds": queries.bid_rollup(user, start=start, end=end, by="fund_type"),
            "fund_total": queries.bid_total(user, start=start, end=end, kinds=[BidKind.FUND]),
            "units": queries.bid_rollup(user, start=start, end=end, by="unit"),
            "period_form": PeriodForm(initial={"start": start, "end": end}),
            "period_note": period_note(request, start, end),
        }  # fmt: skip
        return render(request, "promotion/bid_summary.html", context)


# Industry chains ---------------------------------------------------------------------------------


class ChainView(LoginRequiredMixin, View):
    """The editable list of industry chains (administrators)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not scope.is_platform_admin(request.user):
            raise PermissionDenied(_("只有平台管理员可以维护产业链。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, form=None, status=200):
        chains = IndustryChain.objects.annotate(n=Count("leads"))
        context = {"title": _("产业链"), "chains": chains, "form": form or ChainForm()}
        return render(request, "promotion/chains.html", context, status=status)

    def post(self, request):
        if "toggle" in request.POST:
            chain = IndustryChain.objects.filter(pk=request.POST["toggle"]).first()
            if chain is not None:
                actions.update_chain(actor=request.user, chain=chain, is_active=not chain.is_active)
            return redirect("promotion:chains")
        form = ChainForm(request.POST)
        if form.is_valid():
            try:
                actions.create_chain(actor=request.user, **form.cleaned_data)
                messages.success(request, _("已保存。"))
                return redirect("promotion:chains")
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
        return self.get(request, form=form, status=400)
