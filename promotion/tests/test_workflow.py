from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.context import acting_as
from core.models import AuditEntry
from projects.models import Project
from promotion import actions
from promotion.models import Activity, Lead, LeadStageEvent, SupportBid

YI = 100_000_000


def sign(world, lead, on=date(2026, 4, 28), amount=25 * YI, activity=None):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.advance_lead(actor=admin, lead=lead, stage="intent", on=date(2026, 3, 1))
        return actions.advance_lead(
            actor=admin, lead=lead, stage="signed", on=on, signed_investment=amount, activity=activity
        )


def test_stages_are_dated_audited_and_kept_on_the_lead(world, promo):
    lead = sign(world, promo["fengying"])
    assert lead.stage == "signed" and lead.stage_date == date(2026, 4, 28) and lead.signed_investment == 25 * YI
    assert list(lead.stage_events.values_list("stage", flat=True)) == ["talks", "intent", "signed"]
    verbs = AuditEntry.objects.filter(content_type__model="lead", object_id=str(lead.pk)).values_list("verb", flat=True)
    assert {"阶段：意向", "阶段：签约"} <= set(verbs)
    assert AuditEntry.objects.filter(content_type__model="leadstageevent").count() == 2 + 2  # two leads created


@pytest.mark.parametrize(
    ("stage", "extra", "message"),
    [
        ("signed", {"signed_investment": YI}, "不能转为“签约”"),  # skipping 意向
        ("talks", {}, "不能转为“对接洽谈”"),  # standing still
        ("landed", {}, "转为重点项目"),
        ("dropped", {}, "终止须说明原因"),
        ("intent", {"signed_investment": YI}, "只有签约时"),
    ],
)
def test_illegal_moves_are_refused_and_write_nothing(world, promo, stage, extra, message):
    admin, lead = world.users["admin"], promo["fengying"]
    before = (AuditEntry.objects.count(), LeadStageEvent.objects.count())
    with acting_as(admin), pytest.raises(ValidationError) as exc:
        actions.advance_lead(actor=admin, lead=lead, stage=stage, on=date(2026, 5, 1), **extra)
    assert message in str(exc.value)
    assert (AuditEntry.objects.count(), LeadStageEvent.objects.count()) == before
    assert Lead.objects.get(pk=lead.pk).stage == "talks"


def test_signing_needs_an_amount_and_dates_do_not_go_back(world, promo):
    admin, lead = world.users["admin"], promo["fengying"]
    with acting_as(admin):
        with pytest.raises(ValidationError, match="日期早于上一阶段"):
            actions.advance_lead(actor=admin, lead=lead, stage="intent", on=date(2025, 12, 1))
        actions.advance_lead(actor=admin, lead=lead, stage="intent", on=date(2026, 2, 1))
        with pytest.raises(ValidationError, match="签约总投资"):
            actions.advance_lead(actor=admin, lead=lead, stage="signed", on=date(2026, 3, 1))
        actions.advance_lead(actor=admin, lead=lead, stage="dropped", on=date(2026, 3, 1), reason="用地条件不满足")
        with pytest.raises(ValidationError):
            actions.advance_lead(actor=admin, lead=lead, stage="signed", on=date(2026, 4, 1), signed_investment=YI)
    lead.refresh_from_db()
    assert lead.stage == "dropped" and lead.drop_reason == "用地条件不满足"


def test_a_signed_deal_becomes_a_key_project_in_one_action(world, promo):
    admin = world.users["admin"]
    lead = sign(world, promo["fengying"])
    with acting_as(admin):
        project = actions.land_lead(
            actor=admin, lead=lead, on=date(2026, 6, 1), code="MC-2026-009", level="district", category="industry",
            nature="new",
        )  # fmt: skip
    lead.refresh_from_db()
    project = Project.objects.get(pk=project.pk)
    assert lead.stage == "landed" and lead.project == project and project.attraction_lead == lead  # both ways
    assert project.name == "生物医药产业园" and project.total_investment == 25 * YI and project.unit == lead.unit
    assert project.owner == "健康元药业集团股份有限公司"
    assert project.stage == "signed" and project.stage_events.get().date == date(2026, 4, 28)
    assert AuditEntry.objects.filter(content_type__model="project", object_id=str(project.pk), action="create").exists()
    landed = AuditEntry.objects.filter(content_type__model="lead", object_id=str(lead.pk), verb="阶段：落地").get()
    assert landed.after["project_id"] == project.pk and landed.before["project_id"] is None


