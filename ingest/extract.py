"""Facts out of published text: amounts, percentages, indicator figures and projects.

Pure: no Django. Works on `text.clean()`'s output and reports spans in the original file, in the
shape docs/extraction.md and the `quzhi extract` contract describe. Everything is regular
expressions over the cleaned text — the language of these reports is formulaic ("全区生产总值
124.3亿元，比上年增长9.9%"), and patterns are fast, explainable and testable against a gold file.
"""

import bisect
import datetime
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .text import Cleaned, articles, clean, is_cjk

NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_NUM = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
MULTIPLIERS = {"万亿": 10**12, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4, "千": 10**3, "": 1}
CURRENCIES = {"元": "CNY", "美元": "USD"}

# "124.3亿元", "3990万美元", "十二亿元" (Chinese numerals only with 万/亿, which rules out "三元里"),
# "20多亿元" (a lower bound, the number as written).
AMOUNT = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百千])"
    rf"(?:(?P<n>{NUM})\s*(?:多|余)?\s*(?P<m>万亿|亿|千万|百万|万|千)?|(?P<cn>{CN_NUM})(?:多|余)?(?P<cm>万亿|亿|万))"
    r"(?P<c>美元|元)(?!/)"
)
PER_UNIT = re.compile(rf"(?P<n>{NUM})\s*(?P<w>万)?(?P<u>元/人|元/吨|元/平方米|人|户|个|家)(?!百分点|次)")
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
    r"(?=[\d前上一第全今本去])"
    r"(?P<year>\d{4})年(?!\d{1,2}月\d{1,2}日)"
    r"|(?<![比较])(?:(?P<m1>\d{1,2})\s*[~～\-—–至到]\s*(?P<m2>\d{1,2})\s*月份?"
    r"|(?P<q3>前三季度)|(?P<h1>上半年)|(?P<q1>一季度|第一季度)|(?P<full>全年))"
    r"|(?P<this>今年|本年度|本年)|(?P<last>(?<!比)去年|(?<!比)上年(?!同期))"
)
DATELINE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:星期|周)")

