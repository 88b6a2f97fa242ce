"""Login, lockout after 5 failures for 15 minutes, logout, password change, session timeout."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.utils import timezone

from core.models import AuditEntry
from org.testing import PASSWORD


def login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_it_logs_in_and_out_and_audits_the_login(world, client):
    response = login(client, "fengying", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="login", actor=world.users["fengying"]).count() == 1
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_it_locks_the_account_after_five_failures_for_fifteen_minutes(world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            response = login(client, "fengying", "wrong")
            assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
        response = login(client, "fengying", "wrong")
        assert response.status_code == 429
        # Locked: even the right password is refused, from any client.
        response = login(client, "fengying", PASSWORD)
        assert response.status_code == 429 and "锁定" in response.content.decode()
        # Other accounts are not affected.
        assert login(client, "anyang", PASSWORD).status_code == 302
        client.post("/logout/")
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert login(client, "fengying", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert login(client, "fengying", PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(world, client):
    for _ in range(4):
        login(client, "fengying", "wrong")
    assert login(client, "fengying", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        assert login(client, "fengying", "wrong").status_code == 200
    assert login(client, "fengying", PASSWORD).status_code == 302


def test_sessions_expire_when_idle():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_an_idle_session_is_logged_out(world, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, "fengying", PASSWORD)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200  # each request renews the idle timer
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        assert client.get("/").status_code == 302


def test_password_change_applies_the_rules(world, client):
    login(client, "fengying", PASSWORD)
    weak = {"old_password": PASSWORD, "new_password1": "abcdefghij", "new_password2": "abcdefghij"}
    response = client.post("/org/account/password/", weak)
    assert response.status_code == 200 and "至少 3 类" in response.content.decode()
    good = {"old_password": PASSWORD, "new_password1": "Better-Passw0rd", "new_password2": "Better-Passw0rd"}
    assert client.post("/org/account/password/", good).status_code == 302
    assert client.get("/").status_code == 200  # still logged in after the change
    user = world.users["fengying"]
    user.refresh_from_db()
    assert user.check_password("Better-Passw0rd")
    assert AuditEntry.objects.filter(verb="修改密码", object_id=str(user.pk)).exists()


def test_an_administrator_can_lift_a_lock(world, client, client_for):
    for _ in range(5):
        login(client, "fengying", "wrong")
    assert login(client, "fengying", PASSWORD).status_code == 429
    admin_client = client_for(world.users["macun_admin"])
    page = admin_client.get(f"/org/users/{world.users['fengying'].pk}/").content.decode()
    assert "解除锁定" in page
    admin_client.post(f"/org/users/{world.users['fengying'].pk}/unlock/")
    admin_client.post("/logout/")
    assert login(client, "fengying", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(verb="解除登录锁定").count() == 1
