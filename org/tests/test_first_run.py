"""A new site: `quzhi setup` once, and the page that asks a superuser without a unit for the top unit."""

import io

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEntry
from org.models import Unit, User

PASSWORD = "Quzhi-first-run-2027"


@pytest.fixture
def setup_env(monkeypatch):
    monkeypatch.setenv("QUZHI_ADMIN_PASSWORD", PASSWORD)


def run_setup(**options):
    out = io.StringIO()
    call_command(
        "setup",
        **{
            "unit_name": "焦作市",
            "unit_code": "410800",
            "username": "chief",
            "password_env": "QUZHI_ADMIN_PASSWORD",
            "interactive": False,
            **options,
        },
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_setup_on_an_empty_database_makes_the_top_unit_and_the_first_administrator(setup_env):
    output = run_setup(name="王主任")
    assert "已初始化" in output and "焦作市" in output
    unit = Unit.objects.get()
    assert (unit.name, unit.code, unit.kind, unit.depth) == ("焦作市", "410800", "city", 1)
    admin = User.objects.get()
    assert admin.username == "chief" and admin.first_name == "王主任"
    assert admin.role.code == "platform_admin" and admin.unit == unit
    assert admin.check_password(PASSWORD)
    # Audited: the account, the unit, and the account placed in the unit, all by the administrator.
    rows = AuditEntry.objects.order_by("id")
    assert [(e.action, e.object_repr) for e in rows] == [
        ("create", "王主任"),
        ("create", "焦作市"),
        ("update", "王主任"),
    ]
    assert rows[1].actor == admin and rows[2].after["unit_id"] == unit.pk


@pytest.mark.django_db
def test_setup_refuses_to_run_twice(setup_env):
    run_setup()
    with pytest.raises(CommandError, match="只能在空数据库上执行一次"):
        run_setup(username="second", unit_name="新乡市", unit_code="410700")
    assert Unit.objects.count() == 1 and User.objects.count() == 1


@pytest.mark.django_db
def test_setup_refuses_after_createsuperuser_and_points_to_the_web_page(setup_env):
    User.objects.create_superuser("root", password=PASSWORD)
    with pytest.raises(CommandError, match="已经初始化"):
        run_setup()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"unit_code": "410804"}, "地市级六位代码"),  # a district's code
        ({"unit_code": "4108"}, "6位"),
        ({"unit_name": ""}, "--unit-name"),
        ({"password_env": None}, "--password-env"),
        ({"password_env": "QUZHI_UNSET_VARIABLE"}, "QUZHI_UNSET_VARIABLE"),
    ],
)
def test_setup_names_what_is_wrong_and_writes_nothing(setup_env, options, message):
    with pytest.raises(CommandError, match=message):
        run_setup(**options)
    assert not Unit.objects.exists() and not User.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_setup_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("QUZHI_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="密码不符合要求"):
        run_setup()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_superuser_without_a_unit_is_asked_for_the_top_unit(client_for):
    root = User.objects.create_superuser("root", password=PASSWORD)
    client = client_for(root)
    assert client.get("/").url == "/org/first-run/"
    assert client.get("/org/units/").url == "/org/first-run/"
    page = client.get("/org/first-run/").content.decode()
    assert "设置顶级单位" in page and "您的账号没有关联单位" not in page

    response = client.post("/org/first-run/", {"name": "焦作市", "code": "410804"})
    assert response.status_code == 200
    assert "地市级六位代码" in response.content.decode()
    assert not Unit.objects.exists()

    response = client.post("/org/first-run/", {"name": "焦作市", "code": "410800"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "已设置顶级单位“焦作市”" in response.content.decode()
    unit = Unit.objects.get()
    root.refresh_from_db()
    assert root.unit == unit and root.role.code == "platform_admin"
    assert AuditEntry.objects.filter(object_id=str(unit.pk), action="create", actor=root).exists()
    # Set up: the page is not offered again.
    assert client.get("/org/first-run/").url == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_only_a_platform_administrator_may_create_the_top_unit(client_for):
    from org.models import Role

    user = User.objects.create_user("someone", password=PASSWORD, role=Role.objects.get(code="read_only"))
    client = client_for(user)
    assert client.get("/").status_code == 200  # no first-run page for them
    assert client.post("/org/first-run/", {"name": "焦作市", "code": "410800"}).status_code == 403
    assert not Unit.objects.exists()


def test_the_first_run_page_is_not_shown_once_units_exist(world, client_for):
    client = client_for(world.users["admin"])
    assert client.get("/").status_code == 200
    assert client.get("/org/first-run/").url == "/"


@pytest.mark.django_db
def test_setup_asks_for_what_is_missing_and_asks_again_after_a_mistake(monkeypatch):
    answers = iter(["焦作市", "410804", "410800", "chief"])  # a district's code first: asked again
    passwords = iter(["Quzhi-first-run-2027", "Quzhi-typo-2027", "Quzhi-first-run-2027", "Quzhi-first-run-2027"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    err = io.StringIO()
    call_command("setup", stdout=io.StringIO(), stderr=err)
    assert "地市级六位代码" in err.getvalue() and "两次输入的密码不一致" in err.getvalue()
    admin = User.objects.get(username="chief")
    assert admin.unit.code == "410800" and admin.check_password(PASSWORD)
