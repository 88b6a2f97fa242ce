"""The ledger's row check finds exactly what the model's full_clean finds, without its per-row cost."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from org.models import Unit
from projects import ledger
from projects.models import Project

BASE = {"name": "某产业园项目", "level": "district", "category": "industry", "nature": "new", "total_investment": 10**8}

CASES = [
    {},
    {"name": "长" * 201},
    {"name": ""},
    {"name": "含\x00字符"},
    {"level": "bogus"},
    {"category": ""},
    {"total_investment": -1},
    {"total_investment": 2**63},
    {"total_investment": "很多"},
    {"planned_start": date(2026, 5, 1), "planned_finish": date(2026, 4, 1)},
    {"planned_start": "2026-13-01"},
    {"contact_phone": "1" * 21, "owner": "建" * 201, "content": "很长" * 5000},
    {"nature": "new", "location": "冯营街道", "responsible_person": "张三", "contact_name": "李四"},
]


def full_clean_problems(code: str, values: dict, pk=None) -> dict[str, list[str]]:
    candidate = Project(code=code, **values)
    candidate.pk = pk
    try:
        candidate.full_clean(exclude=["code", "unit", "leader", "parent", "responsible_unit"], validate_unique=False)
    except ValidationError as exc:
        return {k: sorted(v) for k, v in exc.message_dict.items()}
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize("change", CASES)
def test_it_finds_what_full_clean_finds(world, change):
    values = {**BASE, "unit": Unit.objects.first(), **change}
    row = ledger.LedgerRow(7, "T-1", values)
    problems = ledger.plan_ledger([row], existing={}, plans={})
    found: dict[str, list[str]] = {}
    for p in problems:
        assert p.row == 7
        found.setdefault(p.column, []).extend(p.message.split("；"))
    assert {k: sorted(v) for k, v in found.items()} == full_clean_problems("T-1", values)
    if not found:
        assert row.action == "create"
        assert row.candidate.code == "T-1" and row.candidate.unit == values["unit"]
        assert row.candidate.name == values["name"] and row.candidate.stage == Project._meta.get_field("stage").default


@pytest.mark.django_db
def test_it_leaves_out_a_missing_required_field_no_more_than_full_clean(world):
    values = {"level": "district", "category": "industry", "nature": "new", "unit": Unit.objects.first()}
    problems = ledger.plan_ledger([ledger.LedgerRow(3, "T-2", values)], existing={}, plans={})
    assert {p.column for p in problems} == set(full_clean_problems("T-2", values)) == {"name", "total_investment"}


@pytest.mark.django_db
def test_it_checks_each_plan_by_the_plan_model(world):
    values = {**BASE, "unit": Unit.objects.first()}
    rows = [ledger.LedgerRow(n, f"T-{n}", dict(values), plan=(year, 5 * 10**6, True))
            for n, year in ((1, 2026), (2, 1999), (3, 1999))]  # fmt: skip
    problems = ledger.plan_ledger(rows, existing={}, plans={})
    assert [(p.row, p.column) for p in problems] == [(2, "year"), (3, "year")]
    assert [r.action for r in rows] == ["create", "", ""]
