import pytest
from django.db import transaction

from core.audit import history_for
from core.context import acting_as
from core.models import AuditEntry
from org import actions


def test_it_records_who_what_and_before_after(world):
    admin, person = world.users["admin"], world.people["fengying"]
    with acting_as(admin, client_ip="10.1.2.3") as ctx:
        actions.update_person(actor=admin, person=person, title="副主任", phone="13700000000")
    entry = history_for(person).get()
    assert entry.actor == admin
    assert entry.action == "update"
    assert entry.before["title"] == "主任" and entry.after["title"] == "副主任"
    assert entry.before["phone"] == "13912345678" and entry.after["phone"] == "13700000000"
    assert entry.request_id == ctx.request_id
    assert entry.client_ip == "10.1.2.3"
    assert entry.scope_path == world.units["hexie"].path
    assert [c[0] for c in entry.changes()] == ["title", "phone"]


def test_it_writes_nothing_when_nothing_changes(world):
    admin, person = world.users["admin"], world.people["fengying"]
    with acting_as(admin):
        actions.update_person(actor=admin, person=person, title="主任")
    assert not history_for(person).exists()


def test_a_rolled_back_write_leaves_no_entry(world):
    admin, person = world.users["admin"], world.people["fengying"]
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), acting_as(admin):
        actions.update_person(actor=admin, person=person, title="副主任")
        raise RuntimeError("the caller fails after the action")
    person.refresh_from_db()
    assert person.title == "主任"
    assert AuditEntry.objects.count() == before


def test_a_failed_validation_leaves_no_entry(world):
    from django.core.exceptions import ValidationError

    admin = world.users["admin"]
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError), acting_as(admin):
        actions.create_enterprise(actor=admin, unit=world.units["macun"], name="坏代码", credit_code="123")
    assert AuditEntry.objects.count() == before


def test_the_log_is_append_only(world):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.delete_person(actor=admin, person=world.people["anyang"])
    entry = AuditEntry.objects.get(action="delete")
    assert entry.before["name"] == "李四" and entry.after is None
    entry.verb = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(verb="tampered")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_passwords_never_enter_the_log(world):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.set_password(actor=admin, user=world.users["fengying"], password="New-Passw0rd-2026")
        user = actions.create_user(
            actor=admin, username="new", password="Another-Passw0rd-1", role=world.users["anyang"].role,
            unit=world.units["anyang"],
        )  # fmt: skip
    for entry in AuditEntry.objects.all():
        assert "password" not in (entry.after or {}) and "password" not in (entry.before or {})
    assert history_for(user).get().after["username"] == "new"


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(world):
    from core import audit

    with pytest.raises(RuntimeError, match="transaction"):
        audit.record(obj=world.people["fengying"], action="update")


def test_object_pages_show_their_history(world, client_for):
    admin, person = world.users["admin"], world.people["fengying"]
    client = client_for(admin)
    response = client.post(
        f"/org/people/{person.pk}/edit/",
        {"name": "张三", "title": "网格长", "unit": world.units["hexie"].pk, "phone": "13912345678", "is_active": "on"},
    )
    assert response.status_code == 302
    page = client.get(f"/org/people/{person.pk}/").content.decode()
    assert "变更记录" in page and "网格长" in page and "<del>主任</del>" in page
    entry = history_for(person).get()
    assert entry.actor == admin and entry.client_ip == "127.0.0.1" and entry.request_id


def test_the_audit_page_filters_and_exports(world, client_for):
    import io

    from openpyxl import load_workbook

    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_person(actor=admin, person=world.people["fengying"], title="副主任")
        actions.update_enterprise(actor=admin, enterprise=world.enterprises["anyang"], address="安阳城")
    client = client_for(admin)
    page = client.get("/system/audit/", {"q": "张三"}).content.decode()
    assert "张三" in page and "安阳城企业" not in page
    response = client.get("/system/audit/", {"q": "安阳城企业", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "操作")
    assert len(rows) == 2 and rows[1][6] == "安阳城企业" and "安阳城" in rows[1][8]


def test_the_audit_page_follows_data_scope(world, client_for):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_person(actor=admin, person=world.people["fengying"], title="副主任")
        actions.update_person(actor=admin, person=world.people["anyang"], title="副书记")
    macun_admin = world.users["macun_admin"]
    page = client_for(macun_admin).get("/system/audit/").content.decode()
    assert "张三" in page and "李四" in page
    # A street user has no audit permission at all.
    assert client_for(world.users["fengying"]).get("/system/audit/").status_code == 403
