"""The closed loop of a service case as a transition table. Pure: no Django.

受理 → 派单 → 签收 → 办理 → 反馈 → 回访/评价 → 办结, with 退回 (the handler sends a case back to
whoever dispatched it), 重办 (a reply not accepted goes back to the handler) and 延期 (a request
the dispatcher approves or refuses while the case is being handled). Anything not listed is refused.
"""

ACCEPTED, DISPATCHED, HANDLING, REPLIED, RATED, CLOSED = (
    "accepted",
    "dispatched",
    "handling",
    "replied",
    "rated",
    "closed",
)

# action -> {from state: to state}
TRANSITIONS: dict[str, dict[str, str]] = {
    "dispatch": {ACCEPTED: DISPATCHED},
    "sign": {DISPATCHED: HANDLING},
    "return": {DISPATCHED: ACCEPTED, HANDLING: ACCEPTED},
    "note": {HANDLING: HANDLING},
    "extend": {HANDLING: HANDLING},
    # A request made while handling stays pending through the reply and the follow-up until decided.
    "approve_extension": {HANDLING: HANDLING, REPLIED: REPLIED, RATED: RATED},
    "reject_extension": {HANDLING: HANDLING, REPLIED: REPLIED, RATED: RATED},
    "reply": {HANDLING: REPLIED},
    "rate": {REPLIED: RATED},
    "rework": {REPLIED: HANDLING, RATED: HANDLING},
    "close": {RATED: CLOSED},
}

# Who acts: the unit that dispatches and follows the case up ("manager"), the unit it was
# dispatched to ("handler"), or the enterprise that raised it (rates its own case).
ACTORS: dict[str, tuple[str, ...]] = {
    "dispatch": ("manager",),
    "sign": ("handler",),
    "return": ("handler",),
    "note": ("handler",),
    "extend": ("handler",),
    "approve_extension": ("manager",),
    "reject_extension": ("manager",),
    "reply": ("handler",),
    "rate": ("manager", "enterprise"),
    "rework": ("manager",),
    "close": ("manager",),
}


class IllegalTransition(Exception):
    def __init__(self, action: str, state: str):
        super().__init__(f"{action} is not allowed from {state}")
        self.action, self.state = action, state


def next_state(state: str, action: str) -> str:
    """The state after `action`, or IllegalTransition."""
    try:
        return TRANSITIONS[action][state]
    except KeyError:
        raise IllegalTransition(action, state) from None


def allowed_actions(state: str) -> list[str]:
    return [action for action, moves in TRANSITIONS.items() if state in moves]
