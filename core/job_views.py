"""A background job's page (its progress, polled), and its file for its owner alone."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from . import jobs
from .models import Job


def owned(request, pk: int) -> Job:
    """The job if the user started it; 404 for anyone else's."""
    return get_object_or_404(Job, pk=pk, owner=request.user)


class JobView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        job = owned(request, pk)
        if not job.finished and jobs.is_stale(job):  # cut off by a restart: say so rather than poll forever
            jobs.sweep_stale()
            job.refresh_from_db()
        if getattr(request, "htmx", False):
            return render(request, "core/_job_status.html", {"job": job})
        return render(request, "core/job.html", {"job": job, "title": job.title})


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        job = owned(request, pk)
        if not job.result:
            raise Http404
        return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name or "export.xlsx")
