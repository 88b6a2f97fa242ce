"""Precision, recall and F1 per fact type on the five published pages, against facts read off them
by hand (gold.jsonl). The scores print at the end of the test run (and in docs/extraction.md)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from ingest import evaluation
from ingest.extract import Extractor, as_json, default_entries

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
GOLD = Path(__file__).with_name("gold.jsonl")
GOALS = {"amount": 0.90, "indicator": 0.90, "project": 0.80}

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the published pages are not here ({SEEDS})")

SCORES: dict = {}


def test_extraction_meets_its_goals_on_the_published_pages():
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    extractor = Extractor(default_entries())
    predicted = []
    for name in sorted({g["doc"] for g in gold}):
        text = (SEEDS / name).read_text(encoding="utf-8")
        predicted += [as_json(name, text, f) for f in extractor.extract(text)]
    scores, _extra, missed = evaluation.evaluate(predicted, gold)
    SCORES.update(scores)
    short = {k: round(scores[k].f1, 3) for k, goal in GOALS.items() if scores[k].f1 < goal}
    detail = "\n".join(f"missed {g['type']}: {g['text']!r}" for g in missed[:15])
    assert not short, f"F1 below the goal: {short}\n{evaluation.table(scores)}\n{detail}"
