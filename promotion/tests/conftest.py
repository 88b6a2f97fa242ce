import pytest

from promotion.testing import build_promotion


@pytest.fixture
def promo(world):
    return build_promotion(world)
