"""The starting catalogue of indicators (seeded by a migration, then edited by administrators).

Each row: code, name, aliases, unit, frequency, options. Aliases are how texts and ledgers write
the name ("规上工业增加值", "固投", "社零").
"""

M, Q, A = "monthly", "quarterly", "annual"

CATALOGUE = [
    (
        "gdp",
        "地区生产总值",
        ["生产总值", "GDP", "全区生产总值"],
        "亿元",
        Q,
        {"growth_basis": "不变价", "source_department": "统计局"},
    ),
    ("va_primary", "第一产业增加值", ["一产增加值"], "亿元", Q, {"growth_basis": "不变价", "rate_as_reported": False}),
    (
        "va_secondary",
        "第二产业增加值",
        ["二产增加值"],
        "亿元",
        Q,
        {"growth_basis": "不变价", "rate_as_reported": False},
    ),
    (
        "va_tertiary",
        "第三产业增加值",
        ["三产增加值", "服务业增加值"],
        "亿元",
        Q,
        {"growth_basis": "不变价", "rate_as_reported": False},
    ),
    (
        "industry_va",
        "规模以上工业增加值",
        ["规上工业增加值", "规工增加值"],
        "亿元",
        M,
        {"joint_jan_feb": True, "growth_basis": "可比价（实际增长）", "source_department": "统计局"},
    ),
    ("industry_output", "规模以上工业总产值", ["规上工业总产值"], "亿元", M, {}),
    (
        "fai",
        "固定资产投资",
        ["固定资产投资总额", "全社会固定资产投资", "固投"],
        "亿元",
        M,
        {"no_january": True, "growth_basis": "现价", "source_department": "统计局"},
    ),
    (
        "industrial_investment",
        "工业投资",
        [],
        "亿元",
        M,
        {"no_january": True, "growth_basis": "现价", "rate_as_reported": False},
    ),
    (
        "retail",
        "社会消费品零售总额",
        ["社零", "社零总额", "全社会消费品零售总额"],
        "亿元",
        M,
        {"joint_jan_feb": True, "growth_basis": "现价", "rate_as_reported": False},
    ),
    (
        "budget_revenue",
        "一般公共预算收入",
        ["地方一般公共预算收入", "财政收入", "一般预算收入"],
        "亿元",
        M,
        {"growth_basis": "现价", "rate_as_reported": False, "source_department": "财政局"},
    ),
    ("tax_revenue", "税收收入", [], "亿元", M, {"rate_as_reported": False, "source_department": "财政局"}),
    (
        "trade",
        "进出口总值",
        ["进出口总额", "外贸进出口总额", "外贸进出口"],
        "万美元",
        M,
        {"growth_basis": "现价", "rate_as_reported": False, "source_department": "商务局"},
    ),
    (
        "fdi",
        "实际利用外资",
        ["实际使用外资", "直接利用外资"],
        "万美元",
        M,
        {"growth_basis": "可比口径", "source_department": "商务局", "decimals": 2},
    ),
    (
        "rural_income",
        "农村居民人均可支配收入",
        ["农村常住居民人均可支配收入"],
        "元",
        Q,
        {"growth_basis": "名义增长", "decimals": 0},
    ),
    (
        "urban_income",
        "城镇居民人均可支配收入",
        ["城镇常住居民人均可支配收入"],
        "元",
        Q,
        {"growth_basis": "名义增长", "decimals": 0},
    ),
    ("income", "居民人均可支配收入", [], "元", Q, {"growth_basis": "名义增长", "decimals": 0}),
    ("new_jobs", "城镇新增就业", [], "人", M, {"decimals": 0, "rate_as_reported": False}),
    ("hitech_va", "高新技术产业增加值", [], "亿元", M, {}),
    (
        "hitech_share",
        "高新技术产业增加值占规上工业比重",
        ["高新技术产业增加值占规上工业的比重"],
        "%",
        M,
        {"compare_on": "value", "description": "比重，变化以个百分点计"},
    ),
    (
        "techreform_share",
        "技改投资占工业投资比重",
        [],
        "%",
        M,
        {"compare_on": "value", "no_january": True, "description": "比重，变化以个百分点计"},
    ),
    ("welfare_spending", "民生支出", ["民生财政支出", "财政用于民生支出"], "亿元", A, {"rate_as_reported": False}),
]


def rows():
    for order, (code, name, aliases, unit, frequency, options) in enumerate(CATALOGUE, start=1):
        yield {
            "code": code,
            "name": name,
            "aliases": aliases,
            "unit": unit,
            "frequency": frequency,
            "order": order * 10,
            **options,
        }


def ensure(Indicator, Rule) -> None:  # model classes: the migration passes historical ones
    """Create the starting catalogue and rules where missing; rows an administrator edited stay."""
    for row in rows():
        Indicator.objects.get_or_create(code=row["code"], defaults=row)
    by_code = {i.code: i for i in Indicator.objects.all()}
    rule, created = Rule.objects.get_or_create(
        name="三次产业增加值之和等于地区生产总值",
        defaults={"kind": "sum", "severity": "warn", "indicator": by_code["gdp"], "tolerance_pct": 1},
    )
    if created:
        rule.parts.set([by_code["va_primary"], by_code["va_secondary"], by_code["va_tertiary"]])
    for code in ("gdp", "industry_va", "fai", "retail", "budget_revenue", "tax_revenue", "industry_output"):
        name = by_code[code].name
        Rule.objects.get_or_create(
            name=f"{name}累计值不低于上月",
            defaults={"kind": "cumulative", "severity": "block", "indicator": by_code[code]},
        )
        Rule.objects.get_or_create(
            name=f"{name}增速在合理范围",
            defaults={"kind": "range", "severity": "warn", "indicator": by_code[code], "low": -30, "high": 60},
        )
