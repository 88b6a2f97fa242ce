"""Pages: lists, forms, scope, query counts, and the demo."""

from datetime import date, timedelta

import pytest
import time_machine

from core.context import acting_as
from core.testing import count_queries
from supervision import actions
from supervision.models import Score, SupervisedTask


def test_the_task_list_shows_colours_and_follows_scope(world, tasks, client_for):
    with time_machine.travel(date(2026, 9, 30)):
        page = client_for(world.users["macun_admin"]).get("/supervision/").content.decode()
        assert "产业园二期用地报批" in page and "农庄道路硬化" in page
        assert "蓝色提醒" in page and "红色督办" in page
        assert "距办结时限剩余" in page and "已逾期" in page and "个工作日" in page
        mine = client_for(world.users["fengying"]).get("/supervision/").content.decode()
        assert "产业园二期用地报批" in mine and "农庄道路硬化" not in mine
        red = client_for(world.users["macun_admin"]).get("/supervision/", {"colour": "red"}).content.decode()
        assert "农庄道路硬化" in red and "产业园二期用地报批" not in red


def test_another_units_task_is_not_found_and_cannot_be_changed(world, tasks, client_for):
    client = client_for(world.users["anyang"])
    task = tasks["fengying"]
    assert client.get(f"/supervision/{task.pk}/").status_code == 404
    assert client.post(f"/supervision/{task.pk}/progress/", {"note": "越权"}).status_code == 404
    assert client.get(f"/supervision/{task.pk}/edit/").status_code == 404
    assert not task.updates.exists()


def test_a_task_is_created_with_a_limit_in_working_days_and_progressed_from_its_page(world, projects, client_for):
    client = client_for(world.users["macun_admin"])
    response = client.post(
        "/supervision/add/",
        {
            "title": "产业园供电线路迁改",
            "source": "meeting",
            "lead_unit": world.units["fengying"].pk,
            "assigned_on": "2026-09-28",
            "deadline_workdays": "5",
        },
    )
    assert response.status_code == 302
    task = SupervisedTask.objects.get(title="产业园供电线路迁改")
    assert task.deadline == date(2026, 10, 10)
    missing = client.post(
        "/supervision/add/",
        {"title": "无时限", "source": "meeting", "lead_unit": world.units["fengying"].pk, "assigned_on": "2026-09-28"},
    )
    assert "请填写办结时限" in missing.content.decode()
    unit = client_for(world.users["fengying"])
    unit.post(f"/supervision/{task.pk}/progress/", {"note": "已对接供电公司", "progress_pct": "50"})
    task.refresh_from_db()
    assert task.progress_pct == 50
    page = unit.get(f"/supervision/{task.pk}/").content.decode()
    assert "已对接供电公司" in page and "变更记录" in page


def test_lists_do_not_grow_queries_with_rows(world, projects, client_for):
    admin = world.users["admin"]

    def add(n, start):
        with acting_as(admin):
            for i in range(start, start + n):
                task = actions.create_task(
                    actor=admin,
                    title=f"事项{i}",
                    source="other",
                    lead_unit=world.units["fengying"],
                    assigned_on=date(2026, 5, 1),
                    deadline=date(2026, 5, 20),
                    co_units=[world.units["anyang"]],
                )
                actions.record_inspection(
                    actor=admin, project=projects["fengying"], visited_on=date(2026, 5, 2), inspectors=f"巡查组{i}"
                )
                actions.add_progress(actor=admin, task=task, note="进展", progress_pct=10)

    client = client_for(world.users["macun_admin"])
    add(2, 0)
    urls = [
        "/supervision/",
        "/supervision/?export=xlsx",
        "/supervision/overdue/",
        "/supervision/inspections/",
        "/supervision/targets/",
    ]
    small = [count_queries(lambda u=u: client.get(u)) for u in urls]
    add(12, 2)
    assert [count_queries(lambda u=u: client.get(u)) for u in urls] == small


