"""A 延期 request stays pending when the handler replies, until the dispatcher decides it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases import actions, queries
from cases.models import Case


def _handling(world, types):
    admin = world.users["macun_admin"]
    case = actions.submit_case(
        actor=world.users["enterprise"], case_type=types["enterprise"], title="用电增容", content="需增容",
        enterprise=world.enterprises["fengying"], on=date(2026, 3, 2),
    )  # fmt: skip
    actions.dispatch(actor=admin, case=case, handler_unit=world.units["fgw"], on=date(2026, 3, 2))
    actions.sign(actor=admin, case=case, on=date(2026, 3, 3))
    return case


def test_it_keeps_a_pending_extension_through_the_reply_until_decided(world, types, client_for):
    admin = world.users["macun_admin"]  # dispatcher, and in scope of the department handling it
    case = _handling(world, types)
    handle_due = case.handle_due
    actions.request_extension(actor=admin, case=case, days=3, reason="需协调供电公司", on=date(2026, 3, 5))
    actions.reply(actor=admin, case=case, result="已增容", on=date(2026, 3, 6))
    case = Case.objects.get(pk=case.pk)
    assert (case.state, case.extension_requested, case.extension_reason) == ("replied", 3, "需协调供电公司")

    client = client_for(admin)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "待审批" in page and "需协调供电公司" in page and "审批延期" in page
    inbox = {section.key: section.cases for section in queries.inbox(admin)}
    assert [c.pk for c in inbox["extension"]] == [case.pk]  # still in the dispatcher's 待审批延期

    actions.rate(actor=world.users["enterprise"], case=case, satisfaction="satisfied", on=date(2026, 3, 9))
    with pytest.raises(ValidationError, match="待审批的延期"):
        actions.close(actor=admin, case=case, on=date(2026, 3, 9))
    follow_up_due = case.due_on
    actions.decide_extension(actor=admin, case=case, approve=True, on=date(2026, 3, 9))
    case = Case.objects.get(pk=case.pk)
    assert case.extension_requested is None and (case.extensions, case.extension_days) == (1, 3)
    assert case.handle_due > handle_due and case.due_on == follow_up_due  # the current stage keeps its limit
    actions.close(actor=admin, case=case, on=date(2026, 3, 9))
    assert Case.objects.get(pk=case.pk).state == "closed"
