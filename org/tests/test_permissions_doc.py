"""The links each model declares are the ones docs/permissions.md tabulates."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from core.scope import links_of


def test_it_documents_every_declared_link():
    table = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text(encoding="utf-8")
    declared = [m for m in apps.get_models() if "scope_links" in m.__dict__]
    assert {m.__name__ for m in declared} >= {"Project", "SupervisedTask", "Case", "Value", "Lead", "SupportBid"}
    for model in declared:
        for link in links_of(model):
            assert link.label and f"| {link.label}" in table, f"{model.__name__}: {link.label}"
