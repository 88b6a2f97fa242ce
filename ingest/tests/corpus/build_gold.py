"""Turn the hand annotations (`NAME.ann` beside `NAME.txt`) of a corpus set into its `gold.jsonl`.

Run: `python ingest/tests/corpus/build_gold.py ingest/tests/corpus/test`. Plain Python, no Django and
nothing from the extractor: the facts are the annotator's; this only finds their offsets.

An annotation line is a fact, in reading order; `#` starts a comment:

    A <span> <value> [USD]                       an amount ("A 4.83亿元 483000000")
    I <span> key=value ...                       an indicator: name= y= m= v= c= u= g= r= t=1
    P <span> [investment] [name=...]             a project (name: the span without line breaks)

`<span>` is written as it reads, without the line breaks the page has inside it; `@2` after it
takes its second occurrence. A span is looked for after the previous span of the same type, then
from the top. Every span must be found, or the script stops naming the line.
"""

import json
import re
import sys
from pathlib import Path

LAYOUT = r"[\s\u3000]*"


def locate(text: str, span: str, after: int) -> tuple[int, int] | None:
    nth = 1
    if re.search(r"@\d+$", span):
        span, _, n = span.rpartition("@")
        nth, after = int(n), 0
    pattern = re.compile(LAYOUT.join(re.escape(ch) for ch in span))
    found = list(pattern.finditer(text, after)) or list(pattern.finditer(text))
    if len(found) < nth:
        return None
    m = found[nth - 1]
    return m.start(), m.end()


def number(raw: str):
    if raw in ("-", "null", ""):
        return None
    value = float(raw)
    return int(value) if value == int(value) else value


def parse(doc: str, text: str, ann: str) -> list[dict]:
    facts, last = [], {}
    for lineno, line in enumerate(ann.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        kind, span, *rest = line.split()
        typ = {"A": "amount", "I": "indicator", "P": "project"}[kind]
        where = locate(text, span, last.get(typ, 0))
        if where is None:
            raise SystemExit(f"{doc}:{lineno}: span {span!r} not found")
        start, end = where
        last[typ] = start + 1
        fact = {"doc": doc, "type": typ, "text": text[start:end], "start": start, "end": end}
        if typ == "amount":
            fact |= {"value": number(rest[0]), "currency": rest[1] if len(rest) > 1 else "CNY"}
        elif typ == "indicator":
            kv = dict(item.split("=", 1) for item in rest)
            value = number(kv.get("v", "-"))
            fact |= {
                "name": kv["name"],
                "year": number(kv.get("y", "-")),
                "through_month": number(kv.get("m", "-")),
                "value": value,
                "currency": kv.get("c", "CNY" if value is not None and "u" not in kv else None),
                "unit": kv.get("u"),
                "growth_pct": number(kv.get("g", "-")),
                "rank": number(kv.get("r", "-")),
                "target": kv.get("t") == "1",
            }
        else:
            kv = dict(item.split("=", 1) for item in rest if "=" in item)
            plain = [item for item in rest if "=" not in item]
            fact |= {
                "name": kv.get("name", re.sub(r"\s+", "", text[start:end])),
                "investment": number(plain[0]) if plain else None,
            }
        facts.append(fact)
    return facts


def build(folder: Path) -> int:
    facts = []
    for page in sorted(folder.glob("*.txt")):
        ann = page.with_suffix(".ann")
        facts += parse(page.name, page.read_text(encoding="utf-8"), ann.read_text(encoding="utf-8"))
    with (folder / "gold.jsonl").open("w", encoding="utf-8") as out:
        for fact in facts:
            out.write(json.dumps(fact, ensure_ascii=False) + "\n")
    return len(facts)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(arg, build(Path(arg)), "facts")
