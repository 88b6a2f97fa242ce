"""A background job's page (its progress, polled), and its file for its owner alone."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from . import jobs, progress
from .middleware import leave_session_unsaved
from .models import Job


def owned(request, pk: int) -> Job:
    """The job if the user started it; 404 for anyone else's."""
    return get_object_or_404(Job, pk=pk, owner=request.user)


class JobView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        job = owned(request, pk)
        note = None
        if not job.finished:
            # While it runs, the page writes nothing: on SQLite an import's commit holds the write lock.
            leave_session_unsaved(request)
            note = progress.read(job)  # an import's commit tells its stages here (core.progress)
            if jobs.is_stale(job, note):  # cut off by a restart: say so rather than poll forever
                jobs.sweep_stale()
                job.refresh_from_db()
                note = None if job.finished else note
        context = {"job": job, "note": note, "percent": note.percent if note else job.percent}
        if getattr(request, "htmx", False):
            return render(request, "core/_job_status.html", context)
        return render(request, "core/job.html", {**context, "title": job.title})


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        job = owned(request, pk)
        if not job.result:
            raise Http404
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name or "export.xlsx")
