"""`GET /api/todo`: what waits on the caller, the same items as the home page's 待办."""

from datetime import date

from ninja import Router, Schema

from .home import todo_items

router = Router(tags=["待办"])

# At most this many items in one answer; `count` is always the full number.
MAX_ITEMS = 200


class TodoOut(Schema):
    kind: str
    title: str
    url: str
    due: date | None
    colour: str
    note: str
    days_left: int | None


class TodoListOut(Schema):
    items: list[TodoOut]
    count: int


@router.get("/todo", response=TodoListOut, summary="我的待办")
def todo(request):
    """Reports to fill or returned, reports to review, 督办 tasks, cases in the inbox, facts to review
    and bids to submit — most urgent first. `due` is the deadline, `days_left` the working days left
    (negative once past it), `colour` red, yellow, blue or empty."""
    items, count = todo_items(request.user, limit=MAX_ITEMS)
    return {"items": items[:MAX_ITEMS], "count": count}
