import pytest

from cases.testing import build_cases_world
from projects.testing import build_projects
from supervision.testing import build_tasks


@pytest.fixture
def projects(world):
    return build_projects(world)


@pytest.fixture
def tasks(world, projects):
    return build_tasks(world, projects)


@pytest.fixture
def types(world):
    return build_cases_world(world)
