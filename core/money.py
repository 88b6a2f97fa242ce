"""Money in 元 (integers) shown and typed as users write it: 元, 万元, 亿元. No floats."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def to_unit(yuan: int | None, unit: str = "万元", places: int = 2) -> Decimal | None:
    if yuan is None:
        return None
    q = Decimal(1).scaleb(-places)
    return (Decimal(yuan) / UNITS[unit]).quantize(q, rounding=ROUND_HALF_UP)


def from_unit(value, unit: str = "万元") -> int:
    """'126.02' 万元 → 1260200 元. Raises ValueError for text that is not a number or finer than 1 元."""
    try:
        amount = Decimal(str(value).replace(",", "").strip()) * UNITS[unit]
    except (InvalidOperation, KeyError) as exc:
        raise ValueError(f"“{value}”不是金额") from exc
    if amount != amount.to_integral_value():
        raise ValueError(f"“{value}{unit}”精度超过1元")
    return int(amount)


# Units that convert into each other by a power of ten; other pairs do not convert (万美元 is
# never turned into 元: the exchange rate is not ours to choose).
SCALES = [UNITS, {"美元": 1, "万美元": 10_000, "亿美元": 100_000_000}, {"人": 1, "万人": 10_000}]


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """Exact conversion between units of one scale ("万元" → "亿元"); ValueError across scales."""
    if from_unit == to_unit:
        return value
    for scale in SCALES:
        if from_unit in scale and to_unit in scale:
            return value * scale[from_unit] / scale[to_unit]
    raise ValueError(f"单位“{from_unit}”不能换算为“{to_unit}”")
