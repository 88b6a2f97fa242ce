import io

from django.core.management import call_command

from core.models import AuditEntry
from org.choices import RoleCode
from org.models import Enterprise, PeerGroup, Unit, User


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_jiaozuo_and_is_idempotent(db):
    output = run_demo()
    counts = (Unit.objects.count(), Enterprise.objects.count(), User.objects.count(), AuditEntry.objects.count())
    assert run_demo()
    assert (
        Unit.objects.count(),
        Enterprise.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
    ) == counts

    city = Unit.objects.get(depth=1)
    assert (city.name, city.code) == ("焦作市", "410800")
    assert Unit.objects.get(name="马村区").code == "410804"
    zone = Unit.objects.get(name="焦作城乡一体化示范区")
    assert zone.kind == "zone" and zone.short_name == "示范区"
    for street in ("安阳城街道", "冯营街道"):
        assert Unit.objects.get(name=street).path.startswith(Unit.objects.get(name="马村区").path)
    assert set(PeerGroup.objects.get(name="城区组").members.values_list("name", flat=True)) >= {"马村区"}
    assert Enterprise.objects.filter(name__contains="千业新材料").exists()

    # One demo user per role, each printed with the password.
    assert set(User.objects.values_list("role__code", flat=True)) == set(RoleCode.values)
    for username in User.objects.values_list("username", flat=True):
        assert username in output
    assert "Quzhi@2026demo" in output
    assert User.objects.get(username="admin").check_password("Quzhi@2026demo")


def test_every_demo_write_is_audited(db):
    run_demo()
    assert AuditEntry.objects.filter(content_type__model="unit", action="create").count() == Unit.objects.count()
    assert AuditEntry.objects.filter(content_type__model="enterprise", action="create").count() == (
        Enterprise.objects.count()
    )
