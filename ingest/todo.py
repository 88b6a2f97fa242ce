"""Facts extracted from documents that wait for a reviewer, on the home page."""

from datetime import date

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.home import Todo, TodoGroup

from . import queries
from .choices import CandidateState


def groups(user, *, as_of: date, limit: int) -> list[TodoGroup]:
    if not user.can_review():
        return []
    pending = queries.visible_candidates(user).filter(state=CandidateState.PENDING)
    return [
        TodoGroup.of(
            "fact_review",
            _("待审核的摘录事实"),
            pending.select_related("document").order_by("document_id", "pk"),
            limit=limit,
            todo=lambda c: Todo(
                "fact_review",
                Truncator(str(c)).chars(60),
                c.get_absolute_url(),
                note=c.document.title or c.document.name,
            ),
            url=reverse("ingest:queue"),
            icon="file-earmark-check",
        )
    ]
