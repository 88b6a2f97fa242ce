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


def plain(value: Decimal | int) -> str:
    """A number as typed: no trailing zeros, never exponent notation (Decimal('1E+1') → "10")."""
    if not isinstance(value, Decimal):
        value = Decimal(value)
    text = format(value.normalize(), "f")
    return text


def _grouped(value: Decimal) -> str:
    """Thousands separators, no trailing zeros, no exponent: 12345.50 → "12,345.5"."""
    text = plain(value)
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return sign + whole + ("." + frac if frac else "")


def format_amount(yuan: int | Decimal | None, unit: str = "", places: int = 2) -> str:
    """An amount in 元 written as users write it: "12.4亿元", "126.02万元", "300元".

    Without `unit` the largest of 亿元/万元/元 that keeps the figure at 1 or more; rounded to
    `places` decimals, trailing zeros dropped. The one way code and templates put an amount into
    words ("" for None).
    """
    if yuan is None or yuan == "":
        return ""
    yuan = Decimal(yuan)
    if not unit:
        unit = "亿元" if abs(yuan) >= UNITS["亿元"] else "万元" if abs(yuan) >= UNITS["万元"] else "元"
    q = Decimal(1).scaleb(-places)
    value = (yuan / UNITS[unit]).quantize(q, rounding=ROUND_HALF_UP)
    return f"{_grouped(value)}{unit}"


def format_in(value: Decimal | int | None, unit: str) -> str:
    """A figure already in `unit` (a threshold stored in 亿元, an amount in 万美元): "10亿元"."""
    if value is None or value == "":
        return ""
    return f"{_grouped(Decimal(value))}{unit}"


CURRENCY_SCALES = {"CNY": UNITS, "USD": {"美元": 1, "万美元": 10_000, "亿美元": 100_000_000}}


def format_money(value: int | Decimal | float | None, currency: str = "CNY", places: int = 2) -> str:
    """An amount in a currency's base unit (元, dollars) as users write it: "12.4亿元", "5,300万美元"."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    scale = CURRENCY_SCALES.get((currency or "CNY").upper())
    if scale is None:
        return f"{_grouped(value)} {currency_name(currency)}"
    big, mid, base = sorted(scale, key=scale.get, reverse=True)
    unit = big if abs(value) >= scale[big] else mid if abs(value) >= scale[mid] else base
    q = Decimal(1).scaleb(-places)
    return f"{_grouped((value / scale[unit]).quantize(q, rounding=ROUND_HALF_UP))}{unit}"


CURRENCY_NAMES = {"CNY": "人民币", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元", "GBP": "英镑"}


def currency_name(code: str) -> str:
    """The name users read for an ISO currency code ("CNY" → "人民币"); an unknown code as given."""
    return CURRENCY_NAMES.get((code or "").upper(), code or "")


# Percentage points (个百分点) ---------------------------------------------------------------------
# A difference of two rates is always written with its sign, the minus a real minus sign (U+2212),
# never a hyphen: "+1.85个百分点", "−88.42个百分点", "0.00个百分点". Pages (the `pp` filter), sheets
# (PP_NUMBER_FORMAT on a numeric cell) and documents all go through these.

MINUS = "\u2212"


def signed(value: Decimal | int | str | None, places: int = 2) -> str:
    """A number rounded half up to `places` decimals with its sign: "+1.85", "−88.42", "0.00"
    ("—" for None). Zero carries no sign."""
    if value is None or value == "":
        return "—"
    q = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if q == 0:
        return format(abs(q), "f")
    return ("+" if q > 0 else MINUS) + format(abs(q), "f")


def pp_text(value: Decimal | int | str | None, places: int = 2) -> str:
    """A percentage-point difference: "+1.85个百分点", "−88.42个百分点" ("—" for None)."""
    if value is None or value == "":
        return "—"
    return signed(value, places) + "个百分点"


def pp_number_format(places: int = 2) -> str:
    """The spreadsheet number format that shows a numeric cell signed, with the real minus sign:
    the cell stays a number for sums and sorting."""
    zeros = "0." + "0" * places if places else "0"
    return f'"+"{zeros};"{MINUS}"{zeros};{zeros}'


PP_NUMBER_FORMAT = pp_number_format(2)