PROJECT_SUFFIX = r"(?:项目|工程|综合体|产业园|园区|基地|中心|广场|研究院|医院|学校|中学|小学|牧场|农庄|枢纽|小区|酒店)"
NAME_CHARS = r"[\u4e00-\u9fffA-Za-z0-9·“”\"（）()\-—]"
# "投资25亿元的衡水泰华教育综合体项目（志臻中学）", "总投资33.8亿元的…", "20亿元的中城开农业综合体"
PROJECT_AFTER_AMOUNT = re.compile(
    r"(?=[总计投约达超近\d])"
    rf"(?P<inv>(?:总投资|计划投资|投资)?(?:约|达|超过?|近)?(?:{NUM})\s*(?:多|余)?(?:万亿|亿|千万|百万|万|千)?(?:美元|元))的"
    rf"(?P<name>{NAME_CHARS}{{2,40}}?{PROJECT_SUFFIX}+(?:[一二三四五六七八九十\d]+期)?(?:项目|工程)?"
    rf"(?:[（(][^（()）]{{1,12}}[）)])?|{NAME_CHARS}{{2,30}}?(?=[、，,。；;等]))"
)
# "…生物医药产业园项目，总投资103亿元", "白鹤湖智慧岛项目"
# "…白鹤湖智慧岛项目", "采煤沉陷区综合治理工程": found from each 项目/工程 backwards (a pattern tried at
# every position of the text would cost five times as much).
PROJECT_WORD = re.compile(r"项目|工程")
NAME_RUN = re.compile(rf"{NAME_CHARS}{{2,50}}$")
PAREN = re.compile(r"[（(](?![^（()）]*投资)[^（()）]{1,12}[）)]")
PROJECT_START = re.compile(
    r"[，。、；：,;:！？\n\s]|——|实施|推进|建设|建好|引进|签约|开工|落地|谋划|包括|其中|如|的|了|和|与|是|要|把|"
    r"确保|突出|融入|抓好|围绕|对接|洽谈|争取|储备|入选|列入|纳入|打造|组织|筹备|申报|立项|为|对|在|以|抓|图为|暨|加快"
)
# Names that are a kind or a count of projects, not a project: "重点项目", "45个亿元项目", "一批大项目".
GENERIC_PROJECT = re.compile(
    r"\d+\s*[个批项]|[一两三四五六七八九十百千几多余]+[个批项]|一大批|各类?|该项目|此项目|本项目|这些项目|以[上下]项目|至.*项目|"
    r"^[^“”]{0,6}(?:重点|重大|大|好|亿元|意向|城建|工业|服务业|基础设施|民生|招商|签约|在建|新建|续建|前期|产业|储备|科技|"
    r"备选|省级|市级|区级|县级|龙头|示范|试点|外资|内资|财政投资|政府投资|投资|战略|长远|千秋|相关|农林水|社会事业)项目$"
)
INVESTMENT_AFTER = re.compile(
    rf"[，,]?(?:该?项目)?(?:计划)?(?:总投资|投资)(?:约|达|超|为)?(?P<amt>(?:{NUM})\s*(?:多|余)?(?:亿|万)?(?:美元|元))"
)
# "万邦国际冷链物流、鸿运智慧物流园、骏通物流等重点项目", "…EOD项目、生物医药产业园和白鹤湖智慧岛三大战略项目":
# every item of such a list is a project.
ENUM_TAIL = re.compile(
    r"(?=[等\d一二三四五六七八九十两])"
    r"等(?:\s*\d+\s*个|[一二三四五六七八九十两]+个)?(?:一批(?:[^，。；、\d]{1,8}的)?)?(?:重点|重大|战略|民生)?项目"
    r"|(?:[一二三四五六七八九十两]+大|\d+\s*个)(?:重点|重大|战略)?项目"
)
# The total investment of the project just named, in its clause or the next ("…项目建成投产，总投资15亿元",
# "…项目（总投资3.2亿元）", "…项目正在安装设备，项目计划总投资35亿元"), or opening the next sentence
# ("。该项目总投资5.8亿元", "。这个总投资110亿元的项目"). Not a year's plan nor what was completed
# ("年度计划投资", "完成投资"), and not "总投资X亿元的" — that is the next project's.
LINKED_INVESTMENT = re.compile(
    r"(?<!分别)(?:该项目|项目)?(?:计划)?(?:总投资|投资总额)(?:约|达|超过?|为|近)?\s*"
    rf"(?P<amt>(?:{NUM})\s*(?:多|余)?(?:亿|万)?(?:美元|元))(?!的)"
)
NEXT_SENTENCE_INVESTMENT = re.compile(
    r"[。；](?:该|这个|此)(?:项目)?(?:计划)?总投资(?:约|达|超过?|为|近)?\s*"
    rf"(?P<amt>(?:{NUM})\s*(?:多|余)?(?:亿|万)?(?:美元|元))"
)
# Investments given for a list of projects: "…A项目、B项目等，分别总投资18亿元和12.6亿元".
RESPECTIVE_INVESTMENT = re.compile(r"分别(?:计划)?(?:总)?投资|总投资分别[为是达]?")
INVESTMENT_LIST = re.compile(
    rf"\s*(?:{NUM})\s*(?:多|余)?(?:亿|万)?(?:美元|元)(?:\s*(?:[、,，和及与]|以及)\s*(?:{NUM})\s*(?:多|余)?(?:亿|万)?(?:美元|元))*"
)
# Where the place a project is built ends and its name begins: a town, street, park or zone in
# front ("睢水镇", "宁乡高新区", "安州工业园区"), unless what follows is only an ordinal or the head.
LOCATIVE = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:镇|乡|街道|(?:经济技术|经济|高新技术|高新|工业|产业|科教|物流)?"
    r"(?:开发区|园区|集聚区|新区|经开区|高新区|工业区|示范区))"
)
BARE_HEAD = re.compile(r"(?:[一二三四五六七八九十\d]+期)?(?:项目|工程|建设)")
# Parts of speech (jieba's tags) that may stand before a clause's verb as its subject or adverbials:
# places, people and organisations, pronouns, adverbs, prepositions, times, numbers, particles, idioms,
# and nouns naming a unit ("雨花区", "全市", "观摩团").
SUBJECT_TAGS = {"ns", "nr", "nrt", "nrfg", "nt", "r", "d", "p", "t", "m", "q", "mq", "c", "l", "i", "ad"}
SUBJECT_NOUN = ("区", "县", "市", "镇", "乡", "村", "旗", "州", "省", "街道", "政府", "局", "委", "办", "组", "团")
SUBJECT_NOUN += ("部门", "企业", "公司", "我们")
# Endings no trimming in front can make a name ("…重点项目", "…等项目"): not looked at further.
REJECTED_TAIL = re.compile(r"(?:重点|重大|“|暨)项目$|等\S{0,4}项目$")
PROPER_TAGS = {"ns", "nr", "nrt", "nz", "nt"}
LEAD_FUNCTION_TAGS = {"f", "p", "c", "d", "ul", "uj", "uz", "ug", "r"}
CLAUSE_START = re.compile(r"[，。；：,;:!?！？\n]")
LEAD_VERB = re.compile(
    r"^(?:.{0,12}?)(?:加快推进|全力推进|强力推进|重点推进|加快|加速|推进|开工建设|完成|谋划引进了|引进了|引进|实施|启动|建成|"
    r"保障|包括|如|是|有)"
)
NOT_A_NAME = re.compile(
    r"简化|清理|完成|参加|违法|违规|审批|申报|开展|组织|招投标|争取|谋划|包装|扶持|整治|专项债|做好|确保"
)
# Counts of projects: "全年实施重点项目120个", "对接洽谈45个亿元项目", "签约亿元以上项目12个".
COUNT_AFTER = re.compile(
    rf"(?P<s>[\u4e00-\u9fff]{{1,12}}?项目)(?:总数|数量)?(?:共|累计)?(?:达到|达|为|有)?\s*(?P<n>\d+|{CN_NUM})\s*[个项](?!百分点)"
)
COUNT_BEFORE = re.compile(rf"(?<![\d.])(?P<n>\d+|{CN_NUM})\s*个(?P<s>[\u4e00-\u9fff]{{0,8}}?项目)")
COUNT_VERB = re.compile(
    r"(?:新开工|开工|实施|推进|建设|签约|引进|谋划|储备|落地|竣工|完成|入选|列入|纳入|包装|申报|对接洽谈|洽谈|对接|在建|新建|续建)$"
)
COUNT_LEAD = re.compile(r"^(?:.*?[，,、；;：:]|)(?:全年|全区|全县|全市|今年|本年|年内|当年|共|累计|其中|已|了)*")
# A gap to a reference unit: "高于全市平均水平2.1个百分点", "低于全省1.2个百分点".
GAP = re.compile(
    rf"(?P<dir>高于|低于|快于|慢于|超过|超出|领先于?|落后于?|比)(?P<ref>[\u4e00-\u9fff]{{1,14}}?)"
    rf"(?P<more>高出?|低|快|慢|提高|下降)?\s*(?P<n>{NUM})\s*个百分点"
)
BELOW = {"低于", "慢于", "落后", "落后于"}
TIME_REFERENCE = re.compile(r"(?:上年|去年|前年|同期|上月|上季度|年初|上半年|一季度|前三季度|\d{4}年)")
STRONG_SUFFIX = re.compile(r"(?:项目|工程|综合体|产业园|园区|基地|中心|广场|牧场|农庄|医院|学校|工厂|湿地|物流园)$")


