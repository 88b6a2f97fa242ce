import pytest

from indicators.testing import build


@pytest.fixture
def setup(world):
    return build(world)
