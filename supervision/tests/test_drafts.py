"""A progress note written on a phone and sent later (core.drafts): sent twice it is saved once, and
one sent after the task was closed is a conflict (409) the phone keeps."""

import uuid

from django.urls import reverse

from core.context import acting_as
from supervision import actions
from supervision.models import TaskUpdate

DRAFT = {"HTTP_X_QUZHI_DRAFT": "1"}


def test_a_progress_note_sent_twice_is_saved_once_and_one_after_closing_is_a_conflict(world, tasks, client_for):
    task, user = tasks["fengying"], world.users["fengying"]
    client = client_for(user)
    url = reverse("supervision:task-step", args=[task.pk, "progress"])
    note = {"note": "已上报市局", "progress_pct": "60", "draft_key": str(uuid.uuid4())}
    assert client.post(url, note, **DRAFT).json() == {"ok": True, "url": task.get_absolute_url()}
    assert client.post(url, note, **DRAFT).json()["ok"]
    assert TaskUpdate.objects.filter(task=task, note="已上报市局").count() == 1
    # Another user's key is refused, not answered with the first user's note.
    other = client_for(world.users["macun_admin"]).post(url, note, **DRAFT)
    assert other.status_code == 403
    with acting_as(user):
        actions.complete_task(actor=user, task=task, note="已获批复")
    late = client_for(user).post(url, {"note": "晚到的进展", "draft_key": str(uuid.uuid4())}, **DRAFT)
    assert late.status_code == 409 and "重新打开" in late.json()["conflict"]
    assert not TaskUpdate.objects.filter(note="晚到的进展").exists()
