"""The message centre: the unread count on every page, the list, marking read — one's own only — and the API."""

import pytest
from django.urls import reverse

from core.testing import count_queries
from notices import actions
from notices.events import Kind
from notices.models import Notification


def send(user, n=1, **extra):
    rows = []
    for i in range(n):
        rows += actions.notify(recipients=[user], kind=Kind.URGED, title=f"消息{i}", url="/supervision/", **extra)
    return rows


def test_every_page_shows_the_unread_count(world, client_for):
    user = world.users["fengying"]
    send(user, 3)
    actions.mark_read(actor=user, notification_id=Notification.objects.filter(recipient=user).first().pk)
    send(world.users["anyang"], 5)
    page = client_for(user).get(reverse("home")).content.decode()
    assert 'data-unread="2"' in page and reverse("notices:list") in page


def test_the_list_is_the_users_own_newest_first_and_its_queries_do_not_grow(world, client_for):
    user = world.users["fengying"]
    send(user, 2)
    send(world.users["anyang"], 1)
    client = client_for(user)
    page = client.get(reverse("notices:list")).content.decode()
    assert page.index("消息1") < page.index("消息0") and page.count("data-notification=") == 2
    few = count_queries(lambda: client.get(reverse("notices:list")))
    send(user, 25)
    many = count_queries(lambda: client.get(reverse("notices:list")))
    assert many == few


def test_mark_read_and_mark_all_read(world, client_for):
    user = world.users["fengying"]
    first, *_rest = send(user, 3)
    client = client_for(user)
    response = client.post(reverse("notices:read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/supervision/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("notices:read-all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_nobody_can_mark_another_users_message(world, client_for):
    theirs = send(world.users["anyang"])[0]
    response = client_for(world.users["admin"]).post(reverse("notices:read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_same_reminder_is_not_sent_twice(world):
    user = world.users["fengying"]
    assert len(send(user, dedup_key="task:1:overdue")) == 1
    assert send(user, dedup_key="task:1:overdue") == []
    assert len(send(world.users["anyang"], dedup_key="task:1:overdue")) == 1


@pytest.mark.django_db
def test_the_api_lists_unread_first_and_marks_read(world, client, token_for):
    user = world.users["fengying"]
    old, new = send(user, 2)
    actions.mark_read(actor=user, notification_id=new.pk)
    send(world.users["anyang"])
    headers = token_for("fengying")
    body = client.get("/api/notifications", **headers).json()
    assert body["count"] == 2 and [i["id"] for i in body["items"]] == [old.pk, new.pk]
    assert body["items"][0]["read_at"] is None and body["items"][0]["kind_label"] == "催办"
    assert client.post(f"/api/notifications/{old.pk}/read", **headers).json()["read_at"] is not None
    assert client.get("/api/notifications?unread=true", **headers).json()["count"] == 0
    theirs = Notification.objects.get(recipient=world.users["anyang"])
    refused = client.post(f"/api/notifications/{theirs.pk}/read", **headers)
    assert refused.status_code == 404 and refused.json()["detail"]
    assert client.get("/api/notifications").status_code == 401


def test_opening_a_message_goes_only_to_a_page_of_this_site(world, client_for):
    user = world.users["fengying"]
    [odd] = actions.notify(recipients=[user], kind=Kind.URGED, title="外链", url="//evil.example/")
    response = client_for(user).post(reverse("notices:read", args=[odd.pk]), {"open": "1"})
    assert response["Location"] == reverse("notices:list")


def test_the_api_list_costs_the_same_for_many_messages(world, client, token_for):
    user = world.users["fengying"]
    headers = token_for("fengying")
    send(user, 2)
    client.get("/api/notifications", **headers)  # the token's first use stamps it (one more query)
    few = count_queries(lambda: client.get("/api/notifications", **headers))
    send(user, 40)
    many = count_queries(lambda: client.get("/api/notifications", **headers))
    assert many == few
