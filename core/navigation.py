"""The left navigation. Apps register their sections in AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Item:
    label: str
    url_name: str
    # A boolean method on the user, e.g. "can_view_audit", or a function of the user.
    perm: str | Callable | None = None
    check: Callable[[Any], bool] | None = None  # or a function of the user, kept by the app that owns the rule


@dataclass
class Section:
    key: str
    label: str
    icon: str
    order: int = 50
    items: list[Item] = field(default_factory=list)


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: s.order)


def allowed(user, item: Item) -> bool:
    if item.check is not None and not item.check(user):
        return False
    if item.perm is None:
        return True
    if callable(item.perm):
        return bool(item.perm(user))
    check = getattr(user, item.perm, None)
    return bool(check and check())
