"""Large exports and imports' commits as background jobs, so no web worker waits for them.

A page records a `Job` (core.actions.start_job) and answers at once with the job's page, which
polls the job's progress (htmx) and offers its file when done. The job runs once its row is
committed: by a Celery worker when a broker is configured (core.tasks.run_job), else in a thread
of the web process that started it, once the request has made its last write (QUZHI_JOBS_INLINE
runs it in the request instead). Neither is bounded by the web worker's timeout. A job whose process died
while running it is marked failed by `sweep_stale` (when a job's page is opened).

An export notes its rows on the job's row. An import's commit is one transaction, invisible until
it ends: it tells its stages and counts through core.progress instead, which the page reads.

The job does what the page would have done, as the page's own view does it: the view is built
again for the job's owner with the request's path and parameters (its scope, filters and columns
apply unchanged), so an export and an import in the background are the ones in the foreground.
"""

import contextlib
import contextvars
import ctypes
import gc
import logging
import tempfile
import threading
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, connections, transaction
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import actions, audit, progress
from . import context as request_context
from .importing import ImportFailed, TableFileError
from .models import Job, JobState

log = logging.getLogger("quzhi.jobs")

PROGRESS_EVERY = 1000  # rows between two progress notes


def export_in_background(rows: int) -> bool:
    return rows > settings.EXPORT_IN_BACKGROUND_ROWS


def import_in_background(size: int) -> bool:
    return size > settings.IMPORT_IN_BACKGROUND_BYTES


def enqueue(job: Job) -> None:
    """Run the job once the transaction that recorded it commits: Celery, a thread, or inline."""
    transaction.on_commit(lambda: dispatch(job.pk))


def dispatch(job_id: int) -> None:
    if settings.CELERY_BROKER_URL:
        from .tasks import run_job

        run_job.delay(job_id)
    elif settings.QUZHI_JOBS_INLINE:
        run(job_id)
    else:
        # Not a daemon: a worker that gunicorn recycles (max_requests) lets the job finish first,
        # within the worker timeout. The thread keeps the request's context (its request id and
        # client address go into the job's audit rows).
        # It starts once the request that recorded the job has made its last write (its session
        # saved), so the job's first write does not contend with it.
        context = contextvars.copy_context()
        thread = threading.Thread(target=context.run, args=(run_in_thread, job_id), name=f"quzhi-job-{job_id}")
        request_context.after_response(thread.start)


def run_in_thread(job_id: int) -> None:
    """Run a job outside any request; whatever happens, the thread's database connections close."""
    try:
        run(job_id)
    except Exception:  # run() failed even to record its failure (the database went away, …)
        log.exception("job %s failed outside its own handling", job_id)
        try:
            job = Job.objects.get(pk=job_id)
            if not job.finished:
                actions.finish_job(job=job, failed=True, message=_("任务出错，未完成。请重试或联系管理员。"))
        except Exception:
            log.exception("job %s could not be marked failed", job_id)
    finally:
        connections.close_all()
        gc.collect()
        release_memory()


