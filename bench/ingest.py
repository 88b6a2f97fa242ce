"""Extraction throughput on a corpus of at least 5 MB, against JioNLP's money extraction.

The corpus is the published pages (when they are next to the project) or our sample pages,
repeated to 5 MB. Measured in CPU time (the machine may be busy with other work) on one core: our
whole extraction (cleaning, amounts, percentages, indicators, projects) in MB/s, also with its
caches emptied before every page, and JioNLP's `ner.extract_money` on the same text. Then, on the
published pages against the gold file, what each finds: precision, recall and F1 of amounts.
JioNLP is given the text twice: as the files are (numbers broken across lines) and as our cleaning
leaves it (its spans mapped back), so that the comparison is of the extractors, not of the input.
"""

import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402

from ingest import evaluation  # noqa: E402
from ingest.extract import Extractor, as_json, clear_caches, default_entries  # noqa: E402
from ingest.text import clean  # noqa: E402

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SAMPLES = Path(settings.BASE_DIR) / "ingest" / "samples"
GOLD = Path(settings.BASE_DIR) / "ingest" / "tests" / "gold.jsonl"
TEST_SET = Path(settings.BASE_DIR) / "ingest" / "tests" / "corpus" / "test"  # pages the rules never saw
TARGET_BYTES = 5 * 1024 * 1024


def pages() -> list[tuple[str, str]]:
    folder = SEEDS if SEEDS.is_dir() else SAMPLES
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def jionlp_amounts(doc: str, text: str, cleaned: bool) -> list[dict]:
    import jionlp

    if not cleaned:
        found = jionlp.ner.extract_money(text, with_parsing=True)
        spans = [(f["offset"][0], f["offset"][1], f) for f in found]
    else:
        c = clean(text)
        found = jionlp.ner.extract_money(c.text, with_parsing=True)
        spans = [(*c.span(*f["offset"]), f) for f in found]
    out = []
    for start, end, f in spans:
        detail = f.get("detail") or {}
        try:
            value = float(detail.get("num"))
        except (TypeError, ValueError):
            continue
        currency = {"元": "CNY", "美元": "USD"}.get(detail.get("case"), detail.get("case"))
        out.append({"doc": doc, "type": "amount", "start": start, "end": end, "value": value, "currency": currency})
    return out


def main() -> None:
    logging.getLogger("jionlp").setLevel(logging.ERROR)
    docs = pages()
    one_round = sum(len(t.encode()) for _n, t in docs)
    corpus = [t for _n, t in docs] * (TARGET_BYTES // one_round + 1)
    megabytes = sum(len(t.encode()) for t in corpus) / 1e6
    ex = Extractor(default_entries())
    ex.extract(docs[0][1])  # loads the segmenter's dictionary once, as importing JioNLP loads its own
    start = time.process_time()
    facts = sum(len(ex.extract(t)) for t in corpus)
    ours = time.process_time() - start
    results = [{"measure": f"our extraction, all fact types, {megabytes:.1f} MB ({facts} facts) — MB/s",
                "ms": ours * 1000, "rate": megabytes / ours}]  # fmt: skip
    # The corpus repeats its pages, so the look-ups cached across pages (project-name words) would
    # all hit: measured again with the caches emptied before every page, as if each were new.
    start = time.process_time()
    for t in corpus:
        clear_caches()
        ex.extract(t)
    cold = time.process_time() - start
    results.append({"measure": "our extraction, every page as if new (caches emptied) — MB/s",
                    "ms": cold * 1000, "rate": megabytes / cold})  # fmt: skip
    try:
        with contextlib.redirect_stdout(sys.stderr):  # it prints a banner on import
            import jionlp
    except ImportError:
        print("JioNLP is not installed (pip install -e '.[bench]'): comparison skipped", file=sys.stderr)
        jionlp = None
    if jionlp is not None:
        start = time.process_time()
        found = sum(len(jionlp.ner.extract_money(t)) for t in corpus)
        theirs = time.process_time() - start
        results.append({"measure": f"JioNLP extract_money, same {megabytes:.1f} MB ({found} amounts) — MB/s",
                        "ms": theirs * 1000, "rate": megabytes / theirs})  # fmt: skip
    if GOLD.exists() and SEEDS.is_dir() and jionlp is not None:
        gold = [g for g in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()) if g["type"] == "amount"]
        mine = [as_json(n, t, f) for n, t in docs for f in ex.extract(t) if f.type == "amount"]
        raw = [a for n, t in docs for a in jionlp_amounts(n, t, cleaned=False)]
        fair = [a for n, t in docs for a in jionlp_amounts(n, t, cleaned=True)]
        for label, predicted in (("ours", mine), ("JioNLP on the files", raw), ("JioNLP on our cleaned text", fair)):
            score = evaluation.evaluate(predicted, gold)[0]["amount"]
            print(f"amounts on the seeds, {label}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} "
                  f"({score.matched}/{score.gold} right, {score.predicted} found)", file=sys.stderr)  # fmt: skip
            results.append({"measure": f"amount F1 on the seeds: {label}", "ms": 0, "rate": score.f1})
    if jionlp is not None:
        gold = [json.loads(line) for line in (TEST_SET / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
        gold = [g for g in gold if g["type"] == "amount"]
        test_docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(TEST_SET.glob("*.txt"))]
        mine = [as_json(n, t, f) for n, t in test_docs for f in ex.extract(t) if f.type == "amount"]
        raw = [a for n, t in test_docs for a in jionlp_amounts(n, t, cleaned=False)]
        for label, predicted in (("ours", mine), ("JioNLP on the files", raw)):
            score = evaluation.evaluate(predicted, gold)[0]["amount"]
            print(f"amounts on the test set, {label}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}",
                  file=sys.stderr)  # fmt: skip
            results.append({"measure": f"amount F1 on the test set: {label}", "ms": 0, "rate": score.f1})
    for r in results:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
