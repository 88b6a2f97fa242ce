from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse

from core import context, middleware


def test_it_gives_each_request_an_id(client, db):
    response = client.get("/login/")
    assert len(response["X-Request-ID"]) == 32
    other = client.get("/login/")
    assert other["X-Request-ID"] != response["X-Request-ID"]


def test_it_keeps_a_well_formed_incoming_request_id(client, db):
    response = client.get("/login/", HTTP_X_REQUEST_ID="abc-123-def-456")
    assert response["X-Request-ID"] == "abc-123-def-456"
    response = client.get("/login/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"


def test_it_serves_chinese_by_default_and_english_on_request(client, db):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert page["Content-Language"] == "zh-hans"
    assert "登录" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/")
    assert page["Content-Language"] == "en"
    assert "Log in" in page.content.decode()


def test_it_runs_what_a_request_leaves_for_after_it_once_its_session_is_saved(rf, db, monkeypatch):
    order = []
    save = SessionStore.save

    def saved(self, *args, **kwargs):
        order.append("session saved")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(SessionStore, "save", saved)

    def view(request):
        context.after_response(lambda: order.append("first"))
        context.after_response(lambda: 1 / 0)  # logged; the others still run, the response stands
        context.after_response(lambda: order.append("last"))
        request.session["seen"] = True
        order.append("view answered")
        return HttpResponse("ok")

    chain = middleware.RequestContextMiddleware(middleware.SessionMiddleware(view))
    response = chain(rf.get("/"))
    assert response.status_code == 200
    assert order[0] == "view answered" and order[-2:] == ["first", "last"]
    assert set(order[1:-2]) == {"session saved"}

    # Outside a request (a command, a job) it runs at once.
    context.after_response(lambda: order.append("now"))
    assert order[-1] == "now"


def test_a_saved_form_says_so_in_the_users_language(world, client_for):
    client = client_for(world.users["macun_admin"])
    person = world.people["anyang"]
    data = {"name": person.name, "title": "主任", "unit": person.unit_id, "phone": person.phone, "is_active": "on"}
    page = client.post(f"/org/people/{person.pk}/edit/", data, follow=True)
    assert "已保存。" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.post(f"/org/people/{person.pk}/edit/", {**data, "title": "书记"}, follow=True)
    assert "Saved." in page.content.decode() and "已保存。" not in page.content.decode()
