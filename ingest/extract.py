"""Facts out of published text: amounts, percentages, indicator figures and projects.

Pure: no Django. Works on `text.clean()`'s output and reports spans in the original file, in the
shape docs/extraction.md and the `quzhi extract` contract describe. Everything is regular
expressions over the cleaned text — the language of these reports is formulaic ("全区生产总值
124.3亿元，比上年增长9.9%"), and patterns are fast, explainable and testable against a gold file.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .text import Cleaned, clean

NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_NUM = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
MULTIPLIERS = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3, "": 1}
CURRENCIES = {"元": "CNY", "美元": "USD"}

# "124.3亿元", "3990万美元", "十二亿元" (Chinese numerals only with 万/亿, which rules out "三元里"),
# "20多亿元" (a lower bound, the number as written).
AMOUNT = re.compile(
    rf"(?:(?P<n>{NUM})\s*(?:多|余)?\s*(?P<m>万亿|亿|千万|百万|万|千)?|(?P<cn>{CN_NUM})(?:多|余)?(?P<cm>万亿|亿|万))"
    r"(?P<c>美元|元)(?!/)"
)
PER_UNIT = re.compile(rf"(?P<n>{NUM})\s*(?P<u>元/人|元/吨|元/平方米|人|户|个|家)")
PERCENT = re.compile(rf"(?P<n>{NUM})\s*(?:(?P<pct>%)|(?P<pp>个百分点))")
GROWTH = re.compile(
    rf"(?P<w>同比增长|比上年增长|增长|增幅为?|增速为?|增速达|上升|提高|同比下降|比上年下降|下降|减少)\s*(?:了)?\s*"
    rf"(?P<n>{NUM})\s*%"
)
RANK = re.compile(r"第(?P<r>[一二三四五六七八九十]{1,3}|\d{1,3})(?:位|名)?")
RANK_CUE = re.compile(r"排名|排|位居|居|位列|列|名列|获|全市|全省|全国|城区|全区|[县市区]组")
TARGET_CUE = re.compile(r"目标|预期|力争|确保|争取|计划|要实现|左右|以上$")
SENTENCE_END = re.compile(r"[。！？!?\n]")
CLAUSE_END = re.compile(r"[；;。！？!?\n]")

# Periods in a sentence, in the order a reader meets them.
PERIOD = re.compile(
    r"(?P<year>\d{4})年(?!\d{1,2}月\d{1,2}日)"
    r"|(?P<m1>\d{1,2})\s*[~～\-—–至到]\s*(?P<m2>\d{1,2})\s*月份?"
    r"|(?P<q3>前三季度)|(?P<h1>上半年)|(?P<q1>一季度|第一季度)|(?P<full>全年)"
    r"|(?P<this>今年|本年度|本年)|(?P<last>(?<!比)去年|(?<!比)上年(?!同期))"
)
DATELINE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:星期|周)")

PROJECT_SUFFIX = r"(?:项目|工程|综合体|产业园|园区|基地|中心|广场|研究院|医院|学校|中学|小学|牧场|农庄|枢纽|小区|酒店)"
NAME_CHARS = r"[\u4e00-\u9fffA-Za-z0-9·“”\"（）()\-—]"
# "投资25亿元的衡水泰华教育综合体项目（志臻中学）", "总投资33.8亿元的…", "20亿元的中城开农业综合体"
PROJECT_AFTER_AMOUNT = re.compile(
    rf"(?P<inv>(?:总投资|计划投资|投资)?(?:约|达|超过?|近)?(?:{NUM})\s*(?:多|余)?(?:万亿|亿|千万|百万|万|千)?(?:美元|元))的"
    rf"(?P<name>{NAME_CHARS}{{2,40}}?{PROJECT_SUFFIX}+(?:[（(][^（()）]{{1,12}}[）)])?|{NAME_CHARS}{{2,30}}?(?=[、，,。；;等]))"
)
# "…生物医药产业园项目，总投资103亿元", "白鹤湖智慧岛项目"
PROJECT_NAMED = re.compile(rf"(?P<name>{NAME_CHARS}{{2,30}}?项目)(?:[（(][^（()）]{{1,12}}[）)])?")
PROJECT_START = re.compile(
    r"[，。、；：,;:！？\n\s]|——|实施|推进|建设|建好|引进|签约|开工|落地|谋划|包括|其中|如|的|了|和|与|及|等|是|要|把|"
    r"确保|突出|融入|抓好|围绕|对接|洽谈|争取|储备|入选|列入|纳入|打造|组织|筹备|申报|立项|为|对|在|以|抓|图为"
)
# Names that are a kind or a count of projects, not a project: "重点项目", "45个亿元项目", "一批大项目".
GENERIC_PROJECT = re.compile(
    r"\d+\s*[个批项]|[一两三四五六七八九十百千几多余]+[个批项]|一大批|各类?|该项目|此项目|本项目|这些项目|以[上下]项目|至.*项目|"
    r"^[^“”]{0,6}(?:重点|重大|大|好|亿元|意向|城建|工业|服务业|基础设施|民生|招商|签约|在建|新建|续建|前期|产业|储备|科技|"
    r"备选|省级|市级|区级|县级|龙头|示范|试点|外资|内资|财政投资|政府投资|投资|战略|长远|千秋|相关|农林水|社会事业)项目$"
)
INVESTMENT_AFTER = re.compile(
    rf"^[，,]?(?:项目)?(?:总投资|计划总投资|投资)(?:约|达|超)?(?P<amt>(?:{NUM})\s*(?:多|余)?(?:亿|万)?(?:美元|元))"
)


@dataclass(frozen=True)
class IndicatorEntry:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class Fact:
    type: str
    start: int  # cleaned-text offsets while extracting; original offsets once reported
    end: int
    fields: dict = field(default_factory=dict)
    sentence: tuple[int, int] = (0, 0)  # the sentence holding it, original offsets


def default_entries() -> list[IndicatorEntry]:
    """The seeded catalogue (names and aliases), for extraction without a database. Shares (%) are
    structure figures, not indicators with a level and a growth rate."""
    from indicators.catalogue import CATALOGUE  # plain data, no Django

    return [IndicatorEntry(name, tuple(aliases)) for _code, name, aliases, unit, *_ in CATALOGUE if unit != "%"]


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def chinese_number(text: str) -> Decimal:
    """ "十二" → 12, "一百零五" → 105, "三点五" → 3.5, "两千" → 2000."""
    whole, _, frac = text.partition("点")
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    total, current = 0, 0
    for ch in whole:
        if ch in digits:
            current = digits[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    value = Decimal(total + current)
    if frac:
        value += Decimal("0." + "".join(str(digits[c]) for c in frac))
    return value


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def amount_value(m: re.Match) -> tuple[int | float, str]:
    if m.group("n"):
        value = number(m.group("n")) * MULTIPLIERS[m.group("m") or ""]
    else:
        value = chinese_number(m.group("cn")) * MULTIPLIERS[m.group("cm")]
    return _plain(value), CURRENCIES[m.group("c")]


def document_date(text: str) -> datetime.date | None:
    """The page's date from its dateline ("2024年10月1日 星期二"), if it prints one."""
    m = DATELINE.search(text[:2000])
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass
class PeriodState:
    year: int | None = None
    through: int | None = None

    def update(self, m: re.Match, doc_date: datetime.date | None) -> None:
        if m.group("year"):
            self.year, self.through = int(m.group("year")), None
        elif m.group("m2"):
            self.through = int(m.group("m2"))
        elif m.group("q3"):
            self.through = 9
        elif m.group("h1"):
            self.through = 6
        elif m.group("q1"):
            self.through = 3
        elif m.group("full"):
            self.through = 12
        elif m.group("this") and doc_date:
            self.year, self.through = doc_date.year, None
        elif m.group("last") and doc_date:
            self.year, self.through = doc_date.year - 1, 12


