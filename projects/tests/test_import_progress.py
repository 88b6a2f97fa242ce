"""A background import's commit shows how far it is while its transaction runs, and still writes all rows or none."""

import gc
import threading
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from core import actions, jobs, progress
from core.audit_chain import first_break
from core.context import acting_as
from core.models import AuditEntry, Job
from core.testing import xlsx
from projects import actions as project_actions
from projects import imports
from projects.actions import LEDGER_STAGES
from projects.models import AnnualPlan, Project

HEADERS = ["项目代码", "项目名称", "项目级别", "行业类别", "建设性质", "所属单位", "总投资(万元)", "计划年度",
           "年度计划投资（万元）"]  # fmt: skip


def ledger(count: int) -> bytes:
    rows = [
        [f"PG-{n:04}", f"进度测试项目{n}", "区重点", "工业", "新建", "冯营街道", 1000 + n, 2026, 100]
        for n in range(count)
    ]
    return xlsx(HEADERS, *rows)


def import_job(user, token: str = "x" * 16) -> Job:
    with acting_as(user):
        return actions.start_job(actor=user, kind="import", title="导入：项目台账",
                                 params={"path": "/projects/import/", "post": {}, "token": token})  # fmt: skip


def test_it_notes_each_stage_of_a_ledger_commit_with_its_counts(world, monkeypatch):
    user = world.users["macun_admin"]
    job = import_job(user)
    notes = []
    monkeypatch.setattr(progress, "NOTE_EVERY", 0)  # every count noted
    monkeypatch.setattr(progress, "CHUNK", 2)
    original = progress._Reporter.note

    def seen(self):
        original(self)
        notes.append(progress.read(job))

    monkeypatch.setattr(progress._Reporter, "note", seen)
    with acting_as(user), progress.reporting(job):
        done = imports.commit(user, ledger(5))
    assert done.count("create") == 5 and Project.objects.count() == 5
    stages = list(dict.fromkeys(n.stage for n in notes))
    assert stages == ["读取", "校验", "复核", "写入项目", "写入计划", "写入审计", "更新预警"]
    last = {n.stage: (n.done, n.total) for n in notes}
    assert last["校验"] == (5, 5) and last["写入项目"] == (5, 5) and last["写入计划"] == (5, 5)
    assert last["写入审计"] == (10, 10) and last["更新预警"] == (5, 5)  # a project and its plan each
    percents = [n.percent for n in notes]
    assert percents == sorted(percents) and percents[-1] == 99
    assert progress.read(job) is None  # removed when the job ended
    assert AuditEntry.objects.filter(content_type__model="project", action="create").count() == 5


def test_outside_a_job_the_commit_notes_nothing_and_writes_as_before(world, monkeypatch):
    def refuse(self):
        raise AssertionError("noted outside a job")

    monkeypatch.setattr(progress._Reporter, "note", refuse)
    user = world.users["macun_admin"]
    with acting_as(user):
        imports.commit(user, ledger(3))
    assert Project.objects.count() == 3 and AnnualPlan.objects.count() == 3


def test_a_note_that_cannot_be_written_does_not_stop_the_commit(world, monkeypatch):
    class Broken:
        def set(self, *args, **kwargs):
            raise OSError("no space left")

        def delete(self, *args, **kwargs):
            raise OSError("no space left")

    monkeypatch.setattr(progress, "_cache", lambda: Broken())
    user = world.users["macun_admin"]
    with acting_as(user), progress.reporting(import_job(user)):
        imports.commit(user, ledger(2))
    assert Project.objects.count() == 2


@pytest.fixture
def held(monkeypatch):
    """Pause a job's commit when it begins a stage: `held.at` the stage, `held.entered` once there,
    `held.release` to go on; `held.fail` raises there instead (after the note is written)."""

    class Held:
        at, fail = progress.WRITE_AUDIT, False
        entered, release = threading.Event(), threading.Event()
        in_transaction = None

    original = progress._Reporter.begin

    def begin(self, name, total, span):
        original(self, name, total, span)
        if name == Held.at:
            Held.in_transaction = connection.in_atomic_block
            Held.entered.set()
            if Held.fail:
                raise RuntimeError("the disk filled up")
            assert Held.release.wait(20)

    monkeypatch.setattr(progress._Reporter, "begin", begin)
    return Held


def _wait(job_id):
    for thread in threading.enumerate():
        if thread.name == f"quzhi-job-{job_id}":
            thread.join(20)
            assert not thread.is_alive()


def _confirm(client, rows: int):
    page = client.post("/projects/import/", {"file": _upload(ledger(rows))})
    assert page.status_code == 200, page.content.decode()
    return client.post("/projects/import/", {"token": page.context["token"]})


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("台账.xlsx", data)


