"""Who may compare with whom: the ranking page, its export and the API follow one rule.

The platform sees every peer group; a unit's user sees the groups with a member in their scope;
enterprise users and grid workers see no ranking at all, and their menu has no link to one.
"""

import io

import pytest
from openpyxl import load_workbook

from indicators.tests.test_pages import H1, put
from org.models import PeerGroup, Unit


@pytest.fixture
def counties(world, setup):
    """A second peer group, of two counties outside 马村区, with figures in both groups."""
    city = Unit.objects.get(pk=world.units["city"].pk)
    a = Unit.objects.add_child(city, {"name": "修武县", "kind": "district"})
    b = Unit.objects.add_child(Unit.objects.get(pk=city.pk), {"name": "博爱县", "kind": "district"})
    group = PeerGroup.objects.create(name="县（市）组")
    group.members.set([a, b])
    gdp = setup.ind["gdp"]
    for unit, growth in [(world.units["macun"], "7.8"), (world.units["sfq"], "6.1"), (a, "5.0"), (b, "4.2")]:
        put(world, gdp, unit, growth)
    return group


def outcomes(client, indicator, group) -> tuple[int, int, int]:
    params = {"indicator": indicator.pk, "group": group.pk, "period": H1.key}
    return (
        client.get("/indicators/ranking/", params).status_code,
        client.get("/indicators/ranking/", {**params, "export": "xlsx"}).status_code,
        client.get("/api/indicators/rankings", params).status_code,
    )


def test_enterprise_users_and_grid_workers_see_no_ranking_anywhere(world, setup, counties, client_for):
    gdp = setup.ind["gdp"]
    for username in ("enterprise", "grid"):
        client = client_for(world.users[username])
        assert outcomes(client, gdp, setup.group) == (403, 403, 403), username
        assert outcomes(client, gdp, counties) == (403, 403, 403), username
        assert client.get("/indicators/ranking/").status_code == 403
        assert "/indicators/ranking/" not in client.get("/").content.decode()  # no menu entry


def test_a_district_compares_within_its_own_peer_groups_only(world, setup, counties, client_for):
    gdp = setup.ind["gdp"]
    for user in (world.users["macun_admin"], world.users["leader"], setup.sfq_admin):
        client = client_for(user)
        assert outcomes(client, gdp, setup.group) == (200, 200, 200), user.username
        assert outcomes(client, gdp, counties) == (404, 404, 404), user.username
        assert "/indicators/ranking/" in client.get("/").content.decode()
    client = client_for(world.users["macun_admin"])
    rows = client.get("/api/indicators/rankings", {"indicator": gdp.pk, "group": setup.group.pk, "period": H1.key})
    assert [(r["unit"], r["rank"]) for r in rows.json()] == [("马村区", 1), ("示范区", 2)]
    export = client.get("/indicators/ranking/", {"indicator": gdp.pk, "group": setup.group.pk, "period": H1.key,
                                                 "export": "xlsx"})  # fmt: skip
    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row]
    assert "马村区" in cells and "修武县" not in cells
    # The page without parameters opens the district's own group; its picker offers no other.
    page = client.get("/indicators/ranking/", {"period": H1.key}).content.decode()
    assert "城区组" in page and "县（市）组" not in page and "修武县" not in page


def test_a_street_does_not_read_the_districts_ranking(world, setup, counties, client_for):
    client = client_for(world.users["fengying"])
    assert outcomes(client, setup.ind["gdp"], setup.group) == (404, 404, 404)
    page = client.get("/indicators/ranking/")
    assert page.status_code == 200 and "没有对标分组" in page.content.decode()


def test_the_platform_compares_every_group(world, setup, counties, client_for):
    client = client_for(world.users["admin"])
    assert outcomes(client, setup.ind["gdp"], setup.group) == (200, 200, 200)
    assert outcomes(client, setup.ind["gdp"], counties) == (200, 200, 200)
    page = client.get("/indicators/ranking/", {"period": H1.key}).content.decode()
    assert "城区组" in page and "县（市）组" in page
