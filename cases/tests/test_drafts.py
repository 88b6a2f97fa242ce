"""Records written on a phone and sent later (core.drafts): a visit or a case note sent twice is
saved once and the second send answers with the first; another user's draft key is refused; a note
the case has moved past is a conflict (409) and nothing is written; a visit keeps its photo, the
time the phone recorded it and where it was, and the photo is shown only to those who see the household."""

import io
import json
import uuid
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases import actions
from cases.models import Case, CaseEvent, Visit
from core.context import acting_as
from core.webapp import PRECACHE

DRAFT = {"HTTP_X_QUZHI_DRAFT": "1"}


@pytest.fixture
def household(world, types):
    grid = world.users["grid"]
    with acting_as(grid):
        return actions.create_household(actor=grid, grid=world.units["grid"], name="李桂英", phone="13800001234",
                                        address="和谐社区3号楼", category="alone")  # fmt: skip


@pytest.fixture
def handling(world, types):
    """An enterprise's case dispatched to 冯营街道 and signed: its user may add notes."""
    enterprise, admin, street = world.users["enterprise"], world.users["macun_admin"], world.users["fengying"]
    with acting_as(enterprise):
        case = actions.submit_case(actor=enterprise, case_type=types["enterprise"], title="用电增容", content="需增容",
                                   enterprise=world.enterprises["fengying"], on=date(2026, 3, 2))  # fmt: skip
    with acting_as(admin):
        actions.dispatch(actor=admin, case=case, handler_unit=world.units["fengying"], on=date(2026, 3, 2))
    with acting_as(street):
        actions.sign(actor=street, case=case, on=date(2026, 3, 3))
    return Case.objects.get(pk=case.pk)


def _jpeg(size=(1600, 1200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("camera.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_visit_sent_twice_is_saved_once_and_a_stranger_may_not_use_its_key(world, household, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grid, key = world.users["grid"], uuid.uuid4()
    with acting_as(grid):
        first = actions.record_visit(actor=grid, household=household, note="独居，行动不便", draft_key=key,
                                     latitude=35.239, longitude=113.241, accuracy=12, photo=_jpeg())  # fmt: skip
        again = actions.record_visit(actor=grid, household=household, note="独居，行动不便", draft_key=key)
    assert again.pk == first.pk and Visit.objects.filter(household=household).count() == 1
    assert first.photo.name.startswith(f"visits/{household.pk}/") and first.thumbnail
    admin = world.users["macun_admin"]
    with acting_as(admin), pytest.raises(PermissionDenied):
        actions.record_visit(actor=admin, household=household, note="另一条", draft_key=key)
    with acting_as(grid), pytest.raises(ValidationError) as error:
        actions.record_visit(actor=grid, household=household, note="只有纬度", latitude=35.2)
    assert "latitude" in error.value.message_dict


def test_the_visit_page_answers_a_draft_in_json_once_and_a_replay_with_the_first(
    world, household, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.users["grid"])
    key = str(uuid.uuid4())
    url = household.get_absolute_url()
    data = {"note": "老人身体良好", "draft_key": key, "recorded_at": "2026-03-03T01:30:00Z", "latitude": "35.239",
            "longitude": "113.241", "accuracy": "15"}  # fmt: skip
    first = client.post(url, {**data, "photo": _jpeg()}, **DRAFT)
    assert first.status_code == 200 and first.json() == {"ok": True, "url": url}
    replay = client.post(url, data, **DRAFT)
    assert replay.status_code == 200 and replay.json()["ok"]
    visit = Visit.objects.get(household=household)
    assert str(visit.draft_key) == key and visit.recorded_at.isoformat() == "2026-03-03T01:30:00+00:00"
    assert (str(visit.latitude), str(visit.longitude), visit.accuracy) == ("35.239000", "113.241000", 15)
    empty = client.post(url, {"note": "", "draft_key": str(uuid.uuid4())}, **DRAFT)
    assert empty.status_code == 400 and "走访情况" in empty.json()["error"]
    # The photo, for those who see the household; not for another grid's worker.
    assert client.get(f"/cases/visits/{visit.pk}/photo/thumb/").status_code == 200
    assert client_for(world.users["other_grid"]).get(f"/cases/visits/{visit.pk}/photo/full/").status_code == 404


def test_a_note_the_case_moved_past_is_a_conflict_and_a_replayed_note_is_saved_once(world, handling, client_for):
    client = client_for(world.users["fengying"])
    url = f"/cases/{handling.pk}/note/"
    key = str(uuid.uuid4())
    note = {"note": "已对接供电公司", "draft_key": key, "seen_state": "handling"}
    assert client.post(url, note, **DRAFT).json()["ok"]
    assert client.post(url, note, **DRAFT).json()["ok"]
    assert CaseEvent.objects.filter(case=handling, action="note").count() == 1
    assert str(CaseEvent.objects.get(case=handling, action="note").draft_key) == key

    stale = client.post(
        url, {"note": "写于签收前", "draft_key": str(uuid.uuid4()), "seen_state": "dispatched"}, **DRAFT
    )
    assert stale.status_code == 409 and "待签收" in stale.json()["conflict"] and "办理中" in stale.json()["conflict"]
    assert stale.json()["final"] is False  # the case still takes notes: the phone may send it anyway
    with acting_as(world.users["fengying"]):
        actions.reply(actor=world.users["fengying"], case=handling, result="已增容")
    moved = client.post(url, {"note": "晚到的记录", "draft_key": str(uuid.uuid4())}, **DRAFT)
    assert moved.status_code == 409 and "待回访" in moved.json()["conflict"]
    assert moved.json()["final"] is True  # an answered case takes no notes: sending again cannot help
    assert CaseEvent.objects.filter(case=handling, action="note").count() == 1
    # Without the draft header the page works as before: back to the case, with the message.
    page = client.post(url, {"note": "桌面上写的"})
    assert page.status_code == 302


def test_the_web_app_manifest_and_service_worker(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and client.head("/sw.js").status_code == 200
    assert worker["Content-Type"].startswith("text/javascript") and worker["Service-Worker-Allowed"] == "/"
    assert "worker-src 'self'" in worker["Content-Security-Policy"]
    body = worker.content.decode()
    assert "/static/css/quzhi.css" in body and "/static/offline.html" in body
    assert "http://" not in body and "https://" not in body  # the site's own files only, no CDN
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_names_the_hashed_files_of_production(client, settings, tmp_path):
    # Production serves static files under their content's hash, from collectstatic's manifest.
    names = {name: name.replace(".", ".0123abcd.", 1) if "." in name else name for name in PRECACHE}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": names, "version": "1.1"}))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}  # fmt: skip
    settings.DEBUG = False
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    body = worker.content.decode()
    assert '"/static/"' in body  # the prefix the worker keeps
    assert "/static/css/quzhi.0123abcd.css" in body and "/static/offline.0123abcd.html" in body
