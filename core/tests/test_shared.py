"""Shared steps live in core once; the apps use them instead of their own copies."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core import actions as base
from core.views import ActionFormView, FormUserMixin

ROOT = Path(__file__).resolve().parents[2]
APPS = ["org", "projects", "indicators", "promotion", "supervision", "cases", "ingest"]


def test_only_passes_allowed_changes_and_names_the_others():
    assert base.only({"name": "甲"}, ("name", "unit")) == {"name": "甲"}
    with pytest.raises(ValidationError) as exc:
        base.only({"name": "甲", "scope_path": "x", "id": 3}, ("name",))
    assert "id、scope_path" in exc.value.messages[0]


def test_the_form_of_an_action_view_gets_the_user_and_the_edited_object():
    from org.forms import UnitForm
    from org.models import Unit

    class View(FormUserMixin, ActionFormView):
        form_class = UnitForm

    request = RequestFactory().get("/")
    request.user = object()
    view = View()
    view.setup(request)
    view.object = Unit(name="马村区")
    kwargs = view.get_form_kwargs()
    assert kwargs["user"] is request.user and kwargs["instance"] is view.object


def test_no_app_keeps_its_own_copy_of_a_shared_step():
    copies = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if re.search(r"^def _only\(", text, re.M):
                copies.append(f"{path.relative_to(ROOT)}: _only")
            if re.search(r"get_form_kwargs\(\), \"user\": self\.request\.user", text):
                copies.append(f"{path.relative_to(ROOT)}: get_form_kwargs adding the user")
    assert copies == []
