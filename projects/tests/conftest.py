import pytest

from projects.testing import build_projects


@pytest.fixture
def projects(world):
    return build_projects(world)