def release_memory() -> None:
    """Hand the memory a large job freed back to the system (glibc keeps a thread's freed memory in
    that thread's own arena otherwise, and the web process would stay that much larger)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _cutoff():
    return timezone.now() - timedelta(minutes=max(1, settings.QUZHI_JOB_STALE_MINUTES))


def is_stale(job: Job, note: progress.Note | None = None) -> bool:
    """No progress noted for QUZHI_JOB_STALE_MINUTES, on its row or (`note`) outside it."""
    if job.state == JobState.PENDING and settings.CELERY_BROKER_URL:
        return False  # queued for a busy worker: it will come
    cutoff = _cutoff()
    return job.updated_at < cutoff and (note is None or note.at < cutoff.timestamp())


def sweep_stale() -> int:
    """Mark failed the jobs cut off by a restart (no progress noted for QUZHI_JOB_STALE_MINUTES)."""
    states = [JobState.RUNNING] if settings.CELERY_BROKER_URL else [JobState.RUNNING, JobState.PENDING]
    candidates = Job.objects.filter(state__in=states, updated_at__lt=_cutoff())
    alive = [job.pk for job in candidates if not is_stale(job, progress.read(job))]
    return actions.fail_stale_jobs(minutes=settings.QUZHI_JOB_STALE_MINUTES,
                                   pending_too=not settings.CELERY_BROKER_URL, alive=alive)  # fmt: skip


def run(job_id: int) -> None:
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.state != JobState.PENDING:
        return  # already run (a task delivered twice)
    with progress.reporting(job):  # its note is removed once the row says how the job ended
        try:
            actions.job_progress(job=job, progress=0)
            if job.kind == "export":
                _export(job)
            elif job.kind == "import":
                _import(job)
            else:
                raise ValueError(f"unknown job kind {job.kind}")
        except Exception as exc:  # said on the job's page; the request that started an inline job is not broken by it
            log.exception("job %s failed", job.pk)
            message = _("任务出错，未完成。请重试或联系管理员。")
            if isinstance(exc, (ValidationError, PermissionDenied)):  # said for people: say it
                message = "\n".join([message, *getattr(exc, "messages", [str(exc)])])
            actions.finish_job(job=job, failed=True, message=message)


def _request(job: Job, method: str, data: dict) -> HttpRequest:
    request = HttpRequest()
    request.method = method
    request.path = request.path_info = job.params["path"]
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values if isinstance(values, list) else [values])
    if method == "GET":
        request.GET = query
    else:
        request.POST = query
    request.user = job.owner
    request.META["SERVER_NAME"], request.META["SERVER_PORT"] = "jobs", "80"
    return request


def _view(job: Job, method: str, data: dict):
    match = resolve(job.params["path"])
    view = match.func.view_class(**match.func.view_initkwargs)
    request = _request(job, method, data)
    request._messages = _Discard(request)  # a view's messages have no page to go to
    view.setup(request, *match.args, **match.kwargs)
    return view


class _Discard(messages.storage.base.BaseStorage):
    def _get(self, *args, **kwargs):
        return [], True

    def _store(self, messages, response, *args, **kwargs):
        return []


# Export ------------------------------------------------------------------------------------------


def _export(job: Job) -> None:
    from .tabular import write_workbook

    view = _view(job, "GET", job.params.get("query", {}))
    queryset = view.export_queryset(view.get_queryset())
    total = queryset.count()
    actions.job_progress(job=job, progress=0, total=total)
    done = [0]

    def rows():
        for row in _chunked(queryset):
            yield row
            done[0] += 1
            if done[0] % PROGRESS_EVERY == 0:
                actions.job_progress(job=job, progress=done[0])

    with tempfile.TemporaryFile() as out:  # the workbook goes to disk, then to storage in chunks
        write_workbook(out, view.title, view.get_table().sheet_columns(), rows())
        out.seek(0)
        _finish_export(job, view, done[0], File(out, name="export.xlsx"))


def _chunked(queryset, size: int = 2000):
    """The queryset's rows in its order, a chunk at a time, never all in memory.

    PostgreSQL streams them from a server-side cursor. SQLite cannot keep a statement open across
    the job's progress notes: the open read pins a snapshot, and once anyone else has written (the
    job's page saves its session on each poll) the note cannot begin its write ("database is
    locked"). There the ids are read first and the rows fetched by complete queries of `size` ids.
    """
    if connection.vendor != "sqlite":
        yield from queryset.iterator(chunk_size=size)
        return
    ids = list(dict.fromkeys(queryset.values_list("pk", flat=True)))
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        found = {row.pk: row for row in queryset.filter(pk__in=chunk)}
        yield from (found[pk] for pk in chunk if pk in found)


def _finish_export(job: Job, view, done: int, content: File) -> None:
    query = "&".join(f"{k}={v}" for k, v in job.params.get("query", {}).items() if k not in ("export", "page") and v)
    audit.record_export(model=view.model, rows=done, query=query, actor=job.owner,
                        scope_path=job.owner.scope_path)  # fmt: skip
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{view.export_name or view.title}-{stamp}.xlsx"
    actions.finish_job(job=job, content=content, filename=name,
                       message=_("已导出 %(n)s 行。") % {"n": done})  # fmt: skip


def start_export(request, view) -> Job:
    """The list `view` exported in the background for the request's user; the job's page to go to."""
    query = {k: v for k, v in request.GET.items() if k not in ("export", "page")}
    job = actions.start_job(actor=request.user, kind="export", title=_("导出：%(t)s") % {"t": view.title},
                            params={"path": request.path, "query": query})  # fmt: skip
    enqueue(job)
    return job


# Import ------------------------------------------------------------------------------------------


def start_import(request, view, token: str) -> Job:
    """The staged upload `token` committed in the background with the options posted now."""
    post = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
    # The page's title says what is imported («导入项目台账»); a page without one, the file's name.
    title = view.title or _("导入：%(t)s") % {"t": request.POST.get("name", "")}
    job = actions.start_job(actor=request.user, kind="import", title=str(title),
                            params={"path": request.path, "post": post, "token": token})  # fmt: skip
    enqueue(job)
    return job


def _import(job: Job) -> None:
    from .staging import staged

    view = _view(job, "POST", job.params.get("post", {}))
    path = staged(job.params["token"])
    if path is None:
        actions.finish_job(job=job, failed=True, message=_("待导入的文件已失效，请重新上传。"))
        return
    try:
        done = view.write(str(path), **view.options())
    except ImportFailed as failed:
        errors = [str(e) for e in failed.preview.errors[:200]]
        text = _("导入失败，未写入任何数据：") + "\n" + "\n".join(errors)
        actions.finish_job(job=job, failed=True, message=text)
        return
    except TableFileError as exc:
        actions.finish_job(job=job, failed=True, message=str(exc))
        return
    finally:
        path.unlink(missing_ok=True)
    actions.finish_job(job=job, message=view.summary(done))


def job_url(job: Job) -> str:
    return reverse("core:job", args=[job.pk])


__all__ = ["dispatch", "enqueue", "run", "run_in_thread", "start_export", "start_import", "sweep_stale"]
