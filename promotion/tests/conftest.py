import pytest

from projects.testing import build_projects
from promotion.testing import build_promotion


@pytest.fixture
def promo(world):
    return build_promotion(world)


@pytest.fixture
def projects(world):
    return build_projects(world)
