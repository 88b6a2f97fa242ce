"""The daily run's reminder of facts waiting for review (notices.sweeps): once a day, for each
document with pending facts, to the reviewers who may review them — users with a reviewing role in
the document's unit or a unit above it whose data scope holds the document."""

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core import scope
from org.models import Unit

from .choices import CandidateState
from .models import Document


def may_review(user):
    """The documents whose facts `user` may review (none for a user without a reviewing role)."""
    if not user.can_review():
        return Document.objects.none()
    return scope.restrict(Document.objects.all(), user, scope.Grant.REVIEW)


def reminders(as_of: date):
    from notices.events import Kind
    from notices.sweeps import Reminder

    pending = Count("candidates", filter=Q(candidates__state=CandidateState.PENDING))
    documents = (
        Document.objects.filter(is_sample=False)
        .annotate(pending=pending)
        .filter(pending__gt=0)
        .select_related("unit")
        .order_by("pk")
    )
    for document in documents:
        if document.unit is None:  # no unit: only those who see all (platform administrators)
            units = tuple(Unit.objects.filter(depth=1))
        else:
            units = tuple(Unit.objects.filter(path__in=Unit.paths_above(document.unit.path)))
        facts = {"n": document.pending, "d": document}
        yield Reminder(
            kind=Kind.FACTS_TO_REVIEW,
            obj=document,
            units=units,
            title=_("%(n)s 条摘录事实待审核：%(d)s") % facts,
            body=_("文稿《%(d)s》中有 %(n)s 条摘录事实等待审核。") % facts,
            url=document.get_absolute_url(),
            dedup_key=f"ingest.review:{document.pk}:{as_of}",
            visible=may_review,
        )
