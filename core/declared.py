"""What the installed apps declare on their AppConfig as data: a function, or a list of them, each
the function itself or its dotted path (imported on use, since apps.py loads before the models)."""

from collections.abc import Callable

from django.apps import apps
from django.utils.module_loading import import_string


def declared(attribute: str) -> list[Callable]:
    """The functions every app names in `attribute`, in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        for path in [value] if isinstance(value, str) else value or []:
            found.append(import_string(path) if isinstance(path, str) else path)
    return found
