"""Reporting periods of indicators. No Django here.

A period is a year and a kind: cumulative from January through month N (1–N月, which is also
一季度 = 3, 上半年 = 6, 前三季度 = 9, 全年 = 12), a single month, or a single quarter.
Most published figures are cumulative.
"""

from dataclasses import dataclass

CUMULATIVE, MONTH, QUARTER = "ytd", "month", "quarter"
FIRST_YEAR, LAST_YEAR = 1990, 2100  # a period typed or sent by a user (published history goes back to 1990)
QUARTER_NAMES = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
CHINESE_QUARTERS = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str = CUMULATIVE
    number: int = 12  # the through-month, the month, or the quarter

    def __post_init__(self):
        limit = 4 if self.kind == QUARTER else 12
        if self.kind not in (CUMULATIVE, MONTH, QUARTER) or not 1 <= self.number <= limit:
            raise ValueError(f"no such period: {self.year} {self.kind} {self.number}")

    @property
    def end_month(self) -> int:
        return self.number * 3 if self.kind == QUARTER else self.number

    def label(self, quarterly: bool = False) -> str:
        """ "2016年", "2024年1-7月", "2020年前三季度", "2024年3月", "2024年二季度"."""
        if self.kind == MONTH:
            return f"{self.year}年{self.number}月"
        if self.kind == QUARTER:
            return f"{self.year}年{CHINESE_QUARTERS[self.number]}"
        if self.number == 12:
            return f"{self.year}年"
        if quarterly and self.number in QUARTER_NAMES:
            return f"{self.year}年{QUARTER_NAMES[self.number]}"
        return f"{self.year}年1月" if self.number == 1 else f"{self.year}年1-{self.number}月"

    def same_last_year(self) -> "Period":
        return Period(self.year - 1, self.kind, self.number)

    def previous_cumulative(self) -> "Period | None":
        """1–(N−1)月 of the same year, for the month derived from two cumulative figures."""
        if self.kind != CUMULATIVE or self.number == 1:
            return None
        return Period(self.year, CUMULATIVE, self.number - 1)

    @property
    def key(self) -> str:
        """ "2024-ytd-7": for URLs and forms."""
        return f"{self.year}-{self.kind}-{self.number}"

    @classmethod
    def parse(cls, key: str) -> "Period":
        try:
            year, kind, number = key.split("-")
            if not FIRST_YEAR <= int(year) <= LAST_YEAR:
                raise ValueError(year)
            return cls(int(year), kind, int(number))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"“{key}”不是报告期") from exc


def is_due(*, frequency: str, period: Period, joint_jan_feb: bool = False, no_january: bool = False) -> bool:
    """Whether an indicator of `frequency` is reported for a cumulative `period`.

    Monthly figures are due every month, except January for those published jointly for
    January–February or not at all for January; quarterly ones at months 3, 6, 9, 12; annual at 12.
    """
    if period.kind != CUMULATIVE:
        return False
    n = period.number
    if frequency == "monthly":
        return not (n == 1 and (joint_jan_feb or no_january))
    if frequency == "quarterly":
        return n in (3, 6, 9, 12)
    return n == 12