def test_scoring_from_the_round_page_ranks_units(world, projects, client_for):
    from decimal import Decimal

    from org.models import PeerGroup

    admin = world.users["admin"]
    group = PeerGroup.objects.create(name="街道组")
    group.members.set([world.units["fengying"], world.units["anyang"]])
    with acting_as(admin):
        rubric = actions.save_rubric(
            actor=admin,
            name="四比四看",
            items=[("进度", Decimal(60), Decimal(100)), ("质量", Decimal(40), Decimal(100))],
        )
        tour = actions.create_round(
            actor=admin,
            name="三季度观摩",
            organiser=world.units["macun"],
            held_on=date(2026, 9, 20),
            rubric=rubric,
            peer_group=group,
        )
    items = list(rubric.items.order_by("order"))
    client = client_for(world.users["macun_admin"])
    for judge, marks, project in (
        ("甲", (90, 80), "fengying"),
        ("乙", (70, 90), "fengying"),
        ("甲", (60, 60), "anyang"),
        ("乙", (101, 60), "anyang"),
    ):
        client.post(
            f"/supervision/rounds/{tour.pk}/",
            {
                "project": projects[project].pk,
                "judge": judge,
                **{f"item-{i.pk}": m for i, m in zip(items, marks, strict=True)},
            },
        )
    assert Score.objects.filter(project=projects["anyang"]).count() == 2  # the 101 was refused (max 100)
    page = client.get(f"/supervision/rounds/{tour.pk}/").content.decode()
    assert "82.00" in page  # 冯营: (86 + 78) / 2
    assert client_for(world.users["anyang"]).get(f"/supervision/rounds/{tour.pk}/").status_code == 404


def test_targets_show_over_fulfilment_and_take_progress(world, client_for):
    from decimal import Decimal

    admin = world.users["admin"]
    with acting_as(admin):
        actions.create_target(
            actor=admin,
            unit=world.units["fgw"],
            year=2020,
            title="淘汰国三及以下营运柴油货车",
            kind="count",
            target_value=Decimal(463),
            measure="辆",
        )
    client = client_for(world.users["macun_admin"])
    target_id = client.get("/supervision/targets/", {"year": 2020}).content.decode()
    from supervision.models import ResponsibilityTarget

    target = ResponsibilityTarget.objects.get()
    client.post(f"/supervision/targets/{target.pk}/progress/", {"actual_value": "476", "note": "淘汰拆解"})
    page = client.get("/supervision/targets/", {"year": 2020}).content.decode()
    assert "476辆，超额完成" in page and target_id
    assert (
        client_for(world.users["anyang"])
        .post(f"/supervision/targets/{target.pk}/progress/", {"actual_value": "1"})
        .status_code
        == 404
    )
    export = client.get("/supervision/targets/", {"year": 2020, "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_settings_are_for_administrators(world, client_for):
    assert client_for(world.users["macun_admin"]).get("/supervision/settings/").status_code == 403
    client = client_for(world.users["admin"])
    assert client.get("/supervision/settings/").status_code == 200
    client.post(
        "/supervision/settings/", {"form": "escalation", "blue_within": "5", "yellow_within": "2", "behind_pp": "15"}
    )
    from supervision.models import EscalationSettings

    assert EscalationSettings.current().blue_within == 5
    response = client.post("/supervision/settings/", {"form": "rubric", "name": "细则", "items": "进度 三十"})
    assert "第1行" in response.content.decode()


@pytest.mark.django_db(transaction=False)
def test_the_demo_loads_tasks_a_round_a_target_and_bulletins_of_two_issuers(db, settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from supervision.models import Bulletin, ResponsibilityTarget, ScoringRound
    from supervision.queries import round_results, target_rows

    settings.MEDIA_ROOT = tmp_path
    settings.SOFFICE = ""
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # a second run adds nothing
    assert SupervisedTask.objects.count() == 6 and Bulletin.objects.count() == 4
    _projects, units = round_results(ScoringRound.objects.get())
    assert units[0].unit == "焦作城乡一体化示范区" and units[0].rank == 1
    from org.models import User

    rows = target_rows(User.objects.get(username="admin"), year=2020)
    assert [r.sentence for r in rows] == ["476辆，超额完成"] and ResponsibilityTarget.objects.count() == 1
    issued = Bulletin.objects.filter(state="issued")
    assert all(b.document for b in issued)
    assert sorted(b.number[:3] for b in issued) == ["焦项办", "焦项办", "马项办"]
    assert {b.content["letterhead"]["mark"] for b in issued if b.prefix == "马项办"} == {
        "马村区重点项目建设指挥部办公室"
    }
    waiting = Bulletin.objects.get(state="reviewed")  # one draft waiting for its 签发人
    assert waiting.prefix == "马项办" and waiting.number == ""
    assert date.today() - timedelta(days=40) < issued.order_by("issued_on").first().issued_on
