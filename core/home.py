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
