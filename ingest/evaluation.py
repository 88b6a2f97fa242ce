"""Precision, recall and F1 of extracted facts against a hand-made gold file. Pure: no Django.

A predicted fact matches a gold fact of the same document and type when their spans overlap and
the fact's meaning agrees: the amount and currency; the percentage and its unit; the indicator,
year, through-month, level, growth, rank and whether it is a target; the project's name (spaces,
quotes and brackets aside) and investment. Each gold fact is matched at most once.
"""

from collections import defaultdict
from dataclasses import dataclass

from .matching import normalise

TYPES = ("amount", "percent", "indicator", "project")


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(b)))


def agrees(pred: dict, gold: dict) -> bool:
    kind = gold["type"]
    if kind == "amount":
        return _same_number(pred.get("value"), gold.get("value")) and pred.get("currency") == gold.get("currency")
    if kind == "percent":
        return _same_number(pred.get("value"), gold.get("value")) and pred.get("unit") == gold.get("unit")
    if kind == "indicator":
        return (
            pred.get("name") == gold.get("name")
            and pred.get("year") == gold.get("year")
            and pred.get("through_month") == gold.get("through_month")
            and _same_number(pred.get("value"), gold.get("value"))
            and _same_number(pred.get("growth_pct"), gold.get("growth_pct"))
            and pred.get("rank") == gold.get("rank")
            and bool(pred.get("target")) == bool(gold.get("target"))
        )
    return normalise(pred.get("name", "")) == normalise(gold.get("name", "")) and _same_number(
        pred.get("investment"), gold.get("investment")
    )


@dataclass
class Score:
    type: str
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(predicted: list[dict], gold: list[dict]) -> tuple[dict[str, Score], list[dict], list[dict]]:
    """Scores per type, the predictions that matched nothing, and the gold facts nothing matched."""
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for g in gold:
        by_key[(g["doc"], g["type"])].append(g)
    used: set[int] = set()
    extra = []
    for p in predicted:
        found = None
        for g in by_key.get((p["doc"], p["type"]), []):
            if id(g) in used:
                continue
            if p["start"] < g["end"] and g["start"] < p["end"] and agrees(p, g):
                found = g
                break
        if found is None:
            extra.append(p)
        else:
            used.add(id(found))
    missed = [g for g in gold if id(g) not in used]
    scores = {}
    for kind in TYPES:
        n_gold = sum(1 for g in gold if g["type"] == kind)
        n_pred = sum(1 for p in predicted if p["type"] == kind)
        n_miss = sum(1 for g in missed if g["type"] == kind)
        scores[kind] = Score(kind, n_gold, n_pred, n_gold - n_miss)
    return scores, extra, missed


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'type':<10} {'gold':>5} {'found':>6} {'right':>6} {'P':>6} {'R':>6} {'F1':>6}"]
    for s in scores.values():
        lines.append(f"{s.type:<10} {s.gold:>5} {s.predicted:>6} {s.matched:>6} {s.precision:>6.3f} {s.recall:>6.3f} "
                     f"{s.f1:>6.3f}")  # fmt: skip
    return "\n".join(lines)


SCORED = ("amount", "indicator", "project")


def sets_table(results: dict[str, dict[str, Score] | str]) -> str:
    """One table for several sets of pages: per set and type, gold, found, right, P, R and F1; a set
    that was not scored shows why."""
    lines = [f"{'set':<6} {'type':<10} {'gold':>5} {'found':>6} {'right':>6} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, scores in results.items():
        if isinstance(scores, str):
            lines.append(f"{name:<6} skipped: {scores}")
            continue
        for kind in SCORED:
            s = scores[kind]
            lines.append(f"{name:<6} {s.type:<10} {s.gold:>5} {s.predicted:>6} {s.matched:>6} {s.precision:>6.3f} "
                         f"{s.recall:>6.3f} {s.f1:>6.3f}")  # fmt: skip
    return "\n".join(lines)
