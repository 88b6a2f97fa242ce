"""`quzhi extract` and `quzhi ingest` from the command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(*args):
    return subprocess.run([sys.executable, "-m", "config.cli", *args], capture_output=True, text=True, check=False)


def test_extract_prints_one_fact_a_line_with_offsets_into_the_file(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("总投资457.6\n亿元，增长9.9%。\n", encoding="utf-8")
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("增长9.9%".encode("gbk"))
    result = run("extract", str(bad), str(page), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    content = page.read_text(encoding="utf-8")
    assert [(f["type"], f["text"]) for f in facts] == [("amount", "457.6\n亿元"), ("percent", "9.9%")]
    for f in facts:
        assert f["doc"] == str(page) and content[f["start"] : f["end"]] == f["text"]
    assert facts[0]["value"] == 45760000000 and facts[0]["currency"] == "CNY"
    assert "gbk.txt" in result.stderr and "UTF-8" in result.stderr and "missing.txt" in result.stderr


@pytest.mark.django_db
def test_ingest_stores_the_samples_once(world, capsys):
    from indicators.catalogue import ensure
    from indicators.models import Indicator, ValidationRule
    from ingest.models import Document

    ensure(Indicator, ValidationRule)
    files = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]
    call_command("ingest", *files, "--user", "admin", "--unit", "马村区")
    call_command("ingest", *files, "--user", "admin", "--unit", "马村区")
    out = capsys.readouterr().out
    assert Document.objects.count() == len(files) and "已存在" in out
