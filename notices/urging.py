"""What may be urged (催办): each app registers its objects, saying who may urge one (the same rule as
its supervising actions), who handles it and when it is closed. Registered in the app's ready()."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404

from .recipients import Visible


@dataclass(frozen=True)
class Urgeable:
    model: type[Model]
    may: Callable[[object, Model], bool]
    units: Callable[[Model], Iterable]
    is_closed: Callable[[Model], bool]
    visible: Visible | None = None
    # What the reminder asks when the supervisor writes no note ("请尽快报送月报。").
    ask: str = ""


_registry: dict[str, Urgeable] = {}


def register(target: Urgeable) -> None:
    _registry[target.model._meta.label_lower] = target


def target_for(obj_or_label) -> Urgeable:
    label = obj_or_label if isinstance(obj_or_label, str) else obj_or_label._meta.label_lower
    try:
        return _registry[label]
    except KeyError:
        raise Http404 from None


def may_urge(user, obj: Model) -> bool:
    target = _registry.get(obj._meta.label_lower)
    return bool(target and getattr(user, "is_authenticated", False) and target.may(user, obj)
                and not target.is_closed(obj))  # fmt: skip
