"""A ledger import's commit as a background job: the time of each stage, and its page polled meanwhile.

bench/imports.py's county-layout ledger of 20,000 new rows (each with its annual plan) is staged
and committed by a job in a thread of this process, as on a server without Celery, while a client
polls the job's page (htmx) every 0.25 s. Printed: the whole job, each stage's time and share (the
shares are where projects.actions.LEDGER_STAGES puts each stage on the bar), and the polls'
answer times; the stages the page showed, with when, go to stderr.
"""

import json
import re
import statistics
import sys
import threading
import time

from bench.imports import ROWS, county_ledger, generate  # sets up Django
from core import actions, jobs, progress, staging
from core.context import acting_as
from projects.actions import LEDGER_STAGES


def main() -> None:
    from django.conf import settings
    from django.test import Client

    settings.QUZHI_JOBS_INLINE, settings.CELERY_BROKER_URL = False, ""
    admin, _district, streets = generate()
    data = county_ledger(ROWS, streets)
    begun: list[tuple[str, float]] = []
    begin = progress._Reporter.begin

    def timed(self, name, total, span):
        begun.append((name, time.perf_counter()))
        begin(self, name, total, span)

    progress._Reporter.begin = timed
    ended = []
    finish = actions.finish_job

    def finished(**kwargs):
        ended.append(time.perf_counter())
        return finish(**kwargs)

    actions.finish_job = finished
    with acting_as(admin):
        params = {"path": "/projects/import/", "post": {}, "token": staging.stage(data)}
        job = actions.start_job(actor=admin, kind="import", title="导入：基准台账", params=params)
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    started = time.perf_counter()
    jobs.dispatch(job.pk)
    polls, shown = [], []
    while True:
        asked = time.perf_counter()
        html = client.get(f"/system/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
        polls.append(time.perf_counter() - asked)
        state = re.search(r'data-state="(\w+)"', html).group(1)
        stage = re.search(r'data-stage="([^"]+)"', html)
        stage = stage.group(1) if stage else state
        if not shown or shown[-1][0] != stage:
            shown.append((stage, round(asked - started, 1)))
        if state in ("done", "failed"):
            break
        time.sleep(0.25)
    for thread in threading.enumerate():
        if thread.name == f"quzhi-job-{job.pk}":
            thread.join()
    job.refresh_from_db()
    assert job.state == "done", job.message
    ended = ended[0]
    whole = ended - begun[0][1]
    print(f"{ROWS} rows; the page showed: " + ", ".join(f"{s} at {t} s" for s, t in shown), file=sys.stderr)
    emit = []
    emit.append({"measure": f"import job: commit of {ROWS} laid-out rows with plans", "ms": whole * 1000,
                 "rate": ROWS / whole})  # fmt: skip
    for (name, at), (_next, until) in zip(begun, [*begun[1:], ("end", ended)], strict=True):
        share = round(100 * (until - at) / whole)
        span = LEDGER_STAGES[name]
        emit.append({"measure": f"  {name}: {share}% of the commit (on the bar {span[0]}–{span[1]}%)",
                     "ms": (until - at) * 1000})  # fmt: skip
    emit.append({"measure": f"job page polled during it, {len(polls)} polls (median; p99 = max)",
                 "ms": statistics.median(polls) * 1000, "p99": max(polls) * 1000})  # fmt: skip
    for line in emit:
        print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
