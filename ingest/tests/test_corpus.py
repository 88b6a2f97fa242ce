"""Precision, recall and F1 of amounts, indicator figures and projects on three sets of pages: the
published pages (seeds, when they are next to the project), the development set and the frozen
test set (tests/corpus). The table prints at the end of the run; the goals are asserted on the
test set, which the rules were never tuned on."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from ingest import evaluation
from ingest.extract import Extractor, as_json, default_entries

HERE = Path(__file__).parent
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
CORPUS = HERE / "corpus"
# Goals on the frozen test set (issue #22).
GOALS = {"amount": 0.97, "indicator": 0.90, "project": 0.80}

RESULTS: dict = {}
EXTRACTOR = Extractor(default_entries())


def read_gold(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [g for g in (json.loads(line) for line in lines if line.strip()) if g["type"] in evaluation.SCORED]


def score(folder: Path, gold: list[dict]) -> tuple[dict, list[dict], list[dict]]:
    predicted = []
    for name in sorted({g["doc"] for g in gold}):
        text = (folder / name).read_text(encoding="utf-8")
        predicted += [as_json(name, text, f) for f in EXTRACTOR.extract(text) if f.type in evaluation.SCORED]
    return evaluation.evaluate(predicted, gold)


def report(scores: dict, extra: list[dict], missed: list[dict]) -> str:
    wrong = "\n".join(f"extra {p['type']}: {p['text']!r} {p.get('name', '')}" for p in extra[:20])
    lost = "\n".join(f"missed {g['type']}: {g['text']!r} {g.get('name', '')}" for g in missed[:20])
    return f"{evaluation.table(scores)}\n{wrong}\n{lost}"


def test_the_published_pages():
    if not SEEDS.is_dir():
        RESULTS["seeds"] = f"the published pages are not here ({SEEDS.name}/ next to the project)"
        pytest.skip(RESULTS["seeds"])
    scores, extra, missed = score(SEEDS, read_gold(HERE / "gold.jsonl"))
    RESULTS["seeds"] = scores
    assert scores["amount"].f1 >= 0.97 and scores["indicator"].f1 >= 0.90 and scores["project"].f1 >= 0.80, report(
        scores, extra, missed
    )


def test_the_development_set():
    scores, extra, missed = score(CORPUS / "dev", read_gold(CORPUS / "dev" / "gold.jsonl"))
    RESULTS["dev"] = scores
    short = {k: round(scores[k].f1, 3) for k, goal in GOALS.items() if scores[k].f1 < goal}
    assert not short, f"F1 below the goal: {short}\n{report(scores, extra, missed)}"


def test_the_frozen_test_set_meets_the_goals():
    scores, _extra, _missed = score(CORPUS / "test", read_gold(CORPUS / "test" / "gold.jsonl"))
    RESULTS["test"] = scores
    short = {k: round(scores[k].f1, 3) for k, goal in GOALS.items() if scores[k].f1 < goal}
    # Only the scores: the facts missed on the test set are not shown, so that nobody tunes on them.
    assert not short, f"F1 below the goal: {short}\n{evaluation.table(scores)}"
