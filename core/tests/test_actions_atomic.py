"""Every public function of every app's actions module runs in one transaction of its own."""

import importlib
import inspect

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction

from core import actions as base
from org.models import Unit

# core.actions holds, beside its own actions (the holiday calendar), the shared steps the apps'
# actions are built from: they run inside the action's transaction instead of opening one (see the
# test at the end). Those, and one read, are the only public functions of an actions module that
# are not atomic.
NOT_ACTIONS = {
    "core.actions": {
        "ensure_in_transaction": "a check the shared steps make",
        "clean_text": "a shared step: changes the object in memory",
        "only": "a shared step: checks the names of the changes",
        "validate": "a shared step: runs the model's rules",
        "create": "a shared step: refuses to run outside the action's transaction",
        "update": "a shared step: refuses to run outside the action's transaction",
        "delete": "a shared step: refuses to run outside the action's transaction",
        "stored": "a shared step: a missing settings row is inserted through create",
        "protected_message": "builds a message",
        "notice_years": "a read: the years a holiday notice touches",
    }
}


def action_modules():
    """The actions module of every app of the project, core's included."""
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue  # installed packages
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
    skipped = NOT_ACTIONS.get(module.__name__, {})
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("_") and func.__module__ == module.__name__ and name not in skipped:
            yield name, func


def test_the_walk_finds_the_actions_of_every_domain_app():
    names = {m.__name__ for m in action_modules()}
    apps_ = ("core", "org", "projects", "indicators", "supervision", "cases", "promotion", "ingest", "notices")
    assert names == {f"{app}.actions" for app in apps_}


def test_the_exceptions_name_functions_that_exist():
    for module in action_modules():
        for name in NOT_ACTIONS.get(module.__name__, {}):
            assert inspect.isfunction(getattr(module, name)), f"{module.__name__}.{name}"


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
