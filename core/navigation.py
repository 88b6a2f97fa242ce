"""The left navigation (behind a menu button on a phone) and the phone's bottom bar. Each app
declares its section as data, `navigation = Section(...)` on its AppConfig; `sections()` reads
them, in one place, in the order the sections ask for. A section is keyed by its app's label and
headed by its app's verbose_name unless it names others."""

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
    # On a phone, the field roles' main screens also sit in a bar at the bottom of the screen:
    # `bottom` orders them there (0: not in the bar), `icon` is the bar's Bootstrap icon.
    bottom: int = 0
    icon: str = ""


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


def _passes(user, check, checked: dict | None = None) -> bool:
    """`checked`: the answers already given for this user, by check — several items share one
    (the indicator pages all ask whether the user has a reporting unit), and each may be a query."""
    if check is None:
        return True
    if checked is not None and check in checked:
        return checked[check]
    function = import_string(check) if isinstance(check, str) else check
    answer = bool(function(user))
    if checked is not None:
        checked[check] = answer
    return answer


def section_allowed(user, section: Section, checked: dict | None = None) -> bool:
    return _passes(user, section.check, checked)


def allowed(user, item: Item, checked: dict | None = None) -> bool:
    """May `user` use the page behind `item`? The check is the one the page's view applies."""
    if not _passes(user, item.check, checked):
        return False
    if item.perm is None:
        return True
    method = getattr(user, item.perm, None)
    return bool(method and method())


# The roles that work from a phone in the field: grid workers, enterprises, and the units that
# handle cases, visit, check in and fill their monthly reports. Only they get the bottom bar.
FIELD_ROLES = ("grid_worker", "enterprise", "unit_user")
BOTTOM_BAR_SIZE = 5  # the home page and at most four screens: each keeps a thumb-sized target


def is_field_user(user) -> bool:
    role = getattr(user, "role", None)
    return bool(role and role.code in FIELD_ROLES)


def bottom_items(user, sections_allowed) -> list[Item]:
    """The bottom bar's screens after the home page: the flagged items of `sections_allowed` (the
    sections and items the user may use, as the context processor lists them), in `bottom` order."""
    if not is_field_user(user):
        return []
    flagged = [i for s in sections_allowed for i in s["items"] if i.bottom]
    return sorted(flagged, key=lambda i: i.bottom)[: BOTTOM_BAR_SIZE - 1]
