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
