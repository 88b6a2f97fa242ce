"""The leader of a lead or a bid reads it, wherever their account sits, and nothing else of the unit."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from core.context import acting_as
from org.models import Role
from org.testing import PASSWORD
from promotion import actions
from promotion.models import Lead, SupportBid


@pytest.fixture
def leader(world, promo):
    """李四 leads 安阳城街道's lead and bid; his account sits in 示范区."""
    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_lead(actor=admin, lead=promo["anyang"], leader=world.people["anyang"])
        actions.update_bid(actor=admin, bid=promo["anyang_bid"], leader=world.people["anyang"])
    return get_user_model().objects.create_user(
        username="lisi", password=PASSWORD, role=Role.objects.get(code="unit_user"), unit=world.units["sfq"],
        person=world.people["anyang"],
    )  # fmt: skip


def _exported(client, url) -> set[str]:
    content = client.get(url, {"export": "xlsx"}).content
    return {str(cell) for row in load_workbook(io.BytesIO(content)).active.values for cell in row}


def answers(client, headers, lead, bid) -> list[int]:
    """The status of the lead's and the bid's pages, then of the same through the API."""
    urls = [f"/promotion/leads/{lead.pk}/", f"/promotion/bids/{bid.pk}/"]
    api = [f"/api/promotion/leads/{lead.pk}", f"/api/promotion/bids/{bid.pk}"]
    return [client.get(u).status_code for u in urls] + [client.get(u, **headers).status_code for u in api]


def test_it_lets_the_leader_read_their_lead_and_bid(world, promo, leader, client_for, token_for):
    client, headers = client_for(leader), token_for(leader)
    lead, bid = promo["anyang"], promo["anyang_bid"]
    assert answers(client, headers, lead, bid) == [200, 200, 200, 200]
    assert lead.name in _exported(client, "/promotion/leads/")
    assert bid.title in _exported(client, "/promotion/bids/")
    with acting_as(leader), pytest.raises(PermissionDenied):
        actions.update_lead(actor=leader, lead=Lead.objects.get(pk=lead.pk), name="改名")


def test_it_does_not_leak_what_the_leader_does_not_lead(world, promo, leader, client_for, token_for):
    client, headers = client_for(leader), token_for(leader)
    lead, bid = promo["fengying"], promo["fengying_bid"]
    assert answers(client, headers, lead, bid) == [404, 404, 404, 404]
    assert lead.name not in _exported(client, "/promotion/leads/")
    assert bid.title not in _exported(client, "/promotion/bids/")
    names = {row["name"] for row in client.get("/api/promotion/leads", **headers).json()["items"]}
    assert names == {"铝轮毂项目"}
    assert SupportBid.objects.count() == 2