@pytest.mark.django_db(transaction=True)
def test_it_shows_a_running_commit_on_the_job_page_from_outside_its_transaction(world, client_for, settings, held):
    settings.IMPORT_IN_BACKGROUND_BYTES, settings.QUZHI_JOBS_INLINE, settings.CELERY_BROKER_URL = 1, False, ""
    client = client_for(world.users["macun_admin"])
    response = _confirm(client, 3)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/system/jobs/{job.pk}/"
    assert held.entered.wait(20)  # the job's thread is inside the commit's transaction, paused
    try:
        assert held.in_transaction
        expiry = Session.objects.get().expire_date
        poll = client.get(response.url, headers={"HX-Request": "true"})
        html = poll.content.decode()
        assert poll.status_code == 200 and 'data-state="running"' in html and 'data-stage="写入审计"' in html
        start = LEDGER_STAGES[progress.WRITE_AUDIT][0]
        assert "写入审计（0 / 6）" in html and f'aria-valuenow="{start}"' in html and "hx-trigger" in html
        assert Session.objects.get().expire_date == expiry  # the poll wrote nothing (SQLite's lock is held)
        page = client.get(response.url)
        assert page.status_code == 200 and "写入审计" in page.content.decode()
    finally:
        held.release.set()
        _wait(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.message == "导入完成：新增 3 个，更新 0 个，未变 0 个。"
    assert Project.objects.filter(code__startswith="PG-").count() == 3
    assert progress.read(job) is None
    done = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="done"' in done and "data-stage" not in done and "100%" in done


def test_a_commit_that_fails_midway_writes_nothing_and_says_so(world, client_for, settings, held,
                                                               django_capture_on_commit_callbacks):  # fmt: skip
    settings.IMPORT_IN_BACKGROUND_BYTES = 1
    held.fail = True  # the projects and plans are written when the audit stage begins
    client = client_for(world.users["macun_admin"])
    audit_rows = AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(client, 4)
    job = Job.objects.get()
    assert held.entered.is_set()
    assert job.state == "failed" and "任务出错" in job.message
    assert not Project.objects.filter(code__startswith="PG-").exists() and not AnnualPlan.objects.exists()
    assert AuditEntry.objects.exclude(content_type__model="job").count() == audit_rows
    assert progress.read(job) is None
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="failed"' in page and "data-stage" not in page and "hx-trigger" not in page


def test_a_long_commit_is_not_taken_for_one_cut_off(world, client_for, settings, monkeypatch):
    """Its row is not touched while the commit runs; its note says it is alive."""
    settings.QUZHI_JOB_STALE_MINUTES = 30
    monkeypatch.setattr(progress, "NOTE_EVERY", 0)
    user = world.users["macun_admin"]
    running, dead = import_job(user), import_job(user)
    old = timezone.now() - timedelta(minutes=31)
    Job.objects.filter(pk__in=[running.pk, dead.pk]).update(state="running", updated_at=old)
    running.refresh_from_db()
    with progress.reporting(running):
        progress.stage(progress.WRITE_PROJECTS, total=10, span=(50, 70))
        progress.advance(5)
        page = client_for(user).get(f"/system/jobs/{dead.pk}/", headers={"HX-Request": "true"}).content.decode()
        assert 'data-state="failed"' in page and "任务中断" in page
        assert Job.objects.get(pk=running.pk).state == "running"
        page = client_for(user).get(f"/system/jobs/{running.pk}/", headers={"HX-Request": "true"}).content.decode()
        assert 'data-stage="写入项目"' in page and "（5 / 10）" in page and 'aria-valuenow="60"' in page
    assert jobs.is_stale(Job.objects.get(pk=running.pk))  # without its note, it would be


def test_a_finished_jobs_page_still_keeps_the_session_alive(world, client_for):
    user = world.users["macun_admin"]
    job = import_job(user)
    client = client_for(user)
    with acting_as(user):
        actions.finish_job(job=job, message="导入完成。")
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get(f"/system/jobs/{job.pk}/")
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=5)


def test_the_audit_rows_written_in_chunks_chain_as_one(world, monkeypatch):
    monkeypatch.setattr(progress, "CHUNK", 2)
    user = world.users["macun_admin"]
    with acting_as(user), progress.reporting(import_job(user)):
        imports.commit(user, ledger(7))
    count, broken = first_break(AuditEntry.objects.order_by("id").values())
    assert broken is None and count == AuditEntry.objects.count() >= 14


def test_the_commit_runs_with_the_garbage_collector_paused_and_resumes_it(world, monkeypatch):
    seen, original = [], project_actions.import_ledger

    def spy(**kwargs):
        seen.append(gc.isenabled())
        return original(**kwargs)

    monkeypatch.setattr(project_actions, "import_ledger", spy)
    user = world.users["macun_admin"]
    assert gc.isenabled()
    with acting_as(user):
        imports.commit(user, ledger(3))
        with pytest.raises(imports.ImportFailed):  # a unit that does not exist: refused
            imports.commit(
                user, xlsx(HEADERS, ["PG-0001", "进度测试项目1", "区重点", "工业", "新建", "不存在的街道", 1, 2026, 1])
            )
    assert seen == [False] and gc.isenabled()
    assert Project.objects.count() == 3
