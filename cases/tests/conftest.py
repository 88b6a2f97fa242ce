import pytest

from cases.testing import build_cases_world


@pytest.fixture
def types(world):
    return build_cases_world(world)
