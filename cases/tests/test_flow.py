"""The transition table and masking, without a database."""

import pytest

from cases import flow
from cases.masking import mask_name, mask_phone

LOOP = ["dispatch", "sign", "note", "reply", "rate", "close"]


def test_the_closed_loop_runs_in_order():
    state = flow.ACCEPTED
    for action in LOOP:
        state = flow.next_state(state, action)
    assert state == flow.CLOSED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("accepted", "sign"),  # nothing to sign before it is dispatched
        ("accepted", "reply"),
        ("dispatched", "reply"),  # reply before signing
        ("handling", "close"),  # closing skips the follow-up
        ("replied", "close"),  # closing needs a rating first
        ("closed", "rework"),  # a closed case stays closed
        ("closed", "dispatch"),
        ("rated", "return"),
        ("accepted", "extend"),
    ],
)
def test_illegal_transitions_are_refused(state, action):
    with pytest.raises(flow.IllegalTransition):
        flow.next_state(state, action)


def test_send_back_rework_and_extension_moves():
    assert flow.next_state("dispatched", "return") == "accepted"
    assert flow.next_state("handling", "return") == "accepted"
    assert flow.next_state("replied", "rework") == "handling"
    assert flow.next_state("rated", "rework") == "handling"
    assert flow.next_state("handling", "extend") == "handling"
    assert set(flow.allowed_actions("closed")) == set()
    assert set(flow.ACTORS) == set(flow.TRANSITIONS)


def test_masking():
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张**"
    assert mask_name("欧阳娜娜") == "欧阳**"
    assert mask_name("") == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
