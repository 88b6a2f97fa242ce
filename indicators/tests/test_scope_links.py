"""代报: a unit enters the indicators of the units it reports for, and of no other."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from core import scope
from core.context import acting_as
from indicators import actions
from indicators.models import Value
from indicators.periods import Period
from org import actions as org_actions
from org.models import Role, Unit
from org.testing import PASSWORD

PERIOD = Period(2024, "ytd", 6)


@pytest.fixture
def bureau(world):
    """马村区统计局, reporting for 马村区 and 冯营街道 (not 安阳城街道), and a user of it."""
    admin = world.users["macun_admin"]
    tjj = Unit.objects.add_child(world.units["macun"], {"name": "统计局", "kind": "department"})
    tjj = Unit.objects.get(pk=tjj.pk)
    with acting_as(admin):
        org_actions.set_reports_for(actor=admin, unit=tjj, units=[world.units["macun"], world.units["fengying"]])
    return get_user_model().objects.create_user(
        username="tjj", password=PASSWORD, role=Role.objects.get(code="unit_user"), unit=tjj, first_name="统计局"
    )


@time_machine.travel(date(2024, 7, 2))
def test_it_lets_the_bureau_enter_the_units_it_reports_for(world, setup, bureau, client_for, token_for):
    fengying = world.units["fengying"]
    client = client_for(bureau)
    page = client.get("/indicators/entry/", {"unit": fengying.pk, "period": PERIOD.key})
    assert page.status_code == 200 and page.context["can_write"]
    assert {u.name for u in page.context["units"]} >= {"马村区", "冯营街道"}
    with acting_as(bureau):
        value, _ = actions.record_value(actor=bureau, indicator=setup.ind["gdp"], unit=fengying, period=PERIOD,
                                        level=D("12.5"), growth=D("6.1"))  # fmt: skip
    assert client.get(f"/indicators/values/{value.pk}/").status_code == 200
    headers = token_for(bureau)
    body = {"indicator_id": setup.ind["gdp"].pk, "unit_id": world.units["macun"].pk, "period": PERIOD.key,
            "level": "80.2", "growth": "7.0"}  # fmt: skip
    assert client.post("/api/indicator-values", body, content_type="application/json", **headers).status_code == 200
    assert client.get(f"/api/indicator-values/{value.pk}", **headers).status_code == 200
    assert Value.objects.filter(unit=world.units["macun"]).exists()


@time_machine.travel(date(2024, 7, 2))
def test_it_does_not_let_the_bureau_enter_or_read_other_units(world, setup, bureau, client_for):
    anyang, admin = world.units["anyang"], world.users["admin"]
    with acting_as(admin):
        theirs, _ = actions.record_value(actor=admin, indicator=setup.ind["gdp"], unit=anyang, period=PERIOD,
                                         level=D("9"), growth=D("5"))  # fmt: skip
    client = client_for(bureau)
    assert client.get("/indicators/entry/", {"unit": anyang.pk, "period": PERIOD.key}).status_code == 404
    assert client.get(f"/indicators/values/{theirs.pk}/").status_code == 404
    with acting_as(bureau), pytest.raises(PermissionDenied):
        actions.record_value(
            actor=bureau, indicator=setup.ind["gdp"], unit=anyang, period=PERIOD, level=D("1"), growth=None
        )
    # 代报 is entering figures, not owning the unit: no projects, people or changes of 冯营街道 itself.
    assert not scope.can_change(bureau, world.units["fengying"])
    assert client.get(f"/org/units/{world.units['fengying'].pk}/edit/").status_code in (403, 404)
