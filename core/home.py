"""The home page's figures. Each app registers a function user -> list[Summary]."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Summary:
    label: str
    value: int
    url: str = ""
    icon: str = "circle"


_providers: list[Callable] = []


def register_summary(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def summaries(user) -> list[Summary]:
    result: list[Summary] = []
    for provider in _providers:
        result.extend(provider(user))
    return result


# Pages the home page sends a user to first (e.g. setting up the top unit of a new site).
_gates: list[Callable] = []


def register_gate(gate: Callable) -> None:
    """`gate(user)` returns the URL the user must visit before the home page, or None."""
    if gate not in _gates:
        _gates.append(gate)


def gate_for(user) -> str | None:
    for gate in _gates:
        url = gate(user)
        if url:
            return url
    return None
