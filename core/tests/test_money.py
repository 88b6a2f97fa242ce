from decimal import Decimal

import pytest

from core.money import from_unit, to_unit
from core.templatetags.quzhi import pct, pp, wan, yi


def test_it_converts_between_units_exactly():
    assert from_unit("126.02", "万元") == 1_260_200
    assert from_unit("103", "亿元") == 10_300_000_000
    assert from_unit("1,234", "元") == 1234
    assert to_unit(1_260_200, "万元") == Decimal("126.02")
    assert to_unit(10_300_000_000, "亿元") == Decimal("103.00")
    assert to_unit(None) is None


@pytest.mark.parametrize("bad", ["十亿", "", "1.2.3"])
def test_it_rejects_what_is_not_an_amount(bad):
    with pytest.raises(ValueError, match="不是金额"):
        from_unit(bad)


def test_it_refuses_fractions_of_a_yuan():
    with pytest.raises(ValueError, match="精度"):
        from_unit("0.00001", "万元")


def test_it_displays_percent_and_points_differently():
    assert pct(Decimal("65.2241")) == "65.22%"
    assert pp(Decimal("15.2241")) == "+15.22 个百分点"
    assert pp(Decimal("-3.1")) == "−3.10 个百分点"
    assert pp(Decimal("0")) == "±0.00 个百分点"
    assert wan(1_260_200) == "126.02" and yi(10_300_000_000) == "103.00"
