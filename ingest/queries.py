"""Reads of ingestion: the extractor built from the live catalogue, the review queue, matches."""

from django.db.models import Count

from core import scope
from indicators.models import Indicator
from projects.models import Project

from . import matching
from .choices import REVIEWED_TYPES, CandidateState
from .extract import Extractor, IndicatorEntry
from .models import Candidate, Document


def catalogue_entries() -> list[IndicatorEntry]:
    """The catalogue's names and aliases as the administrator keeps them; shares (%) are structure
    figures, not indicators with a level and a growth rate, so they are left to the percent facts."""
    rows = Indicator.objects.filter(is_active=True).exclude(unit="%").values_list("name", "aliases")
    return [IndicatorEntry(name, tuple(aliases or ())) for name, aliases in rows]


def extractor() -> Extractor:
    return Extractor(catalogue_entries())


def visible_documents(user):
    return scope.restrict(Document.objects.all(), user)


def visible_candidates(user):
    return scope.restrict(Candidate.objects.all(), user)


def to_review(document) -> int:
    """The facts of `document` waiting for review, as its page and the queue list them."""
    return document.candidates.filter(state=CandidateState.PENDING, type__in=REVIEWED_TYPES).count()


def queue_counts(user) -> dict[str, int]:
    """Facts waiting for review, by type."""
    rows = visible_candidates(user).filter(state=CandidateState.PENDING).values("type").annotate(n=Count("pk"))
    return {r["type"]: r["n"] for r in rows.order_by()}


def project_matches(user, name: str) -> list[tuple[Project, float]]:
    """Ledger projects the user may see whose names are close to `name`, best first."""
    ledger = list(scope.restrict(Project.objects.all(), user).values_list("pk", "name"))
    found = matching.best_matches(name, ledger)
    projects = Project.objects.in_bulk([m.key for m in found])
    return [(projects[m.key], m.score) for m in found]
