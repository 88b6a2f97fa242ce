"""A large export as a background job: how long the request takes, and the web process's memory.

20,000 projects (three monthly reports each). The ledger's Excel export of all of them runs as a
job in a thread of this process, as it does on a server without Celery; the process's resident
memory (RSS) is read before, at its peak during, and after each of three exports, and the same for
the export built in memory inside the request (EXPORT_IN_BACKGROUND_ROWS above the row count).
A small export job runs first, unmeasured, so that code loaded once is not counted as kept.
"""

import gc
import json
import os
import sys
import threading
import time

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from bench.common import analyze, city  # noqa: E402
from core.models import Job  # noqa: E402
from org.models import Role, User  # noqa: E402
from projects.models import MonthlyReport, Project  # noqa: E402

PROJECTS = 20_000


def generate() -> User:
    top, _district, towns = city(streets=10)
    projects = (
        Project(code=f"B-{i:06d}", name=f"基准项目{i}", level="district", category="industry", nature="new",
                unit=towns[i % len(towns)], total_investment=(i % 200 + 1) * 10**7, stage="building")
        for i in range(PROJECTS)
    )  # fmt: skip
    Project.objects.bulk_create(projects, batch_size=2000)
    reports = (
        MonthlyReport(project_id=pk, year=2026, month=m, state="approved", ytd_investment=pk * 10**5 * m,
                      since_start_investment=pk * 10**5 * m)
        for pk in Project.objects.values_list("pk", flat=True)
        for m in (4, 5, 6)
    )  # fmt: skip
    MonthlyReport.objects.bulk_create(reports, batch_size=5000)
    analyze()
    role = Role.objects.get(code="platform_admin")
    return User.objects.create_user(username="bench", password="Bench-Passw0rd-1", role=role, unit=top)


def rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:  # "5": the peak RSS starts again from now
        refs.write("5")


def wait_for(job_id: int) -> None:
    for thread in threading.enumerate():
        if thread.name == f"quzhi-job-{job_id}":
            thread.join()


def main() -> None:
    user = generate()
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = "/projects/?year=2026&month=6&export=xlsx"
    client.get("/projects/?year=2026&month=6")  # the list's code and templates loaded once
    settings.QUZHI_JOBS_INLINE = False
    settings.EXPORT_IN_BACKGROUND_ROWS = 1
    warm = client.get(url + "&name=基准项目1")  # and the job's: a smaller export job first, unmeasured
    wait_for(Job.objects.latest("pk").pk)
    assert warm.status_code == 302
    settings.EXPORT_IN_BACKGROUND_ROWS = 5000
    gc.collect()
    for n in range(1, 4):
        before = rss_mb()
        reset_peak()
        start = time.perf_counter()
        response = client.get(url)
        answered = time.perf_counter() - start
        job = Job.objects.latest("pk")
        wait_for(job.pk)
        done = time.perf_counter() - start
        job.refresh_from_db()
        assert response.status_code == 302 and job.state == "done" and job.progress == PROJECTS, job.message
        gc.collect()
        print(json.dumps({"measure": f"export job #{n}, 20,000 rows: request answered", "ms": answered * 1000}))
        print(json.dumps({"measure": f"export job #{n}, 20,000 rows: file ready", "ms": done * 1000,
                          "rss": f"RSS {before:.0f} MB before, peak {rss_mb('VmHWM'):.0f} MB, "
                                 f"{rss_mb():.0f} MB after"}), flush=True)  # fmt: skip
    # As before jobs: the whole workbook built in memory inside the request.
    settings.EXPORT_IN_BACKGROUND_ROWS = PROJECTS + 1
    before = rss_mb()
    reset_peak()
    start = time.perf_counter()
    response = client.get(url)
    size = len(response.content)
    del response
    gc.collect()
    print(json.dumps({"measure": "export in the request, 20,000 rows", "ms": (time.perf_counter() - start) * 1000,
                      "rss": f"RSS {before:.0f} MB before, peak {rss_mb('VmHWM'):.0f} MB, {rss_mb():.0f} MB after "
                             f"({size / 1e6:.1f} MB file)"}), flush=True)  # fmt: skip
    print(f"process RSS at the end {rss_mb():.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
