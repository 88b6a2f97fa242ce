"""The left navigation is declared as data on each app's config and read in one place."""

from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from core import navigation

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_declares_its_section_on_its_config_and_the_order_holds():
    keys = [s.key for s in navigation.sections()]
    assert keys == ["org", "cockpit", "projects", "promotion", "indicators", "supervision", "cases", "ingest", "system"]
    labels = {s.key: str(s.label) for s in navigation.sections()}
    assert labels["cases"] == "惠企服务与微网格" and labels["system"] == "系统"  # the app's name unless it names one
    for config in apps.get_app_configs():
        # The project's own apps: a virtualenv inside the checkout holds installed apps too.
        if Path(config.path).parent != ROOT:
            continue
        source = (Path(config.path) / "apps.py").read_text(encoding="utf-8")
        assert "navigation.register" not in source, config.name
    for section in navigation.sections():
        for item in section.items:
            reverse(item.url_name)


@pytest.mark.django_db
def test_items_are_shown_by_the_method_or_the_function_they_name(world):
    admin, enterprise = world.users["admin"], world.users["enterprise"]
    items = {i.url_name: i for s in navigation.sections() for i in s.items}
    assert navigation.allowed(admin, items["core:holiday-list"])
    assert not navigation.allowed(world.users["macun_admin"], items["core:holiday-list"])
    assert navigation.allowed(admin, items["indicators:ranking"])
    assert not navigation.allowed(enterprise, items["indicators:ranking"])
    assert navigation.allowed(admin, items["org:user-list"]) and not navigation.allowed(
        enterprise, items["org:user-list"]
    )


@pytest.mark.django_db
def test_sections_are_shown_to_those_they_are_for(world):
    sections = {s.key: s for s in navigation.sections()}
    for key in ("projects", "indicators", "promotion", "supervision", "ingest"):
        assert navigation.section_allowed(world.users["leader"], sections[key])
        assert not navigation.section_allowed(world.users["grid"], sections[key])
        assert not navigation.section_allowed(world.users["enterprise"], sections[key])
    assert navigation.section_allowed(world.users["enterprise"], sections["cases"])
    items = {i.url_name: i for s in navigation.sections() for i in s.items}
    # The check the page applies: only a platform administrator changes the shared settings.
    for name in ("projects:settings", "promotion:chains", "supervision:settings", "cases:type-list"):
        assert navigation.allowed(world.users["admin"], items[name])
        assert not navigation.allowed(world.users["macun_admin"], items[name])
    assert navigation.allowed(world.users["enterprise"], items["cases:case-create"])
    assert not navigation.allowed(world.users["leader"], items["cases:case-create"])
    # A street reports no indicators: the entry page has no unit for it.
    assert not navigation.allowed(world.users["fengying"], items["indicators:entry"])
    assert navigation.allowed(world.users["macun_admin"], items["indicators:entry"])


@pytest.mark.django_db
def test_the_field_roles_get_a_bottom_bar_of_their_main_screens_and_others_none(world):
    """网格员, 企业用户 and 部门/乡镇用户 work from phones: the flagged items they may use, in order,
    at most four after the home page. A leader, an administrator or a read-only user gets none."""
    from django.test import RequestFactory

    from cases.testing import build_cases_world
    from core.context_processors import navigation_context

    build_cases_world(world)  # the grid worker on their grid

    def bar(user):
        request = RequestFactory().get("/")
        request.user = user
        return [i.url_name for i in navigation_context(request)["nav_bottom"]]

    assert bar(world.users["grid"])[:2] == ["cases:inbox", "cases:household-list"]
    assert bar(world.users["enterprise"]) == ["cases:case-create", "cases:case-list"]
    assert bar(world.users["fengying"]) == ["cases:inbox", "projects:report-entry", "cases:household-list",
                                             "cases:officer-list"]  # fmt: skip
    for name in ("leader", "admin", "macun_admin"):
        assert bar(world.users[name]) == [], name
    for section in navigation.sections():
        for item in section.items:
            assert not item.bottom or item.icon, item.url_name  # an entry of the bar has its icon


def test_it_asks_a_check_shared_by_several_items_once_per_page(rf, monkeypatch):
    from core.context_processors import navigation_context

    asked = []

    def check(user):
        asked.append(user)
        return True

    section = navigation.Section("bi-graph-up", items=[navigation.Item("甲", "home", check=check),
                                                       navigation.Item("乙", "home", check=check)])  # fmt: skip
    request = rf.get("/")
    request.user = type("User", (), {"is_authenticated": True, "role": None})()
    monkeypatch.setattr(navigation, "sections", lambda: [section])
    items = navigation_context(request)["nav_sections"][0]["items"]
    assert [str(i.label) for i in items] == ["甲", "乙"] and len(asked) == 1
