"""A representative write of each app through its page, with real transactions (no test transaction
around the request): the row and its audit row are committed, so an action that is not atomic —
whose audit row cannot be written outside a transaction — fails here as it would on a server.

Writes with real transactions elsewhere in the suite:

- core: tests/test_holiday_browser.py (live server: a year's holidays entered and published);
  tests/test_concurrency.py (simultaneous steps of the workflows, actions called in threads).
- org: tests/test_browser.py (live server: the first run sets up the top unit).
- projects: projects/tests/test_photo_transactions.py (photo upload through the page).
- every app: this module, one page each.
"""

import json
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core.models import AuditEntry
from core.testing import xlsx

pytestmark = pytest.mark.django_db(transaction=True)


def committed(model, **lookup):
    """The row and its creation's audit row, read outside any transaction (so: committed)."""
    assert not connection.in_atomic_block
    row = model.objects.get(**lookup)
    entry = AuditEntry.objects.filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=str(row.pk),
        action="create",
    )
    assert entry.exists(), f"no audit row for {model.__name__} {row.pk}"
    return row


def test_core_a_holiday_file_is_imported_from_its_page(world, client_for):
    from core.models import HolidayYear

    days = [{"name": "春节", "date": "2031-01-23", "isOffDay": True}]
    upload = SimpleUploadedFile("2031.json", json.dumps({"year": 2031, "days": days}).encode())
    response = client_for(world.users["admin"]).post("/system/holidays/import/", {"file": upload})
    assert response.status_code == 302, response.content.decode()
    assert committed(HolidayYear, year=2031).notice == ""


def test_org_a_person_is_added_from_the_form(world, client_for):
    from org.models import Person

    response = client_for(world.users["macun_admin"]).post(
        "/org/people/add/", {"name": "王五", "unit": world.units["houyue"].pk, "is_active": "on"}
    )
    assert response.status_code == 302, response.content.decode()
    assert committed(Person, name="王五").unit == world.units["houyue"]


def test_projects_the_ledger_is_imported_checked_then_confirmed(world, client_for):
    from projects.models import AnnualPlan, Project

    client = client_for(world.users["macun_admin"])
    headers = ["项目代码", "项目名称", "项目级别", "行业类别", "建设性质", "所属单位", "总投资（万元）", "计划年度",
               "年度计划投资（万元）"]  # fmt: skip
    data = xlsx(headers, ["MC-700", "事务项目", "区重点", "工业", "新建", "冯营街道", 500, 2026, 100])
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("台账.xlsx", data)}).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post("/projects/import/", {"token": token})
    assert response.status_code == 302
    project = committed(Project, code="MC-700")
    assert committed(AnnualPlan, project=project, year=2026).planned_investment == 1_000_000


@time_machine.travel(date(2024, 7, 3))
def test_indicators_figures_are_entered_on_the_entry_page(world, client_for):
    from indicators.catalogue import ensure
    from indicators.models import Indicator, ValidationRule, Value
    from indicators.periods import Period

    ensure(Indicator, ValidationRule)  # the migration's catalogue is gone after a flush
    gdp = Indicator.objects.get(code="gdp")
    response = client_for(world.users["macun_admin"]).post(
        "/indicators/entry/",
        {"unit": world.units["macun"].pk, "period": Period(2024, "ytd", 6).key, f"level_{gdp.pk}": "60.1"},
    )
    assert response.status_code == 302, response.content.decode()
    assert str(committed(Value, indicator=gdp, unit=world.units["macun"]).level) == "60.1000"


def test_supervision_the_escalation_settings_are_saved_from_their_page(world, client_for):
    from supervision.models import EscalationSettings

    response = client_for(world.users["admin"]).post(
        "/supervision/settings/", {"form": "escalation", "blue_within": "5", "yellow_within": "2", "behind_pp": "15"}
    )
    assert response.status_code == 302, response.content.decode()
    assert committed(EscalationSettings, pk=EscalationSettings.current().pk).blue_within == 5


def test_cases_a_case_type_is_added_from_the_form(world, client_for):
    from cases.models import CaseType

    data = {"name": "环境投诉", "kind": "enterprise", "dispatch_days": 1, "sign_days": 2, "handle_days": 7,
            "reply_days": 2, "warn_within": 1, "escalate_after": 3, "max_extensions": 2, "max_extension_days": 10,
            "satisfaction_options": ["satisfied", "unsatisfied"], "is_active": "on"}  # fmt: skip
    response = client_for(world.users["admin"]).post("/cases/types/add/", data)
    assert response.status_code == 302, response.content.decode()
    assert committed(CaseType, name="环境投诉").handle_days == 7


def test_promotion_a_lead_is_added_from_the_form(world, client_for):
    from promotion.chains import ensure
    from promotion.models import IndustryChain, Lead

    ensure(IndustryChain)  # the migration's chains are gone after a flush
    response = client_for(world.users["fengying"]).post("/promotion/leads/add/", {
        "name": "原料药项目", "investor": "同仁", "chain": IndustryChain.objects.get(name="医药").pk,
        "intended_investment": "12.5", "unit": world.units["fengying"].pk, "on": "2026-01-05",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    assert committed(Lead, name="原料药项目").intended_investment == 1_250_000_000


def test_ingest_a_document_is_uploaded_from_its_page(world, client_for):
    from indicators.catalogue import ensure
    from indicators.models import Indicator, ValidationRule
    from ingest.models import Document

    ensure(Indicator, ValidationRule)
    text = "马村区2024年1-6月地区生产总值60.1亿元，同比增长5.2%。"
    upload = SimpleUploadedFile("通报.txt", text.encode())
    response = client_for(world.users["macun_admin"]).post(
        "/ingest/upload/", {"files": [upload], "unit": world.units["macun"].pk}
    )
    assert response.status_code == 302, response.content.decode()
    assert committed(Document, name="通报.txt").unit == world.units["macun"]
