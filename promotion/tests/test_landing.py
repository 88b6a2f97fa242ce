"""Landing a signed lead as a new key project asks for what the ledger requires, prefilled from the lead."""

from datetime import date

from core.context import acting_as
from projects.models import Project
from promotion import actions
from promotion.models import IndustryChain, Lead

YI = 100_000_000


def _signed(world):
    user = world.users["fengying"]
    with acting_as(user):
        lead = actions.create_lead(actor=user, name="原料药项目", investor="同仁", intended_investment=12 * YI,
                                   chain=IndustryChain.objects.get(name="医药"), unit=world.units["hexie"],
                                   on=date(2026, 1, 5))  # fmt: skip
        actions.advance_lead(actor=user, lead=lead, stage="intent", on=date(2026, 2, 1))
        actions.advance_lead(actor=user, lead=lead, stage="signed", on=date(2026, 3, 1), signed_investment=15 * YI)
    return Lead.objects.get(pk=lead.pk)


def test_it_asks_for_the_ledgers_fields_prefilled_from_the_lead(world, client_for):
    lead = _signed(world)
    client = client_for(world.users["fengying"])
    page = client.get(lead.get_absolute_url()).content.decode()
    form = page[page.index(f'action="/promotion/leads/{lead.pk}/land/"') :]
    form = form[: form.index("</form>")]
    assert 'name="name"' in form and 'value="原料药项目"' in form
    assert 'name="unit"' in form and f'<option value="{world.units["hexie"].pk}" selected>' in form
    assert 'name="total_investment"' in form and 'value="15"' in form
    assert 'name="planned_start"' in form

    # Without a planned start (or with the prefilled name cleared) nothing is created, and it says why.
    response = client.post(lead.get_absolute_url() + "land/", {
        "date": "2026-04-01", "code": "MC-2026-100", "level": "district", "category": "industry", "nature": "new",
        "name": "", "unit": world.units["hexie"].pk, "total_investment": "15",
    }, follow=True)  # fmt: skip
    shown = response.content.decode()
    assert "新建重点项目须填写计划开工" in shown and "新建重点项目须填写项目名称" in shown
    assert not Project.objects.exists()

    client.post(lead.get_absolute_url() + "land/", {
        "date": "2026-04-01", "code": "MC-2026-100", "level": "district", "category": "industry", "nature": "new",
        "name": "原料药一期", "unit": world.units["fengying"].pk, "total_investment": "14.5",
        "planned_start": "2026-06-01", "planned_finish": "2027-12-31",
    })  # fmt: skip
    project = Project.objects.get(code="MC-2026-100")
    assert (project.name, project.unit) == ("原料药一期", world.units["fengying"])
    assert project.total_investment == 1_450_000_000
    assert (project.planned_start, project.planned_finish) == (date(2026, 6, 1), date(2027, 12, 31))
    assert Lead.objects.get(pk=lead.pk).project == project
