import pytest

from projects.testing import build_projects
from supervision.testing import build_tasks


@pytest.fixture
def projects(world):
    return build_projects(world)


@pytest.fixture
def tasks(world, projects):
    return build_tasks(world, projects)
