import pytest
from django.core.exceptions import ValidationError

from org import actions, queries
from org.models import Unit


def test_it_finds_a_subtree_by_path(world):
    macun = world.units["macun"]
    names = set(queries.subtree(macun).values_list("name", flat=True))
    assert names == {"马村区", "冯营街道", "安阳城街道", "和谐社区", "后岳村", "发改委"}
    assert "示范区" not in names


def test_it_lists_children_in_scope(world):
    admin, fengying = world.users["admin"], world.users["fengying"]
    macun = world.units["macun"]
    assert [u.name for u in queries.children_of(admin, macun)] == ["冯营街道", "安阳城街道", "发改委"]
    # A street user sees only its own street below the district.
    assert [u.name for u in queries.children_of(fengying, macun)] == ["冯营街道"]
    assert [u.name for u in queries.root_units(fengying)] == ["冯营街道"]


def test_it_counts_people_and_enterprises_per_subtree(world):
    counts = queries.subtree_counts([world.units["macun"], world.units["fengying"], world.units["sfq"]])
    assert counts[world.units["macun"].pk] == {"people": 2, "enterprises": 2}
    assert counts[world.units["fengying"].pk] == {"people": 1, "enterprises": 1}
    assert counts[world.units["sfq"].pk] == {"people": 0, "enterprises": 0}


def test_it_keeps_the_administrative_order_of_kinds(world):
    admin = world.users["admin"]
    with pytest.raises(ValidationError, match="不能直接设在"):
        actions.create_unit(actor=admin, parent=world.units["hexie"], name="错误的街道", kind="street")
    with pytest.raises(ValidationError, match="不能直接设在"):
        actions.create_unit(actor=admin, parent=world.units["city"], name="社区", kind="community")
    grid = actions.create_unit(actor=admin, parent=world.units["hexie"], name="第一微网格", kind="grid")
    assert Unit.objects.get_parent(grid).name == "和谐社区"


def test_it_checks_division_codes_against_the_parent(world):
    actor = world.users["admin"]
    with pytest.raises(ValidationError, match="410804"):
        actions.create_unit(
            actor=actor, parent=world.units["macun"], name="待王街道", kind="street", code="410803001000"
        )
    with pytest.raises(ValidationError, match="不使用这一级"):
        actions.create_unit(actor=actor, parent=world.units["macun"], name="待王街道", kind="street", code="410805")
    town = actions.create_unit(
        actor=actor, parent=world.units["macun"], name="待王街道", kind="street", code="410804003000"
    )
    assert town.code == "410804003000"
    # A village under a street without a code is checked against the nearest coded ancestor.
    with pytest.raises(ValidationError, match="410804"):
        actions.create_unit(actor=actor, parent=world.units["anyang"], name="村", kind="village", code="410803001001")


def test_it_keeps_codes_unique(world):
    with pytest.raises(ValidationError):
        actions.create_unit(
            actor=world.users["admin"], parent=world.units["city"], name="重复", kind="district", code="410804"
        )


def test_subtree_queries_stay_one_query_on_a_large_tree(world, django_assert_num_queries):
    district = world.units["sfq"]
    for t in range(20):
        town = Unit.objects.add_child(Unit.objects.get(pk=district.pk), {"name": f"镇{t}", "kind": "town"})
        for v in range(20):
            Unit.objects.add_child(Unit.objects.get(pk=town.pk), {"name": f"村{t}-{v}", "kind": "village"})
    sfq = Unit.objects.get(pk=district.pk)
    with django_assert_num_queries(1):
        assert queries.subtree(sfq).count() == 421


def test_it_names_the_branches_of_a_roll_up_and_the_top_units_own_rows(world):
    macun, fengying = world.units["macun"], world.units["fengying"]
    labels = queries.branch_labels([macun.path, fengying.path, "9999"], macun)
    assert labels == {macun.path: "马村区（本级）", fengying.path: "冯营街道"}
    assert queries.branch_labels([macun.path], None) == {macun.path: "马村区"}
