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
    assert pp(Decimal("15.2241")) == "+15.22个百分点"
    assert pp(Decimal("-3.1")) == "\u22123.10个百分点"
    assert pp(Decimal("0")) == "0.00个百分点"
    assert pp(Decimal("2.25"), 1) == "+2.3个百分点" and pp(None) == "—"
    assert wan(1_260_200) == "126.02" and yi(10_300_000_000) == "103.00"


def test_it_writes_amounts_as_users_write_them_never_in_exponent_notation():
    from core.money import currency_name, format_amount, format_in, plain

    assert format_amount(1_240_000_000) == "12.4亿元"
    assert format_amount(1_260_200) == "126.02万元"
    assert format_amount(300) == "300元"
    assert format_amount(2_000_000_000, "万元") == "200,000万元"
    assert format_amount(None) == ""
    assert plain(Decimal("10.00").normalize()) == "10" and plain(Decimal("1E+1")) == "10"
    assert format_in(Decimal("1E+1"), "亿元") == "10亿元"
    assert currency_name("CNY") == "人民币" and currency_name("USD") == "美元"


def test_it_signs_percentage_points_with_a_real_minus():
    from core.money import PP_NUMBER_FORMAT, pp_text, signed

    assert pp_text(Decimal("1.85")) == "+1.85个百分点"
    assert pp_text("-88.42") == "\u221288.42个百分点" and "-" not in pp_text("-88.42")
    assert signed(Decimal("-0.004")) == "0.00"  # rounds to zero: no sign
    assert signed(Decimal("0.005")) == "+0.01"  # half up
    assert PP_NUMBER_FORMAT == '"+"0.00;"\u2212"0.00;0.00'
