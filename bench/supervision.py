"""Bulletins at scale: 2,000 projects with a year of monthly reports and 500 supervised tasks.

Measured: drafting a bulletin (the roll-ups, warnings, overdue tasks and tour ranking, the frozen
content), its page and its .docx, and computing the colour of every task. The issue's goal is
the bulletin, page and .docx, in under 3 seconds on SQLite.
"""

import json
import os
import sys
from datetime import date, timedelta

import django

os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
django.setup()

from django.test import Client  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bench.common import analyze, city, timed  # noqa: E402
from core.context import acting_as  # noqa: E402
from org.models import Person, Role, Unit, User  # noqa: E402
from projects.models import AnnualPlan, MonthlyReport, Project  # noqa: E402
from supervision import actions, queries  # noqa: E402
from supervision.models import SupervisedTask  # noqa: E402
from supervision.testing import set_issuer  # noqa: E402

PROJECTS, TASKS, YEAR, MONTH = 2_000, 500, 2026, 9
AS_OF = date(2026, 10, 18)


def generate() -> User:
    top, district, towns = city(streets=12)
    leaders = [Person.objects.create(name=f"领导{i}", unit=district) for i in range(8)]
    Project.objects.bulk_create(
        Project(code=f"S-{i:05d}", name=f"基准项目{i}", level="district", category="industry", nature="new",
                unit=towns[i % len(towns)], total_investment=(i % 90 + 1) * 10**7, stage="building",
                leader=leaders[i % len(leaders)], responsible_unit=towns[i % len(towns)])
        for i in range(PROJECTS)
    )  # fmt: skip
    ids = list(Project.objects.values_list("pk", flat=True))
    AnnualPlan.objects.bulk_create(AnnualPlan(project_id=pk, year=YEAR, planned_investment=(pk % 40 + 1) * 10**6)
                                   for pk in ids)  # fmt: skip
    reports = [
        # Paces from 40 % to 130 % of schedule, so that some projects are red and yellow.
        MonthlyReport(project_id=pk, year=YEAR, month=m, state="approved",
                      ytd_investment=(pk % 40 + 1) * 10**6 * m * (40 + pk % 90) // 1200)
        for pk in ids for m in range(1, MONTH + 1)
    ]  # fmt: skip
    MonthlyReport.objects.bulk_create(reports, batch_size=5000)
    role = Role.objects.get(code="platform_admin")
    user = User.objects.create_user(username="bench", password="Bench-Passw0rd-1", role=role, unit=top)
    with acting_as(user):
        for i in tqdm(range(TASKS), desc="tasks", file=sys.stderr):
            assigned = date(2026, 8, 1) + timedelta(days=i % 60)
            actions.create_task(
                actor=user, title=f"督办事项{i}", source="meeting", lead_unit=towns[i % len(towns)],
                assigned_on=assigned, deadline_workdays=5 + i % 30, leader=leaders[i % len(leaders)],
            )  # fmt: skip
    set_issuer(user, Unit.objects.get(name="基准区"), prefix="基项办", name="基准区重点项目建设指挥部办公室",
               signers=[user])  # fmt: skip
    analyze()
    return user


def main() -> None:
    user = generate()
    district = Unit.objects.get(name="基准区")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert SupervisedTask.objects.count() == TASKS and Project.objects.count() == PROJECTS
    issued = []

    def issue():
        with acting_as(user):
            issued.append(actions.draft_bulletin(actor=user, kind="weekly", unit=district, as_of=AS_OF))

    def whole():
        issue()
        assert client.get(f"/supervision/bulletins/{issued[-1].pk}/").status_code == 200
        assert b"".join(client.get(f"/supervision/bulletins/{issued[-1].pk}/download/").streaming_content)

    results = [
        timed("bulletin drafted: roll-ups, warnings, overdue tasks, content", issue),
        timed("bulletin drafted, its page and its .docx downloaded (the goal: < 3 s)", whole),
        timed("bulletin page", lambda: client.get(f"/supervision/bulletins/{issued[-1].pk}/")),
        timed("colours of all 500 tasks (working days)", lambda: queries.statuses(
            list(SupervisedTask.objects.all()), as_of=AS_OF)),
        timed("task list page", lambda: client.get("/supervision/")),
    ]  # fmt: skip
    content = issued[-1].content
    print(f"bulletin: {len(content['units'])} units, {content['warned_total']} warned projects, "
          f"{content['overdue_total']} overdue tasks", file=sys.stderr)  # fmt: skip
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
