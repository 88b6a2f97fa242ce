"""List and dashboard pages run a fixed number of queries, however many rows there are."""

import pytest

from core.context import acting_as
from core.testing import count_queries
from org import actions
from org.codes import make_credit_code
from org.models import Enterprise, Person, Unit


def grow(world, n: int) -> None:
    """Add n people, n enterprises and n villages (with audit rows) under 冯营街道."""
    admin = world.users["admin"]
    start = Person.objects.count()
    with acting_as(admin):
        for i in range(start, start + n):
            unit = actions.create_unit(
                actor=admin, parent=Unit.objects.get(name="冯营街道"), name=f"社区{i}", kind="community"
            )
            actions.create_person(actor=admin, unit=unit, name=f"人员{i}", phone="13900000000")
            actions.create_enterprise(
                actor=admin, unit=unit, name=f"企业{i}", credit_code=make_credit_code(f"91410804MB{i:07d}")
            )


PAGES = [
    "/",
    "/org/units/",
    "/org/people/",
    "/org/people/?q=人员",
    "/org/enterprises/",
    "/org/users/",
    "/system/audit/",
    "/org/people/?export=xlsx",
    "/org/enterprises/?export=xlsx",
]


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_rows(world, client_for, url):
    client = client_for(world.users["macun_admin"])
    grow(world, 3)
    small = count_queries(lambda: client.get(url))
    grow(world, 30)
    large = count_queries(lambda: client.get(url))
    assert large == small, f"{url}: {small} queries with few rows, {large} with many"


def test_unit_page_query_count_does_not_grow_with_children(world, client_for):
    client = client_for(world.users["macun_admin"])
    url = f"/org/units/{world.units['fengying'].pk}/"
    grow(world, 3)
    small = count_queries(lambda: client.get(url))
    grow(world, 30)
    assert count_queries(lambda: client.get(url)) == small
    assert Enterprise.objects.count() > 30


def test_it_reads_the_foreign_keys_a_list_names_with_its_rows():
    from core.views import ScopedListView
    from org.views import EnterpriseListView, PersonListView

    class PlainList(ScopedListView):
        model = Person

    assert PersonListView().base_queryset().query.select_related == {"unit": {}}
    assert EnterpriseListView().base_queryset().query.select_related == {"unit": {}}
    assert PlainList().base_queryset().query.select_related is False  # not every foreign key
