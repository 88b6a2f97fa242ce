"""Matching a name to the ledger's names (a text's mention, a ledger row without a code). Pure: no Django.

Texts shorten and vary names: "万达广场" in an article is the ledger's "焦作世合万达广场城市综合体
（一期）". A match is proposed, never applied silently: the reviewer confirms it, picks another, or
creates a new project.

Scoring on names normalised (no spaces, quotes or brackets; a trailing 项目 dropped):
- identical: 1.0
- one contains the other: 0.9 (0.8 if the shorter is under a third of the longer)
- otherwise difflib's similarity ratio.
Below 0.6 nothing is proposed.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

THRESHOLD = 0.6
STRIP = re.compile(r"[\s“”\"'‘’「」『』《》]")
BRACKETS = str.maketrans("（）【】", "()[]")


def normalise(name: str) -> str:
    text = STRIP.sub("", name).translate(BRACKETS).lower()
    return text[:-2] if text.endswith("项目") and len(text) > 4 else text


def score(a: str, b: str) -> float:
    x, y = normalise(a), normalise(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    short, long = sorted((x, y), key=len)
    if short in long:
        return 0.9 if len(short) * 3 >= len(long) else 0.8
    return difflib.SequenceMatcher(None, x, y).ratio()


@dataclass(frozen=True)
class Match:
    key: int
    name: str
    score: float


def best_matches(name: str, ledger: Iterable[tuple[int, str]], limit: int = 3) -> list[Match]:
    """The ledger's closest names to `name`, best first, those scoring at least THRESHOLD."""
    found = [Match(key, other, round(score(name, other), 3)) for key, other in ledger]
    found = [m for m in found if m.score >= THRESHOLD]
    return sorted(found, key=lambda m: (-m.score, m.name))[:limit]
