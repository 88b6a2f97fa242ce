from datetime import datetime

from django.db.models import F
from ninja import Router, Schema
from ninja.pagination import paginate

from core.api import ErrorOut, PageNumberPagination

from . import actions
from .models import Notification

router = Router(tags=["消息"])
ERRORS = {401: ErrorOut, 404: ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str
    object_label: str
    actor_name: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


@router.get("/notifications", response=list[NotificationOut], summary="我的消息（未读在前，新的在前）")
@paginate(PageNumberPagination)
def list_notifications(request, unread: bool = False):
    qs = Notification.objects.filter(recipient_id=request.user.pk)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")


@router.post("/notifications/{notification_id}/read", response={200: NotificationOut, **ERRORS}, summary="标为已读")
def read_notification(request, notification_id: int):
    return actions.mark_read(actor=request.user, notification_id=notification_id)


@router.post("/notifications/read-all", response={200: dict, 401: ErrorOut}, summary="全部标为已读")
def read_all(request):
    return {"marked": actions.mark_all_read(actor=request.user)}