class Extractor:
    def __init__(self, catalogue: Iterable[IndicatorEntry]):
        names: dict[str, str] = {}
        for entry in catalogue:
            for alias in (entry.name, *entry.aliases):
                names[alias] = entry.name
        self.canonical = names
        alternation = "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True))
        self.indicator_re = re.compile(alternation) if alternation else None

    # The whole document ------------------------------------------------------------------------

    def extract(self, original: str) -> list[Fact]:
        cleaned = clean(original)
        text = cleaned.matching
        doc_date = document_date(original)
        facts = [*self.amounts(text), *self.percents(text), *self.indicators(text, doc_date, cleaned),
                 *self.projects(text, cleaned.text)]  # fmt: skip
        return self._report(facts, cleaned)

    def _report(self, facts: list[Fact], cleaned: Cleaned) -> list[Fact]:
        out, seen = [], set()
        text = cleaned.text
        for f in sorted(facts, key=lambda f: (f.start, f.type, f.end)):
            start, end = cleaned.span(f.start, f.end)
            key = (f.type, start, end, tuple(sorted((k, str(v)) for k, v in f.fields.items())))
            if key in seen:
                continue
            seen.add(key)
            s_start = self._sentence_start(text, f.start)
            found = SENTENCE_END.search(text, f.end)
            s_end = found.end() if found and found.group() != "\n" else (found.start() if found else len(text))
            sentence = cleaned.span(s_start, max(s_end, s_start + 1))
            out.append(Fact(f.type, start, end, f.fields, (min(sentence[0], start), max(sentence[1], end))))
        return out

    # Amounts and percentages ---------------------------------------------------------------------

    def amounts(self, text: str) -> list[Fact]:
        facts = []
        for m in AMOUNT.finditer(text):
            value, currency = amount_value(m)
            facts.append(Fact("amount", m.start(), m.end(), {"value": value, "currency": currency}))
        return facts

    def percents(self, text: str) -> list[Fact]:
        return [
            Fact("percent", m.start(), m.end(),
                 {"value": _plain(number(m.group("n"))), "unit": "pp" if m.group("pp") else "%"})
            for m in PERCENT.finditer(text)
        ]  # fmt: skip

    # Indicators ----------------------------------------------------------------------------------

    def indicators(self, text: str, doc_date: datetime.date | None, cleaned: Cleaned) -> list[Fact]:
        if self.indicator_re is None:
            return []
        facts: list[Fact] = []
        mentions = list(self.indicator_re.finditer(text))
        if not mentions:
            return facts
        periods = list(PERIOD.finditer(text))
        state, p = PeriodState(), 0
        for i, m in enumerate(mentions):
            # The period in force: the last one stated before the mention in its paragraph or earlier.
            while p < len(periods) and periods[p].start() < m.start():
                state.update(periods[p], doc_date)
                p += 1
            clause_end = self._clause_end(text, m.end())
            group_end = m.end()
            # "固定资产投资、社会消费品零售总额增速均排名…第一": names joined by 、/和 share what follows.
            j = i
            while j + 1 < len(mentions) and re.fullmatch(
                r"[、和及与]|以及", text[mentions[j].end() : mentions[j + 1].start()]
            ):
                j += 1
                group_end = mentions[j].end()
            next_start = mentions[j + 1].start() if j + 1 < len(mentions) else len(text)
            scope_end = min(clause_end, next_start)
            figures = self._figures(text, group_end, scope_end)
            if figures is None:
                continue
            sentence_start = self._sentence_start(text, m.start())
            target = bool(TARGET_CUE.search(text[sentence_start : m.start()])) or "左右" in text[m.end() : scope_end]
            year, through = state.year, state.through
            if year is not None and through is None and (target or doc_date is None or year < doc_date.year):
                through = 12  # a past year's result, or a year's goal: the whole year
            fields = {
                "name": self.canonical[m.group()],
                "year": year,
                "through_month": through,
                **figures[0],
                "target": target,
            }
            facts.append(Fact("indicator", m.start(), figures[1], fields))
        return facts

    @staticmethod
    def _clause_end(text: str, pos: int) -> int:
        found = CLAUSE_END.search(text, pos)
        return found.start() if found else len(text)

    @staticmethod
    def _sentence_start(text: str, pos: int) -> int:
        """Where the sentence holding `pos` starts: after the last sentence-final mark before it."""
        return max(text.rfind(mark, 0, pos) for mark in "。！？!?\n") + 1

    def _figures(self, text: str, start: int, end: int) -> tuple[dict, int] | None:
        """Level, growth and rank stated between an indicator's name and the end of its clause."""
        part = text[start:end]
        value = currency = unit = growth = rank = None
        last = 0
        a = AMOUNT.search(part)
        g = GROWTH.search(part)
        if a and (g is None or a.start() < g.start()) and a.start() < 12:
            value, currency = amount_value(a)
            last = max(last, a.end())
        elif not a:
            u = PER_UNIT.search(part)
            if u and u.start() < 8 and (g is None or u.start() < g.start()):
                value, unit = _plain(number(u.group("n"))), u.group("u")
                last = max(last, u.end())
        if g:
            growth = _plain(number(g.group("n")))
            if g.group("w") in ("同比下降", "比上年下降", "下降", "减少"):
                growth = -growth
            last = max(last, g.end())
        cue = RANK_CUE.search(part)
        if cue:
            r = RANK.search(part, cue.end())
            if r and r.start() - cue.end() <= 10:
                raw = r.group("r")
                rank = int(raw) if raw.isdigit() else int(chinese_number(raw))
                last = max(last, r.end())
        if value is None and growth is None and rank is None:
            return None
        return {"value": value, "currency": currency, "unit": unit, "growth_pct": growth, "rank": rank}, start + last

    # Projects ------------------------------------------------------------------------------------

    def projects(self, text: str, written: str) -> list[Fact]:
        """Projects named in `text` (the matching form); names are reported from `written`."""
        facts: list[Fact] = []
        taken: list[tuple[int, int]] = []
        for m in PROJECT_AFTER_AMOUNT.finditer(text):
            inv = AMOUNT.search(m.group("inv"))
            value, currency = amount_value(inv)
            name = m.group("name").strip('“”"')
            if len(name) < 2 or GENERIC_PROJECT.search(name):
                continue
            s, e = m.start("name"), m.end("name")
            facts.append(
                Fact("project", s, e, {"name": written[s:e], "investment": value if currency == "CNY" else None})
            )
            taken.append((s, e))
        for m in PROJECT_NAMED.finditer(text):
            s, e = self._name_start(text, m.start("name"), m.end("name")), m.end()
            if e - s < 5 or any(a < e and s < b for a, b in taken):
                continue
            name = written[s:e]
            if GENERIC_PROJECT.search(name):
                continue
            after = INVESTMENT_AFTER.match(text, e)
            investment = None
            if after:
                inv = AMOUNT.search(after.group("amt"))
                value, currency = amount_value(inv)
                investment = value if currency == "CNY" else None
            facts.append(Fact("project", s, e, {"name": name, "investment": investment}))
            taken.append((s, e))
        return facts

    @staticmethod
    def _name_start(text: str, start: int, end: int) -> int:
        """A name's first character: after the last boundary (punctuation, a verb) inside the match."""
        best = start
        for b in PROJECT_START.finditer(text, start, end - 2):
            best = b.end()
        return best


def as_json(doc: str, original: str, fact: Fact) -> dict:
    """One fact in the `quzhi extract` shape, with the exact source text."""
    return {"doc": doc, "type": fact.type, "text": original[fact.start : fact.end], "start": fact.start,
            "end": fact.end, **fact.fields}  # fmt: skip