@dataclass(frozen=True)
class Mention:
    """An indicator named in the text: where, and its canonical name."""

    start: int
    end: int
    name: str


URBAN_RURAL = re.compile(r"城乡")
EMPTY_FIGURES = {"value": None, "currency": None, "unit": None, "growth_pct": None, "rank": None}
# The first half of an elliptic pair ("城镇、农村居民…"): a few characters after a clause mark.
ELLIPSIS_LEAD = re.compile(r"[\u4e00-\u9fff]{2,8}$")
# What "分别" pairs: the names listed in its clause, and the lists of figures after it.
LIST_CLAUSE_START = re.compile(r"[，。；：,;:\n]")
LIST_ITEM = re.compile(r"[^、和及与]+")
LIST_FIGURE = re.compile(
    rf"(?P<n>{NUM})\s*(?:(?P<pct>%)|(?:(?P<m>万亿|亿|千万|百万|万|千)?(?P<c>美元|元)(?!/))|(?P<w>万)?(?P<u>元/人|人|户|个|家)(?!百分点|次))"
)
LIST_GROWTH = re.compile(r"(?:增长|增速|增幅|提高|上升|(?P<down>下降|减少))[^、，,。；]{0,4}$|分别[为是]?$")
# A rate opening the next sentence, after at most a clause of method: "。按可比价计算，同比增长4.6%".
NEXT_GROWTH = re.compile(
    rf"[。]\s*(?:[^\d。；，,！？\n]{{2,12}}[，,])?(?P<w>同比增长|比上年增长|增长|同比下降|比上年下降|下降)\s*(?P<n>{NUM})\s*%"
)
# A sentence that opens a list of goals: "主要预期目标是：…；…；…".
TARGET_LIST = re.compile(r"(?:目标|预期)[^。；;！？\n]{0,8}[：:]")


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
    reach: int = 0  # cleaned offset its evidence reaches (an investment stated after the name)


PERIOD_MARK = re.compile(r"[年月季]")
PERCENT_MARK = re.compile(r"%|个百分点")
AMOUNT_OF = re.compile(r"元的")


def _fields_key(fields: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in fields.items()))


def find_near(pattern: re.Pattern, mark: re.Pattern, text: str, *, before: int, after: int) -> list[re.Match]:
    """`pattern`'s matches, looked for only around the characters every match contains (年 for a
    period, % for a percentage): a pattern tried at every digit of a long text costs far more."""
    found: list[re.Match] = []
    last = 0
    for m in mark.finditer(text):
        if m.start() < last:
            continue
        hit = pattern.search(text, max(last, m.start() - before), m.end() + after)
        while hit is not None and hit.end() <= m.start():  # a match before the mark: keep it, look on
            found.append(hit)
            last = hit.end()
            hit = pattern.search(text, last, m.end() + after)
        if hit is not None:
            found.append(hit)
            last = hit.end()
    return found


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of `text` ends (after 。！？ or a paragraph break), in order."""
    return [m.end() for m in SENTENCE_END.finditer(text)]


def sentence_start(ends: list[int], pos: int) -> int:
    """Where the sentence holding `pos` starts: after the last sentence end before it."""
    i = bisect.bisect_right(ends, pos) - 1
    return ends[i] if i >= 0 else 0


def trie_pattern(words: list[str]) -> str:
    """One pattern matching the longest of `words` at a position, as a trie ("规模以上工业(?:增加值|总产值)"):
    Python's engine would otherwise try each of the catalogue's ~60 names at every character."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


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
        if self.year is None and self.through is not None and doc_date is not None:
            self.year = doc_date.year  # "上半年" with no year, on a dated page: that year's


