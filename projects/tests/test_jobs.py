"""Large exports and imports' commits as background jobs: progress page, download, owner only."""

import io
import threading
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core import actions, jobs
from core.context import acting_as
from core.models import AuditEntry, Job
from projects.models import MonthlyReport, Project
from projects.tests.test_report_mapping import office_report


def test_a_large_export_runs_as_a_job_and_only_its_owner_downloads_it(world, projects, client_for, settings,
                                                                     django_capture_on_commit_callbacks):  # fmt: skip
    settings.EXPORT_IN_BACKGROUND_ROWS = 1
    owner = client_for(world.users["macun_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.get("/projects/?export=xlsx&name=")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/system/jobs/{job.pk}/"
    assert (job.kind, job.state, job.total, job.progress) == ("export", "done", 2, 2)
    page = owner.get(response.url)
    assert "已导出 2 行" in page.content.decode() and f"/system/jobs/{job.pk}/download/" in page.content.decode()
    status = owner.get(response.url, headers={"HX-Request": "true"})
    assert 'data-state="done"' in status.content.decode() and "hx-trigger" not in status.content.decode()
    download = owner.get(f"/system/jobs/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 3 and {sheet.cell(r, 2).value for r in (2, 3)} == {p.name for p in projects.values()}
    assert AuditEntry.objects.filter(action="export", actor=world.users["macun_admin"]).count() == 1
    # Anyone else: the job does not exist for them.
    other = client_for(world.users["fengying"])
    assert other.get(response.url).status_code == 404
    assert other.get(f"/system/jobs/{job.pk}/download/").status_code == 404


def test_an_import_commit_runs_as_a_job_all_rows_or_none(world, projects, client_for, settings,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    settings.IMPORT_IN_BACKGROUND_BYTES = 1
    client = client_for(world.users["fengying"])
    mapping = {"投资完成情况/5月完成": "monthly_investment", "投资完成情况/1-5月完成投资": "ytd_investment",
               "目前进展": "progress", "备注": ""}  # fmt: skip
    form = {"map-name": list(mapping), "map-field": list(mapping.values())}
    page = client.post("/projects/reports/import/", {"file": office_report(5, [("生物医药产业园", 8, 62, "封顶")])})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/projects/reports/import/", {"token": page.context["token"], **form})
    job = Job.objects.get()
    assert response.url == f"/system/jobs/{job.pk}/"
    assert (job.kind, job.state, job.message) == ("import", "done", "已导入 1 份月度报告（草稿）。")
    assert job.title == "导入月度报告"  # the page's title, not «导入：导入月度报告»
    assert MonthlyReport.objects.get().progress == "封顶"

    # Submitted meanwhile: the job's commit is refused as a whole, and says why.
    MonthlyReport.objects.update(state="submitted")
    page = client.post("/projects/reports/import/", {"file": office_report(6, [("生物医药产业园", 9, 71, "装修")])})
    MonthlyReport.objects.create(project=projects["fengying"], year=2026, month=6, state="approved")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/projects/reports/import/", {"token": page.context["token"], **form})
    failed = Job.objects.exclude(pk=job.pk).get()
    assert failed.state == "failed" and "未写入任何数据" in failed.message and "不能修改" in failed.message
    assert MonthlyReport.objects.filter(month=6).get().progress == ""
    assert Project.objects.count() == 2


def _wait(job_id):
    """The job's thread ended (it may have ended already)."""
    for thread in threading.enumerate():
        if thread.name == f"quzhi-job-{job_id}":
            thread.join(10)
            assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_without_celery_the_request_answers_first_and_a_thread_runs_the_job(world, projects, client_for, settings,
                                                                            monkeypatch):  # fmt: skip
    settings.EXPORT_IN_BACKGROUND_ROWS, settings.QUZHI_JOBS_INLINE, settings.CELERY_BROKER_URL = 1, False, ""
    release, original = threading.Event(), jobs.run

    def held(job_id):  # the job waits until the test has seen the request answer
        assert release.wait(10)
        original(job_id)

    monkeypatch.setattr(jobs, "run", held)
    owner = client_for(world.users["macun_admin"])
    response = owner.get("/projects/?export=xlsx&name=")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/system/jobs/{job.pk}/"
    assert job.state == "pending" and not job.result  # answered before the job ran
    release.set()
    _wait(job.pk)
    job.refresh_from_db()
    assert (job.state, job.progress, job.message) == ("done", 2, "已导出 2 行。")
    sheet = load_workbook(io.BytesIO(b"".join(owner.get(f"/system/jobs/{job.pk}/download/").streaming_content)))
    assert sheet.active.max_row == 3
    assert AuditEntry.objects.get(action="export").actor == world.users["macun_admin"]

    # Whatever breaks in the thread, even outside the job's own handling, the job ends failed.
    release.clear()

    def broken(job_id):
        assert release.wait(10)
        raise RuntimeError("database gone")

    monkeypatch.setattr(jobs, "run", broken)
    owner.get("/projects/?export=xlsx&name=")
    failed = Job.objects.exclude(pk=job.pk).get()
    release.set()
    _wait(failed.pk)
    failed.refresh_from_db()
    assert failed.state == "failed" and "任务出错" in failed.message


@pytest.mark.django_db(transaction=True)
def test_the_jobs_thread_starts_once_the_request_has_saved_its_session(world, projects, client_for, settings,
                                                                       monkeypatch):  # fmt: skip
    # On SQLite the job's first write would otherwise race the request's session save for the lock.
    from django.contrib.sessions.backends.db import SessionStore

    settings.EXPORT_IN_BACKGROUND_ROWS, settings.QUZHI_JOBS_INLINE, settings.CELERY_BROKER_URL = 1, False, ""
    order, save = [], SessionStore.save

    def saved(self, *args, **kwargs):
        order.append("session saved")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(SessionStore, "save", saved)

    class Recorded(threading.Thread):
        def start(self):
            order.append("job started")
            super().start()

    monkeypatch.setattr(jobs.threading, "Thread", Recorded)
    owner = client_for(world.users["macun_admin"])
    order.clear()
    owner.get("/projects/?export=xlsx&name=")
    job = Job.objects.get()
    _wait(job.pk)
    assert order[-1] == "job started" and set(order[:-1]) == {"session saved"}
    assert Job.objects.get(pk=job.pk).state == "done"


def test_a_job_cut_off_by_a_restart_is_failed_when_its_page_is_opened(world, client_for, settings):
    settings.QUZHI_JOB_STALE_MINUTES = 30
    user = world.users["macun_admin"]
    with acting_as(user):
        old = actions.start_job(actor=user, kind="export", title="导出：项目台账", params={"path": "/projects/"})
        fresh = actions.start_job(actor=user, kind="export", title="导出：项目台账", params={"path": "/projects/"})
    Job.objects.filter(pk=old.pk).update(state="running", updated_at=timezone.now() - timedelta(minutes=31))
    Job.objects.filter(pk=fresh.pk).update(state="running", updated_at=timezone.now() - timedelta(minutes=29))
    page = client_for(user).get(f"/system/jobs/{old.pk}/", headers={"HX-Request": "true"})
    assert 'data-state="failed"' in page.content.decode() and "任务中断" in page.content.decode()
    assert Job.objects.get(pk=fresh.pk).state == "running"  # still within its time
    assert AuditEntry.objects.filter(verb="后台任务中断").count() == 1


def test_an_export_job_reads_its_rows_in_chunks_in_the_lists_order(world, projects):
    for ordering in ("name", "-name"):
        queryset = Project.objects.select_related("unit").order_by(ordering)
        assert list(jobs._chunked(queryset, size=1)) == list(queryset)