def test_landing_on_an_existing_project_and_not_twice(world, promo, projects):
    admin = world.users["admin"]
    lead = sign(world, promo["fengying"])
    with acting_as(admin):
        actions.land_lead(actor=admin, lead=lead, on=date(2026, 6, 1), project=projects["fengying"])
        with pytest.raises(ValidationError, match="不能转为“落地”"):
            actions.land_lead(actor=admin, lead=lead, on=date(2026, 6, 2), project=projects["fengying"])
        other = sign(world, promo["anyang"], amount=3 * YI)
        with pytest.raises(ValidationError, match="已关联其他招商项目"):
            actions.land_lead(actor=admin, lead=other, on=date(2026, 6, 2), project=projects["fengying"])
    assert Project.objects.get(pk=projects["fengying"].pk).attraction_lead == lead


def test_an_unsigned_lead_cannot_land_and_a_failed_landing_leaves_nothing(world, promo):
    admin = world.users["admin"]
    with acting_as(admin), pytest.raises(ValidationError):
        actions.land_lead(actor=admin, lead=promo["fengying"], on=date(2026, 6, 1), code="X-1", level="district",
                          category="industry", nature="new")  # fmt: skip
    lead = sign(world, promo["fengying"])
    with acting_as(admin), pytest.raises(ValidationError):
        # A project code that breaks the ledger's rules (too long): the whole landing rolls back.
        actions.land_lead(actor=admin, lead=lead, on=date(2026, 6, 1), code="X" * 41, level="district",
                          category="industry", nature="new")  # fmt: skip
    assert not Project.objects.exists() and Lead.objects.get(pk=lead.pk).stage == "signed"


def test_a_ceremony_lists_the_deals_signed_there(world, promo):
    admin = world.users["admin"]
    with acting_as(admin):
        ceremony = actions.create_activity(
            actor=admin,
            unit=world.units["macun"],
            kind="signing",
            title="招商推介暨项目签约仪式",
            date=date(2026, 4, 28),
        )
    sign(world, promo["fengying"], activity=ceremony)
    assert list(Activity.objects.get().leads.all()) == [promo["fengying"]]
    assert promo["fengying"].stage_events.get(stage="signed").activity == ceremony


def test_other_units_cannot_change_a_lead_or_a_bid(world, promo):
    user = world.users["fengying"]
    with acting_as(user):
        with pytest.raises(Exception) as exc:
            actions.advance_lead(actor=user, lead=promo["anyang"], stage="intent", on=date(2026, 3, 1))
        assert exc.typename == "Http404"
        with pytest.raises(PermissionDenied):
            actions.create_lead(actor=user, unit=world.units["anyang"], name="x", chain=promo["anyang"].chain,
                                on=date(2026, 1, 1), investor="x", intended_investment=1)  # fmt: skip
        with pytest.raises(Exception) as exc:
            actions.submit_bid(actor=user, bid=promo["anyang_bid"], on=date(2026, 3, 5))
        assert exc.typename == "Http404"
    readonly = world.users["readonly"]
    with acting_as(readonly), pytest.raises(PermissionDenied):
        actions.advance_lead(actor=readonly, lead=promo["fengying"], stage="intent", on=date(2026, 3, 1))


def test_bids_go_prepared_submitted_decided(world, promo):
    admin, bid = world.users["admin"], promo["fengying_bid"]
    with acting_as(admin):
        with pytest.raises(ValidationError, match="不能转为“获批”"):
            actions.decide_bid(actor=admin, bid=bid, approved=True, on=date(2026, 3, 10), amount_granted=YI)
        actions.submit_bid(actor=admin, bid=bid, on=date(2026, 3, 10), amount_requested=2 * YI)
        with pytest.raises(ValidationError, match="获批金额"):
            actions.decide_bid(actor=admin, bid=bid, approved=True, on=date(2026, 5, 10))
        with pytest.raises(ValidationError, match="未获批的事项"):
            actions.decide_bid(actor=admin, bid=bid, approved=False, on=date(2026, 5, 10), amount_granted=YI)
        with pytest.raises(ValidationError, match="日期早于上一环节"):
            actions.decide_bid(actor=admin, bid=bid, approved=True, on=date(2026, 3, 1), amount_granted=YI)
        actions.decide_bid(actor=admin, bid=bid, approved=True, on=date(2026, 5, 10), amount_granted=YI)
    bid = SupportBid.objects.get(pk=bid.pk)
    assert (bid.state, bid.amount_requested, bid.amount_granted) == ("approved", 2 * YI, YI)
    verbs = set(
        AuditEntry.objects.filter(content_type__model="supportbid", object_id=str(bid.pk)).values_list(
            "verb", flat=True
        )
    )
    assert {"申报", "获批"} <= verbs


def test_a_fund_bid_names_its_fund_type(world):
    admin = world.users["admin"]
    with acting_as(admin), pytest.raises(ValidationError, match="资金类型"):
        actions.create_bid(actor=admin, unit=world.units["macun"], title="x", kind="fund", prepared_on=date(2026, 1, 1))
