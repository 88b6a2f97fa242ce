"""The left navigation. Each app declares its section as data, `navigation = Section(...)` on its
AppConfig; `sections()` reads them, in one place, in the order the sections ask for. A section is
keyed by its app's label and headed by its app's verbose_name unless it names others."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass
class Item:
    label: Any
    url_name: str
    # A boolean method on the user, e.g. "can_view_audit".
    perm: str | None = None
    # A function of the user, kept by the app that owns the rule: the function or its dotted path
    # ("indicators.queries.may_compare"), imported on first use since apps.py loads before the models.
    check: str | Callable[[Any], bool] | None = None


@dataclass
class Section:
    icon: str
    order: int = 50
    items: list[Item] = field(default_factory=list)
    # Who the whole section is for, as for an item: a function of the user or its dotted path.
    check: str | Callable[[Any], bool] | None = None
    key: str = ""  # the app's label when empty
    label: Any = ""  # the app's verbose_name when empty


def sections() -> list[Section]:
    declared = [
        replace(s, key=s.key or config.label, label=s.label or config.verbose_name)
        for config in apps.get_app_configs()
        if isinstance(s := getattr(config, "navigation", None), Section)
    ]
    return sorted(declared, key=lambda s: s.order)


def _passes(user, check) -> bool:
    if check is None:
        return True
    function = import_string(check) if isinstance(check, str) else check
    return bool(function(user))


def section_allowed(user, section: Section) -> bool:
    return _passes(user, section.check)


def allowed(user, item: Item) -> bool:
    """May `user` use the page behind `item`? The check is the one the page's view applies."""
    if not _passes(user, item.check):
        return False
    if item.perm is None:
        return True
    method = getattr(user, item.perm, None)
    return bool(method and method())
