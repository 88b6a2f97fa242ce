"""上争 bids on the home page: those still being prepared (谋划包装), waiting to be submitted."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from core import scope
from core.home import Todo, TodoGroup

from . import queries
from .choices import BidState


def groups(user, *, as_of: date, limit: int) -> list[TodoGroup]:
    if not scope.can_write(user) or not scope.oversees_units(user):
        return []
    prepared = queries.visible_bids(user).filter(state=BidState.PREPARED).select_related("unit")
    return [
        TodoGroup.of(
            "bid_prepared",
            _("待申报的上争事项"),
            prepared.order_by("prepared_on", "pk"),
            limit=limit,
            todo=lambda b: Todo("bid_prepared", b.title, b.get_absolute_url(), note=b.unit.name),
            url=reverse("promotion:bid-list"),
            icon="send-check",
        )
    ]