class Extractor:
    def __init__(self, catalogue: Iterable[IndicatorEntry]):
        names: dict[str, str] = {}
        for entry in catalogue:
            for alias in (entry.name, *entry.aliases):
                names[alias] = entry.name
        self.canonical = names
        self.indicator_re = re.compile(trie_pattern(list(names))) if names else None

    # The whole document ------------------------------------------------------------------------

    def extract(self, original: str) -> list[Fact]:
        cleaned = clean(original)
        text = cleaned.matching
        doc_date = document_date(original)
        facts = [*self.amounts(text), *self.percents(text), *self.indicators(text, doc_date, cleaned),
                 *self.projects(text, cleaned.text), *self.counts(text), *self.gaps(text)]  # fmt: skip
        return self._report(facts, cleaned)

    def _report(self, facts: list[Fact], cleaned: Cleaned) -> list[Fact]:
        out: list[Fact] = []
        seen: dict[tuple, list[dict]] = {}  # (type, start, end) → the fields reported for that span
        text = cleaned.text
        ends = sentence_ends(text)
        for f in sorted(facts, key=lambda f: (f.start, f.type, f.end)):
            start, end = cleaned.span(f.start, f.end)
            # A fact found twice (same span, same fields) is reported once; the fields are compared
            # only when the span has been seen, which is rare.
            same_span = seen.setdefault((f.type, start, end), [])
            if same_span and _fields_key(f.fields) in map(_fields_key, same_span):
                continue
            same_span.append(f.fields)
            s_start = sentence_start(ends, f.start)
            # The first sentence end at or after the fact (`ends` holds them all, in order).
            k = bisect.bisect_right(ends, max(f.end, f.reach))
            s_end = (ends[k] - (text[ends[k] - 1] == "\n")) if k < len(ends) else len(text)
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
            for m in find_near(PERCENT, PERCENT_MARK, text, before=20, after=4)
        ]  # fmt: skip

    # Counts of projects and gaps to a reference unit -----------------------------------------------

    def counts(self, text: str) -> list[Fact]:
        """ "实施重点项目120个" → count {subject: "实施重点项目", value: 120, unit: "个"}."""
        facts, taken = [], set()
        for m in find_near(COUNT_AFTER, PROJECT_WORD, text, before=14, after=12):
            subject = COUNT_LEAD.sub("", m.group("s"), count=1)
            if len(subject) < 3:
                continue
            facts.append(self._count(m.start("s") + len(m.group("s")) - len(subject), m.end(), subject, m.group("n")))
            taken.add(m.end("n"))
        for m in find_near(COUNT_BEFORE, PROJECT_WORD, text, before=18, after=0):
            if m.end("n") in taken:
                continue
            verb = COUNT_VERB.search(text, max(0, m.start() - 6), m.start())
            start = verb.start() if verb else m.start()
            subject = (verb.group() if verb else "") + m.group("s")
            facts.append(self._count(start, m.end(), subject, m.group("n")))
        return facts

    @staticmethod
    def _count(start: int, end: int, subject: str, raw: str) -> Fact:
        value = int(raw) if raw.isdigit() else int(chinese_number(raw))
        return Fact("count", start, end, {"subject": subject, "value": value, "unit": "个"})

    def gaps(self, text: str) -> list[Fact]:
        """ "高于全市平均水平2.1个百分点" → gap {reference: "全市平均水平", value: 2.1, unit: "pp"};
        the value is negative below the reference ("低于全省1.2个百分点" → −1.2)."""
        facts = []
        for m in find_near(GAP, PERCENT_MARK, text, before=24, after=4):
            if "%" in m.group():
                continue
            word = m.group("dir")
            below = word in BELOW or (word == "比" and m.group("more") in ("低", "慢", "下降"))
            if (word == "比" and not m.group("more")) or TIME_REFERENCE.match(m.group("ref")):
                continue  # "比上年提高3.3个百分点" is a change over time, not a gap to another unit
            value = _plain(-number(m.group("n")) if below else number(m.group("n")))
            facts.append(Fact("gap", m.start(), m.end(), {"reference": m.group("ref"), "value": value, "unit": "pp"}))
        return facts

    # Indicators ----------------------------------------------------------------------------------

    def indicators(self, text: str, doc_date: datetime.date | None, cleaned: Cleaned) -> list[Fact]:
        if self.indicator_re is None:
            return []
        facts: list[Fact] = []
        mentions = self._mentions(text)
        if not mentions:
            return facts
        periods = find_near(PERIOD, PERIOD_MARK, text, before=10, after=8)
        starts, ends = articles(cleaned), sentence_ends(text)
        paired = self._respectively(text, mentions)  # mention index → (fields, end) from 分别 lists
        state, p, article = PeriodState(), 0, 0
        for i, m in enumerate(mentions):
            # The period in force: the last one stated before the mention in the same article (a new
            # article on the page starts without one; its figures may be of another year).
            while article + 1 < len(starts) and starts[article + 1] <= m.start:
                article += 1
                state = PeriodState()
                while p < len(periods) and periods[p].start() < starts[article]:
                    p += 1
            while p < len(periods) and periods[p].start() < m.start:
                state.update(periods[p], doc_date)
                p += 1
            clause_end = self._clause_end(text, m.end)
            next_start = len(text)
            if i in paired:
                figures = paired[i]
                scope_end = clause_end
            else:
                group_end = m.end
                # "固定资产投资、社会消费品零售总额增速均排名…第一": names joined by 、/和 share what follows.
                j = i
                while j + 1 < len(mentions) and re.fullmatch(
                    r"[、和及与]|以及", text[mentions[j].end : mentions[j + 1].start]
                ):
                    j += 1
                    group_end = mentions[j].end
                next_start = mentions[j + 1].start if j + 1 < len(mentions) else len(text)
                scope_end = min(clause_end, next_start)
                figures = self._figures(text, group_end, scope_end)
                if figures is not None and figures[0]["growth_pct"] is None:
                    figures = self._growth_next_sentence(text, figures, next_start)
            if figures is None:
                continue
            sentence_begins = sentence_start(ends, m.start)
            # A goal is stated as such in the same clause group ("预期目标是：…，…"), not a clause away
            # ("实施…计划，…；城镇新增就业4517人"), unless it opens the sentence's list ("目标是：…；…；…").
            clause_start = max(sentence_begins, text.rfind("；", 0, m.start) + 1, text.rfind(";", 0, m.start) + 1)
            target = (
                bool(TARGET_CUE.search(text[clause_start : m.start]))
                or "左右" in text[m.end : scope_end]
                or bool(TARGET_LIST.search(text, sentence_begins, m.start))
            )
            year, through = state.year, state.through
            if year is not None and through is None and (target or doc_date is None or year < doc_date.year):
                through = 12  # a past year's result, or a year's goal: the whole year
            fields = {"name": m.name, "year": year, "through_month": through, **figures[0], "target": target}
            facts.append(Fact("indicator", m.start, figures[1], fields))
        return facts

    def _mentions(self, text: str) -> list["Mention"]:
        """The catalogue's names in `text`, and the first halves of elliptic pairs: in "城镇、农村居民人均
        可支配收入" or "城镇居民和农村居民人均可支配收入", "城镇" names 城镇居民人均可支配收入."""
        found: list[Mention] = []
        for m in self.indicator_re.finditer(text):
            name = self.canonical[m.group()]
            a = m.start()
            if a >= 2 and text[a - 1] in "、和及与":
                lead = ELLIPSIS_LEAD.search(text, max(0, a - 9), a - 1)
                if lead and not (found and found[-1].end > lead.start()):
                    written = m.group()
                    for s in range(lead.start(), a - 2):
                        part = text[s : a - 1]
                        whole = next(
                            (
                                part + written[k:]
                                for k in range(1, len(written) - 1)
                                if part + written[k:] in self.canonical
                            ),
                            None,
                        )
                        if whole and self.canonical[whole] != name:
                            found.append(Mention(s, a - 1, self.canonical[whole]))
                            break
            pair = URBAN_RURAL.match(text, max(0, a - 2))
            if pair and pair.end() == a:
                urban, rural = (self.canonical.get(w + m.group()) for w in ("城镇", "农村"))
                if urban and rural:  # "城乡居民人均可支配收入": 城镇… and 农村…
                    found += [Mention(a - 2, a - 1, urban), Mention(a - 1, m.end(), rural)]
                    continue
            found.append(Mention(a, m.end(), name))
        return found

    def _respectively(self, text: str, mentions: list["Mention"]) -> dict[int, tuple[dict, int]]:
        """Figures of names listed before "分别", paired with the lists after it by position and count:
        "A、B和C分别为x、y和z，分别增长p、q和r" gives A (x, p), B (y, q), C (z, r). A list whose length is
        not the number of names is left alone. When the names before "分别" are none of the catalogue's
        ("三次产业分别增长…") and as many figures without a growth rate came just before, in the same
        paragraph, the rates are theirs: a level stated in one sentence and its rate in the next."""
        paired: dict[int, tuple[dict, int]] = {}
        starts = [m.start for m in mentions]
        pos = 0
        while (f := text.find("分别", pos)) >= 0:
            s_end = SENTENCE_END.search(text, f)
            sentence_end = s_end.start() if s_end else len(text)
            pos = sentence_end + 1
            clause = max((m.end() for m in LIST_CLAUSE_START.finditer(text, max(0, f - 80), f)), default=max(0, f - 80))
            items = []
            for it in LIST_ITEM.finditer(text[clause:f]):
                a, b = clause + it.start(), clause + it.end()
                inside = [m.start for m in mentions if a <= m.start < b]
                # "城乡居民人均可支配收入": one item naming two indicators, one each.
                cuts = [a, *inside[1:], b] if len(inside) > 1 else [a, b]
                items += list(itertools.pairwise(cuts))
            lists = self._figure_lists(text, f, sentence_end)
            if len(items) >= 2:
                owners = []
                for a, b in items:
                    k = bisect.bisect_left(starts, a)
                    owners.append(k if k < len(mentions) and mentions[k].start < b else None)
                if not any(o is not None for o in owners):
                    continue
                for _kind, values, end in lists:
                    if len(values) != len(items):
                        continue
                    for owner, value in zip(owners, values, strict=True):
                        if owner is None:
                            continue
                        fields, _ = paired.get(owner, (dict(EMPTY_FIGURES), 0))
                        fields = {**fields, **value}
                        paired[owner] = (fields, end)
            elif lists:
                kind, values, end = lists[0]
                if kind != "growth":
                    continue
                before = [i for i in range(len(mentions)) if mentions[i].end <= clause]
                last = before[-len(values) :] if len(before) >= len(values) else []
                paragraph = text.rfind("\n", 0, f)
                if (
                    len(last) == len(values)
                    and all(mentions[i].start > paragraph for i in last)
                    and all(i not in paired for i in last)
                ):
                    for i, value in zip(last, values, strict=True):
                        own = self._figures(text, mentions[i].end, self._clause_end(text, mentions[i].end))
                        paired[i] = ({**(own[0] if own else EMPTY_FIGURES), **value}, end)
        return paired

    @staticmethod
    def _figure_lists(text: str, start: int, end: int) -> list[tuple[str, list[dict], int]]:
        """The lists of figures in text[start:end] ("9.3亿元、112.4亿元和156.9亿元", "增长3.1%、7.2%和6.7%"):
        (kind, the fields each figure gives, where the list ends). Growth rates need a word of growth
        before them; a "下降" there makes them negative."""
        lists: list[tuple[str, list[dict], int]] = []
        tokens = []
        for m in LIST_FIGURE.finditer(text, start, end):
            tokens.append(m)
        current: list[re.Match] = []
        lead = start

        def close() -> None:
            if not current:
                return
            before = text[lead : current[0].start()]
            if current[0].group("pct"):
                g = LIST_GROWTH.search(before)
                if not g:
                    return
                sign = -1 if g.group("down") else 1
                values = [{"growth_pct": _plain(sign * number(t.group("n")))} for t in current]
                lists.append(("growth", values, current[-1].end()))
            elif current[0].group("c"):
                values = []
                for t in current:
                    value, currency = amount_value(AMOUNT.match(text, t.start()))
                    values.append({"value": value, "currency": currency})
                lists.append(("value", values, current[-1].end()))
            else:
                values = [
                    {"value": _plain(number(t.group("n")) * (10**4 if t.group("w") else 1)), "unit": t.group("u")}
                    for t in current
                ]
                lists.append(("value", values, current[-1].end()))

        for t in tokens:
            if current:
                gap = text[current[-1].end() : t.start()]
                same = bool(t.group("pct")) == bool(current[0].group("pct")) and bool(t.group("c")) == bool(
                    current[0].group("c")
                )
                if same and re.fullmatch(r"\s*(?:[、,，和及与]|以及)\s*", gap):
                    current.append(t)
                    continue
                close()
                lead = current[-1].end()
            current = [t]
        close()
        return lists

    @staticmethod
    def _growth_next_sentence(text: str, figures: tuple[dict, int], limit: int) -> tuple[dict, int]:
        """ "地区生产总值4166.3亿元。按可比价计算，同比增长4.6%": a rate opening the next sentence, with no
        subject of its own, is the level's."""
        end = figures[1]
        m = NEXT_GROWTH.match(text, end)
        if not m or m.end() > limit:
            return figures
        growth = _plain(number(m.group("n")))
        if m.group("w") in ("同比下降", "比上年下降", "下降", "减少"):
            growth = -growth
        return {**figures[0], "growth_pct": growth}, m.end()

    @staticmethod
    def _clause_end(text: str, pos: int) -> int:
        found = CLAUSE_END.search(text, pos)
        return found.start() if found else len(text)

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
                value, unit = _plain(number(u.group("n")) * (10**4 if u.group("w") else 1)), u.group("u")
                last = max(last, u.end())
        if g:
            growth = _plain(number(g.group("n")))
            if g.group("w") in ("同比下降", "比上年下降", "下降", "减少"):
                growth = -growth
            last = max(last, g.end())
        for cue in RANK_CUE.finditer(part):  # "高于全省平均水平…，增速位列全市第3位": the cue that has a rank
            r = RANK.search(part, cue.end())
            if r and r.start() - cue.end() <= 10:
                raw = r.group("r")
                rank = int(raw) if raw.isdigit() else int(chinese_number(raw))
                last = max(last, r.end())
                break
        if value is None and growth is None and rank is None:
            return None
        return {"value": value, "currency": currency, "unit": unit, "growth_pct": growth, "rank": rank}, start + last

    # Projects ------------------------------------------------------------------------------------

    def projects(self, text: str, written: str) -> list[Fact]:
        """Projects named in `text` (the matching form); names are reported from `written`."""
        facts: list[Fact] = []
        taken = bytearray(len(text) + 1)  # 1 where a project's name already lies

        def add(s: int, e: int, investment, reach: int = 0) -> None:
            facts.append(Fact("project", s, e, {"name": written[s:e], "investment": investment}, reach=reach))
            taken[s:e] = b"\x01" * (e - s)

        def free(s: int, e: int) -> bool:
            return taken.find(1, s, e) < 0

        for m in find_near(PROJECT_AFTER_AMOUNT, AMOUNT_OF, text, before=24, after=64):
            value, currency = amount_value(AMOUNT.search(m.group("inv")))
            s, e = m.start("name"), m.end("name")
            tail = ENUM_TAIL.search(text, s, e)
            if tail and tail.end() == e:  # "3亿元的盖森新材料等项目": the list's own name
                e = tail.start()
            name = text[s:e].strip('“”"')
            if len(name) < 2 or GENERIC_PROJECT.search(name) or BARE_HEAD.fullmatch(name):
                continue
            add(s, e, value if currency == "CNY" else None)
        for s, e in self._listed(text):
            if free(s, e):
                add(s, e, None)
        for name_start, name_end, e in self._named(text):
            if e - name_start < 5 or not free(name_end - 2, e) or REJECTED_TAIL.search(text, name_end - 8, name_end):
                continue  # too short to be a name, found already, or a kind of project ("…重点项目")
            s = self._name_start(text, name_start, name_end)
            if not free(s, e) or not self._proper(text[s:e]):
                continue
            add(s, e, *self._investment_after(text, e))
        self._respective_investments(text, facts)
        return facts

    @staticmethod
    def _investment_after(text: str, e: int) -> tuple[int | None, int]:
        """The total investment stated for the project named just before `e` (see LINKED_INVESTMENT),
        and where it ends: the review queue shows the sentences up to there."""
        found = INVESTMENT_AFTER.match(text, e)
        if not found:
            sentence = SENTENCE_END.search(text, e)
            limit = sentence.start() if sentence else len(text)
            marks = [m.end() for m in re.finditer(r"[，,；;（(]", text[e:limit])]
            window_end = e + marks[1] if len(marks) > 1 else limit
            found = LINKED_INVESTMENT.search(text, e, window_end)
            if found:
                other = PROJECT_WORD.search(text, e, found.start())
                if other and not text.startswith("项目", found.start()):
                    found = None
            if not found and sentence and sentence.group() != "\n" and not PROJECT_WORD.search(text, e, limit):
                found = NEXT_SENTENCE_INVESTMENT.match(text, limit)
        if not found:
            return None, 0
        value, currency = amount_value(AMOUNT.search(found.group("amt")))
        return (value if currency == "CNY" else None), found.end()

    @staticmethod
    def _respective_investments(text: str, facts: list[Fact]) -> None:
        """ "A项目、B项目等，分别总投资18亿元和12.6亿元": the i-th amount is the i-th project's, when the
        sentence names as many projects before it and none has an investment yet."""
        for m in RESPECTIVE_INVESTMENT.finditer(text):
            amounts = INVESTMENT_LIST.match(text, m.end())
            if not amounts:
                continue
            values = [amount_value(a) for a in AMOUNT.finditer(text, amounts.start(), amounts.end())]
            begins = max((x.end() for x in SENTENCE_END.finditer(text, max(0, m.start() - 200), m.start())), default=0)
            named = [f for f in sorted(facts, key=lambda f: f.start) if begins <= f.start and f.end <= m.start()]
            named = named[-len(values) :]
            if len(named) != len(values) or any(f.fields["investment"] is not None for f in named):
                continue
            for f, (value, currency) in zip(named, values, strict=True):
                f.fields["investment"] = value if currency == "CNY" else None
                f.reach = amounts.end()

    @staticmethod
    def _named(text: str):
        """(start of the run of name characters, end of 项目/工程, end with a bracketed suffix)."""
        last = 0
        for word in PROJECT_WORD.finditer(text):
            a = word.start()
            if a < last:
                continue
            run = NAME_RUN.search(text, max(last, a - 50), a)
            if run is None:
                continue
            paren = PAREN.match(text, word.end())
            last = paren.end() if paren else word.end()
            yield run.start(), word.end(), last

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def _proper(name: str) -> bool:
        """A project's own name, not a kind of project ("重点项目"), a count, a programme label
        ("“3510”项目"), a slogan ("“项目为王”") or an activity ("清理违法违规项目")."""
        if len(name) < 5 or GENERIC_PROJECT.search(name) or name.endswith(("“项目", "暨项目")):
            return False
        if re.search(r"(?:重点|重大)项目$|^“[^”]+”项目$|\d{4}年|^[^“]*”|等\S{0,4}项目$", name) or NOT_A_NAME.search(
            name
        ):
            return False
        if name.count("“") != name.count("”") or name.startswith("新增"):
            return False
        if name.endswith("工程") and (len(name) < 8 or re.search(r"[“”\"]", name)):
            return False  # "三十工程", "“一把手”工程": programmes and slogans, not works
        # Short descriptive names ("安置房项目", "深加工项目") need something particular about them: a
        # mark, a figure, or a proper noun ("义乌学院项目").
        return (
            len(name) >= 7
            or bool(re.search(r"[“”A-Za-z0-9·]", name))
            or any(flag in PROPER_TAGS for _o, _w, flag in _tokens(name))
        )

    @staticmethod
    def _listed(text: str) -> list[tuple[int, int]]:
        """Spans of the items of lists that end "…等重点项目" or "…三大战略项目"."""
        spans = []
        for tail in find_near(ENUM_TAIL, PROJECT_WORD, text, before=10, after=0):
            a = tail.start()
            clause = max((m.end() for m in CLAUSE_START.finditer(text, max(0, a - 120), a)), default=max(0, a - 120))
            segment = text[clause:a]
            if "等" in segment:  # "A、B等总投资100亿元的75个项目": the list ends at 等
                a = clause + segment.rindex("等")
                segment = text[clause:a]
            if not tail.group().startswith("等") and "、" not in segment:
                continue
            lead = LEAD_VERB.match(segment)
            offset = clause + (lead.end() if lead and len(segment) - lead.end() >= 2 else 0)
            first = _tokens(text[offset : offset + 4])  # "开工建设了…": not 了
            if len(first) > 1 and first[0][2] in LEAD_FUNCTION_TAGS and len(first[1][1]) > 1:
                offset += len(first[0][1])
            items = []
            for item in re.finditer(r"[^、]+", text[offset:a]):
                s, e = offset + item.start(), offset + item.end()
                part = text[s:e]
                left, _, right = part.rpartition("和")
                # "…EOD项目、生物医药产业园和白鹤湖智慧岛": 和 joins two items; "人民路非机动车道和污水管网
                # 改造", "山门河景观改造提升和南延工程" are one item each.
                if (
                    left
                    and len(left) >= 4
                    and len(right) >= 4
                    and not re.search(r"(?:改造|建设|治理|提升|工程)$", right)
                ):
                    cut = s + len(left)
                    items += [(s, cut), (cut + 1, e)]
                else:
                    items.append((s, e))
            names = [(s, e) for s, e in items if 2 <= e - s <= 40]
            names = [
                (s, e) for s, e in names if not GENERIC_PROJECT.search(text[s:e]) and not NOT_A_NAME.search(text[s:e])
            ]
            spans.extend(names)
        return spans

    @staticmethod
    def _name_start(text: str, start: int, end: int) -> int:
        """A name's first character, in the run of name characters text[start:end] that ends with it.

        The run is cut into words with their parts of speech (jieba's dictionary); the name starts:
        after the last boundary word (punctuation, a verb such as 推进/开工/签约, 的, 了) that is a whole
        word ("美的" is a brand, not 的), except 建设 right before 项目 ("…苏打水建设项目"); after a
        clause's verb preceded only by its subject and adverbials ("武鸣区举行…", "督促…", "观摩团来到…"),
        not a verb inside the name ("智能制造科技园", "提标改造项目"); then after leading function words
        ("上", "了"), a period ("1-6月", "2023年") and the town, street, park or zone where it is built."""
        # Boundaries of more than one character, or punctuation, need no words: the words are looked
        # up from the last of them on.
        base, singles = start, []
        for b in PROJECT_START.finditer(text, start, end - 2):
            if b.end() == end - 2 and b.group() == "建设":
                continue  # "…苏打水建设项目": 建设项目 is the noun
            if len(b.group()) > 1 or not is_cjk(b.group()):
                base, singles = b.end(), []
            else:
                singles.append(b)
        start = base
        if end - start < 5:
            return start  # too short to be a name whatever is cut: nothing to look up
        tokens = _tokens(text[start:end])
        bounds = {off for off, _w, _f in tokens} | {end - start}
        best = start
        for b in singles:
            if b.start() - start in bounds and b.end() - start in bounds:
                best = b.end()
        subject_only, subject, previous = True, False, None
        for k, (off, word, flag) in enumerate(tokens):
            a = start + off
            if a < best:
                previous = flag
                continue
            after = a + len(word)
            following = tokens[k + 1] if k + 1 < len(tokens) else (0, "", "")
            # A lone character is more likely a piece of a word the dictionary lacks ("通威"), and so is
            # a verb before one ("沉陷区"): the name must start with a word.
            whole = len(word) > 1 and (len(following[1]) > 1 or following[2] in PROPER_TAGS)
            verb = whole and (flag == "v" or (flag == "vn" and previous == "d"))
            # The clause's verb: after its subject ("武鸣区举行…"), or before a proper noun ("推动兰山…");
            # a verb opening the run before a common noun qualifies it ("采煤沉陷区").
            if verb and end - after >= 2 and ((subject_only and subject) or following[2] in PROPER_TAGS):
                best = after
                subject = False
            elif flag in SUBJECT_TAGS or word.endswith(SUBJECT_NOUN):
                subject = True
            else:
                subject_only = False
            previous = flag
        words = {start + off: (word, flag) for off, word, flag in tokens}
        while True:
            word, flag = words.get(best, ("", ""))
            period = PERIOD.match(text, best)
            place = LOCATIVE.match(text, best)
            following = words.get(best + len(word), ("", ""))[0]
            if flag in LEAD_FUNCTION_TAGS and end - best - len(word) >= 4 and len(following) > 1:
                best += len(word)
            elif period and period.end() <= end - 2:
                best = period.end()
            elif (
                place
                and end - place.end() >= 4
                and not BARE_HEAD.fullmatch(text, place.end(), end)
                and (place.group()[-1] not in "镇乡" or words.get(place.end() - 1, ("",))[0] in ("镇", "乡"))
            ):  # a town is "X镇" with 镇 a word of its own, not "古镇"
                best = place.end()
            else:
                break
        # A programme label before the name ("省“双百”工程生物医药产业园项目") is not part of it.
        label = max(text.rfind("”工程", best, end), text.rfind("”—", best, end))
        return label + 3 if label >= 0 and end - (label + 3) >= 5 else best


