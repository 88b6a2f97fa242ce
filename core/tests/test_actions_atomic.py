"""Every public function of every app's actions module runs in one transaction of its own."""

import importlib
import inspect

import pytest
from django.apps import apps
from django.db import transaction

from core import actions as base
from org.models import Unit


def action_modules():
    """The apps' actions modules. core.actions holds the shared steps they are built from, which run
    inside the action's transaction instead of opening one (see the test at the end)."""
    for config in apps.get_app_configs():
        if config.name == "core":
            continue
        try:
            yield importlib.import_module(f"{config.name}.actions")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.actions":
                raise


def is_atomic(func) -> bool:
    """Wrapped by @transaction.atomic: a ContextDecorator keeps its Atomic in the wrapper's closure."""
    cells = [c.cell_contents for c in (func.__closure__ or ())]
    return hasattr(func, "__wrapped__") and any(isinstance(c, transaction.Atomic) for c in cells)


def public_functions(module):
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("_") and func.__module__ == module.__name__:
            yield name, func


def test_the_walk_finds_the_actions_of_every_domain_app():
    names = {m.__name__ for m in action_modules()}
    assert {"projects.actions", "cases.actions", "supervision.actions", "promotion.actions"} <= names


def test_the_check_tells_an_atomic_function_from_a_plain_one():
    @transaction.atomic
    def wrapped():
        pass

    def plain():
        pass

    assert is_atomic(wrapped) and not is_atomic(plain)


def test_every_public_action_is_atomic():
    missing = [
        f"{module.__name__}.{name}"
        for module in action_modules()
        for name, func in public_functions(module)
        if not is_atomic(func)
    ]
    assert missing == []


@pytest.mark.django_db(transaction=True)
def test_the_shared_steps_refuse_to_write_outside_a_transaction():
    for step in (lambda: base.create(Unit(name="新区", kind="district")), lambda: base.delete(Unit(pk=1, name="x"))):
        with pytest.raises(RuntimeError, match="transaction"):
            step()
    assert not Unit.objects.exists()
