"""A scoped model states how it hangs on the org tree once, in `scope_path_field`."""

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from core.models import ScopedModel


def scoped_models():
    return [m for m in apps.get_models() if getattr(m, "scope_path_field", None)]


def test_every_scoped_model_derives_its_path_from_the_lookup_or_stores_it():
    for model in scoped_models():
        try:
            stored = model._meta.get_field("scope_path").concrete
        except FieldDoesNotExist:
            stored = False
        if stored:
            continue  # the path is a column of the row itself (audit entries, cases, check-ins)
        if model._meta.label == "cases.CaseEvent":
            continue  # reached through its case only
        assert issubclass(model, ScopedModel), model._meta.label
        assert "scope_path" not in vars(model), f"{model._meta.label} restates scope_path"


@pytest.mark.django_db
def test_the_derived_path_is_the_one_the_scope_filters_on(world):
    checked = 0
    for model in scoped_models():
        if not issubclass(model, ScopedModel):
            continue
        for obj, path in zip(
            model._default_manager.order_by("pk"),
            model._default_manager.order_by("pk").values_list(model.scope_path_field, flat=True),
            strict=True,
        ):
            assert obj.scope_path == (path or ""), (model._meta.label, obj.pk)
            checked += 1
    assert checked >= len(world.units) + len(world.users)


def test_an_unset_optional_link_gives_an_empty_path():
    from ingest.models import Document
    from org.models import User

    assert Document(name="公报").scope_path == ""
    assert User(username="nobody").scope_path == ""