_SEGMENTER: list = []  # jieba's prefix table and its words' parts of speech, loaded on first use


@functools.lru_cache(maxsize=8192)
def _tokens(run: str) -> tuple[tuple[int, str, str], ...]:
    """(offset, word, part of speech) of `run`: the longest of jieba's dictionary words at each
    position, left to right (a character the dictionary lacks is a word of its own, tagged "x").
    Forward maximum matching over the dictionary's prefix table is many times faster than jieba's
    own cut, and the runs it is used on are short, within one clause. Cached: a page names the same
    projects again and again, and a catalogue of pages repeats their lead-ins."""
    if not _SEGMENTER:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        jieba.posseg.dt.initialize()
        _SEGMENTER.append((jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab))
    prefixes, tags = _SEGMENTER[0]
    get = prefixes.get
    out, i, n = [], 0, len(run)
    while i < n:
        end, j = i + 1, i + 2
        while j <= n:  # the table holds every word (count > 0) and each of its prefixes (count 0)
            count = get(run[i:j])
            if count is None:
                break
            if count:
                end = j
            j += 1
        word = run[i:end]
        out.append((i, word, tags.get(word, "x")))
        i = end
    return tuple(out)


def clear_caches() -> None:
    """Forget the cached look-ups (for measuring the extraction on pages it has never seen)."""
    _tokens.cache_clear()
    Extractor._proper.cache_clear()


# The types `quzhi extract` reports (its contract); counts and gaps are for review only.
CONTRACT_TYPES = ("amount", "percent", "indicator", "project")


def as_json(doc: str, original: str, fact: Fact) -> dict:
    """One fact in the `quzhi extract` shape, with the exact source text."""
    return {"doc": doc, "type": fact.type, "text": original[fact.start : fact.end], "start": fact.start,
            "end": fact.end, **fact.fields}  # fmt: skip
