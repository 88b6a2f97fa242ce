"""Inputs that once answered 500 or kept a worker busy: each now gets a prompt 4xx naming the field."""

import time
from datetime import date

import pytest

from cases.models import OfficerAssignment
from org.models import Enterprise, Person


def error_out(response, status=422) -> dict:
    """The body of an error answer, checked to be the ErrorOut the operations declare."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert set(body) <= {"detail", "errors"}
    errors = body.get("errors") or {}
    assert all(isinstance(k, str) and all(isinstance(m, str) for m in v) for k, v in errors.items())
    return body


@pytest.mark.parametrize("workdays", [3_000_000, 100_000, 366, 0, -1])
def test_a_deadline_in_working_days_is_bounded_before_the_calendar_is_walked(world, client, token_for, workdays):
    body = {
        "title": "供电迁改",
        "source": "meeting",
        "lead_unit_id": world.units["fengying"].pk,
        "assigned_on": "2026-09-28",
        "deadline_workdays": workdays,
    }
    client.get("/api/org/units/tree", **token_for("admin"))  # the first request loads the URL conf
    started = time.monotonic()
    response = client.post("/api/supervision/tasks", body, content_type="application/json", **token_for("admin"))
    assert time.monotonic() - started < 2
    assert list(error_out(response)["errors"]) == ["deadline_workdays"]


def test_the_task_action_refuses_an_unbounded_count_too(world):
    from django.core.exceptions import ValidationError

    from core.context import acting_as
    from supervision import actions

    admin = world.users["admin"]
    with acting_as(admin), pytest.raises(ValidationError) as caught:
        actions.create_task(
            actor=admin, title="t", source="meeting", lead_unit=world.units["fengying"],
            assigned_on=date(2026, 9, 28), deadline_workdays=3_000_000,
        )  # fmt: skip
    assert list(caught.value.message_dict) == ["deadline_workdays"]


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/api/projects/rollups?year=0&month=0", ["year", "month"]),
        ("/api/projects/rollups?year=2026&month=300", ["month"]),
        ("/api/projects/reports?year=99999", ["year"]),
        ("/api/promotion/bids?year=-9500", ["year"]),
        ("/api/indicators/values?year=0&number=13", ["year", "number"]),
        ("/api/indicators/values?indicator=abc", ["indicator"]),
        ("/api/supervision/targets?year=2200", ["year"]),
        ("/api/cases/metrics?start=2026-02-30&end=2026-03-01", ["start"]),
        ("/api/cases/metrics?start=0001-01-01&end=9999-12-31", ["start", "end"]),
        ("/api/promotion/funnel?start=1900-01-01&end=2026-01-01", ["start"]),
        ("/api/org/people?page=1234567890123456789012345", ["page"]),
        ("/api/org/people?page_size=100000000000000000000", ["page_size"]),
    ],
)
def test_out_of_range_query_parameters_answer_422_naming_them(world, client, token_for, url, fields):
    body = error_out(client.get(url, **token_for("admin")))
    assert list(body["errors"]) == fields
    assert all(f in body["detail"] for f in fields)


def test_a_null_for_a_text_field_is_refused_by_name(world, client, token_for):
    person = world.people["fengying"]
    response = client.patch(
        f"/api/org/people/{person.pk}", {"title": None}, content_type="application/json", **token_for("admin")
    )
    assert error_out(response)["errors"] == {"title": ["不能为空。"]}
    person.refresh_from_db()
    assert person.title == "主任"


@pytest.mark.parametrize("period", ["99999-ytd-7", "0-ytd-7", "2026-ytd-13"])
def test_a_period_outside_the_years_is_refused_by_name(world, client, token_for, period):
    from indicators.models import Indicator

    indicator = Indicator.objects.first()
    body = {"indicator_id": indicator.pk, "unit_id": world.units["fengying"].pk, "period": period, "level": "1"}
    response = client.post("/api/indicators/values", body, content_type="application/json", **token_for("admin"))
    assert list(error_out(response)["errors"]) == ["period"]


def test_a_body_that_does_not_match_the_schema_gets_errors_by_field(world, client, token_for):
    response = client.post(
        "/api/indicators/values", {"period": 5, "level": "Infinity"}, content_type="application/json",
        **token_for("admin"),
    )  # fmt: skip
    errors = error_out(response)["errors"]
    assert errors["indicator_id"] == ["必填"] and errors["unit_id"] == ["必填"]
    assert errors["period"] == ["应为文本"] and "level" in errors


@pytest.fixture
def officer(world):
    return OfficerAssignment.objects.create(
        person=world.people["fengying"], enterprise=world.enterprises["anyang"], since=date(2026, 1, 1)
    )


@pytest.mark.parametrize("kind", ["people", "enterprises"])
def test_deleting_a_record_still_referenced_names_what_refers_to_it(world, client, token_for, officer, kind):
    obj = world.people["fengying"] if kind == "people" else world.enterprises["anyang"]
    response = client.delete(f"/api/org/{kind}/{obj.pk}", **token_for("admin"))
    detail = error_out(response)["detail"]
    assert "仍被以下记录引用" in detail and "首席服务官「张三 · 安阳城企业」" in detail
    assert Person.objects.filter(pk=world.people["fengying"].pk).exists()
    assert Enterprise.objects.filter(pk=world.enterprises["anyang"].pk).exists()


def test_the_delete_page_says_what_still_refers_to_the_person(world, client_for, officer):
    person = world.people["fengying"]
    response = client_for(world.users["admin"]).post(f"/org/people/{person.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert "首席服务官「张三 · 安阳城企业」" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_an_unexpected_error_in_the_api_answers_json(world, client, token_for, monkeypatch):
    from org import queries

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(queries, "root_units", broken)
    body = error_out(client.get("/api/org/units/tree", **token_for("admin")), status=500)
    assert "boom" not in body["detail"]


@pytest.mark.parametrize(
    "query",
    [{"start": "2026-02-30"}, {"start": "0001-01-01"}, {"start": "2026-03-01", "end": "2026-01-01"}],
)
def test_the_case_metrics_page_names_a_bad_date_instead_of_failing(world, client_for, query):
    response = client_for(world.users["admin"]).get("/cases/metrics/", query)
    assert response.status_code == 200
    assert "起始日期" in response.content.decode() or "截止日期" in response.content.decode()


@pytest.mark.parametrize("query", [{"indicator": "abc", "group": "1"}, {"indicator": "9" * 30, "group": "x"}])
def test_the_ranking_page_answers_404_for_an_id_that_is_not_a_number(world, client_for, query):
    assert client_for(world.users["admin"]).get("/indicators/ranking/", query).status_code == 404


def test_the_officer_page_ignores_a_week_that_does_not_exist(world, client_for):
    assert client_for(world.users["admin"]).get("/cases/officers/", {"week": "2026-02-30"}).status_code == 200


@pytest.mark.parametrize(("url", "field"), [("/indicators/values/", "year"), ("/promotion/bids/", "year")])
def test_a_year_filter_out_of_range_is_a_form_error_on_the_page(world, client_for, url, field):
    response = client_for(world.users["admin"]).get(url, {field: "0"})
    assert response.status_code == 200
    assert response.context["filterset"].errors[field]


@pytest.mark.parametrize("url", ["/promotion/", "/promotion/bids/summary/"])
def test_a_period_spanning_millennia_on_a_page_falls_back_to_the_default(world, client_for, url):
    form_period = {"start": "0001-01-01", "end": "9999-12-31"}
    response = client_for(world.users["admin"]).get(url, form_period)
    assert response.status_code == 200
    shown = response.context["period_form"].initial
    assert shown["start"].year >= 2000 and shown["end"].year <= 2100
