"""Each role finds the bulletins waiting on its own step on its home page, and nobody else's."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.context import acting_as
from core.home import todo_groups
from supervision import actions
from supervision.testing import issue_bulletin
from supervision.todo import bulletin_groups

AS_OF = date(2026, 10, 13)
KINDS = ("bulletin_returned", "bulletin_review", "bulletin_sign", "bulletin_print")
ROLES = ["admin", "macun_admin", "leader", "fengying", "anyang", "grid", "readonly", "enterprise"]


def pipeline(world) -> dict:
    """One bulletin of 马村区 at each step, and the city's in review and waiting for 签发."""
    admin, macun_admin, leader = world.users["admin"], world.users["macun_admin"], world.users["leader"]
    macun = {"drafter": macun_admin, "reviewer": macun_admin, "signer": leader, "kind": "weekly",
             "unit": world.units["macun"], "as_of": AS_OF}  # fmt: skip
    city = {"drafter": admin, "reviewer": admin, "signer": admin, "kind": "weekly", "unit": world.units["city"],
            "as_of": AS_OF}  # fmt: skip
    returned = issue_bulletin(**macun, until="submitted")
    with acting_as(macun_admin):
        actions.review_bulletin(actor=macun_admin, bulletin=returned, passed=False, reason="补充冯营街道数据")
    return {
        "m_returned": returned,
        "m_draft": issue_bulletin(**macun, until="draft"),  # never sent: nobody's work but its drafter's page
        "m_submitted": issue_bulletin(**macun, until="submitted"),
        "m_reviewed": issue_bulletin(**macun, until="reviewed"),
        "m_signed": issue_bulletin(**macun, until="signed", on=AS_OF),
        "m_issued": issue_bulletin(**macun, on=AS_OF),
        "c_submitted": issue_bulletin(**city, until="submitted"),
        "c_reviewed": issue_bulletin(**city, until="reviewed"),
    }


def work_of(user) -> dict[str, set[str]]:
    groups = todo_groups(user, as_of=AS_OF, limit=20)
    return {g.kind: {t.url for t in g.items} for g in groups if g.kind in KINDS}


def urls(made, *names) -> set[str]:
    return {made[n].get_absolute_url() for n in names}


def test_each_role_sees_exactly_the_bulletins_waiting_on_its_step(world, issuers):
    made = pipeline(world)
    assert work_of(world.users["macun_admin"]) == {
        "bulletin_returned": urls(made, "m_returned"),
        "bulletin_review": urls(made, "m_submitted"),  # not the city's: outside the district's scope
        "bulletin_print": urls(made, "m_signed"),
    }
    # the district's 签发人 signs the district's bulletin; the city's has its own signer
    assert work_of(world.users["leader"]) == {"bulletin_sign": urls(made, "m_reviewed")}
    assert work_of(world.users["admin"]) == {
        "bulletin_returned": urls(made, "m_returned"),
        "bulletin_review": urls(made, "m_submitted", "c_submitted"),
        "bulletin_sign": urls(made, "c_reviewed"),
        "bulletin_print": urls(made, "m_signed"),
    }
    for name in ("fengying", "anyang", "grid", "readonly", "enterprise"):
        assert work_of(world.users[name]) == {}, name


def test_the_home_page_and_the_todo_api_show_them_with_the_reason(world, issuers, client_for):
    made = pipeline(world)
    page = client_for(world.users["macun_admin"]).get("/").content.decode()
    assert 'data-todo-kind="bulletin_review"' in page and 'data-todo-kind="bulletin_returned"' in page
    assert "退回原因：补充冯营街道数据" in page and 'data-todo-kind="bulletin_sign"' not in page
    leader = client_for(world.users["leader"]).get("/").content.decode()
    assert 'data-todo-kind="bulletin_sign"' in leader and made["m_reviewed"].get_absolute_url() in leader
    assert 'data-todo-kind="bulletin_review"' not in leader
    body = client_for(world.users["leader"]).get("/api/todo").json()
    assert [i["url"] for i in body["items"] if i["kind"] == "bulletin_sign"] == [made["m_reviewed"].get_absolute_url()]
    street = client_for(world.users["fengying"]).get("/api/todo").json()
    assert not [i for i in street["items"] if i["kind"].startswith("bulletin_")]


def home_queries(client_for, user) -> int:
    client = client_for(user)
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_the_bulletin_groups_cost_the_same_queries_whatever_the_rows(
    world, issuers, client_for, django_assert_max_num_queries
):
    pipeline(world)
    before = {u: home_queries(client_for, world.users[u]) for u in ROLES}
    pipeline(world)
    pipeline(world)
    after = {u: home_queries(client_for, world.users[u]) for u in ROLES}
    assert after == before
    for name in ROLES:
        with django_assert_max_num_queries(2):  # the counts, then the first rows of each group
            bulletin_groups(world.users[name], as_of=AS_OF, limit=5)
