"""Unit pickers that send work elsewhere (派单, 配合单位) offer the user's units, named with their parent."""

from cases.forms import CaseForm, DispatchForm
from core.testing import count_queries
from org.forms import EnterpriseForm, PersonForm, scoped_units
from org.models import Unit
from promotion.forms import ActivityForm, BidForm, LeadForm
from supervision.forms import TargetForm, TaskForm


def _labels(field) -> list[str]:
    return [str(label).strip("\u3000") for value, label in field.choices if value != ""]


def _namesakes(world):
    Unit.objects.add_child(world.units["sfq"], {"name": "发改委", "kind": "department"})
    Unit.objects.add_child(world.units["sfq"], {"name": "住建局", "kind": "department"})
    Unit.objects.add_child(world.units["macun"], {"name": "住建局", "kind": "department"})


def test_it_offers_the_dispatchers_units_each_named_with_its_parent(world):
    _namesakes(world)
    district = _labels(DispatchForm(user=world.users["macun_admin"]).fields["handler_unit"])
    assert "马村区发改委" in district and "马村区住建局" in district and "马村区冯营街道" in district
    assert not [label for label in district if "示范区" in label]  # another district: not offered
    assert len(district) == len(set(district))  # no two identical entries
    whole_city = _labels(DispatchForm(user=world.users["admin"]).fields["handler_unit"])
    assert {"马村区住建局", "示范区住建局", "马村区发改委", "示范区发改委"} <= set(whole_city)
    assert len(whole_city) == len(set(whole_city))


def test_a_street_whistles_to_its_districts_departments_only(world):
    _namesakes(world)
    street = _labels(CaseForm(user=world.users["fengying"]).fields["handler_unit"])
    assert "马村区冯营街道" in street and "冯营街道和谐社区" in street
    assert "马村区发改委" in street and "马村区住建局" in street
    assert not [label for label in street if "安阳城" in label or "示范区" in label]


def test_co_operating_units_of_a_task_are_in_scope_and_qualified(world):
    _namesakes(world)
    field = TaskForm(user=world.users["macun_admin"]).fields["co_units"]
    labels = _labels(field)
    assert "马村区住建局" in labels and "马村区发改委" in labels
    assert not [label for label in labels if "示范区" in label or label == "焦作市"]
    queries = count_queries(lambda: list(field.choices))
    for n in range(5):
        Unit.objects.add_child(world.units["macun"], {"name": f"局{n}", "kind": "department"})
    more = TaskForm(user=world.users["macun_admin"]).fields["co_units"]
    assert count_queries(lambda: list(more.choices)) == queries  # the parents' names in one query


def test_it_offers_a_rows_form_the_units_its_user_may_file_under(world):
    user = world.users["fengying"]
    forms = ((PersonForm, "所属单位"), (EnterpriseForm, "属地单位"), (TargetForm, "责任单位"),
             (LeadForm, "责任单位"), (ActivityForm, "组织单位"), (BidForm, "申报单位"))  # fmt: skip
    for form_class, label in forms:
        field = form_class(user=user).fields["unit"]
        assert str(field.label) == label, form_class
        assert list(field.queryset) == list(scoped_units(user)) and world.units["anyang"] not in field.queryset
        assert "form-select" in field.widget.attrs["class"]
