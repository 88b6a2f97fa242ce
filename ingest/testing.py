"""Ingested articles for tests of ingest and of the apps that read its facts."""

from core.context import acting_as
from indicators.catalogue import ensure
from indicators.models import Indicator, ValidationRule

from . import actions, queries


def ingest(world, text: str, *, unit: str):
    """`text` ingested as page.txt for `unit` by the platform administrator, with the indicator
    catalogue in place: (document, created)."""
    ensure(Indicator, ValidationRule)
    admin = world.users["admin"]
    with acting_as(admin):
        return actions.ingest_document(
            actor=admin, name="page.txt", text=text, extractor=queries.extractor(), unit=world.units[unit]
        )
