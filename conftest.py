"""Fixtures shared by every app's tests: a small org tree and users of each role, and the domain
data several apps' tests build on it (projects, 督办 tasks, case types)."""

import pytest

from org.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def projects(world):
    from projects.testing import build_projects

    return build_projects(world)


@pytest.fixture
def tasks(world, projects):
    from supervision.testing import build_tasks

    return build_tasks(world, projects)


@pytest.fixture
def types(world):
    from cases.testing import build_cases_world

    return build_cases_world(world)


@pytest.fixture
def client_for(client):
    """Log a test client in as a user (bypassing the login form and its lockout)."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def token_for(world):
    """API headers with a fresh personal token of a user, or of a world user named by username."""
    from core.context import acting_as
    from org import actions

    def issue(user):
        user = world.users[user] if isinstance(user, str) else user
        with acting_as(user):
            _token, raw = actions.issue_api_token(actor=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


def pytest_terminal_summary(terminalreporter):
    """The extraction scores on the published pages, when that test ran."""
    try:
        from ingest.evaluation import table
        from ingest.tests.test_gold import SCORES
    except Exception:
        return
    if SCORES:
        terminalreporter.write_sep("-", "extraction on the published pages (precision, recall, F1)")
        terminalreporter.write_line(table(SCORES))
    try:
        from ingest.evaluation import sets_table
        from ingest.tests.test_corpus import RESULTS
    except Exception:
        return
    if RESULTS:
        order = {"seeds": 0, "dev": 1, "test": 2}
        terminalreporter.write_sep("-", "extraction on the three sets of pages (precision, recall, F1)")
        terminalreporter.write_line(sets_table(dict(sorted(RESULTS.items(), key=lambda kv: order[kv[0]]))))
