import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_label_has_an_english_translation():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first entry is the header
    empty = re.compile(r'^msgstr(\[\d\])? ""[ \t]*(?:\n(?!")|\Z)', re.M)  # "" with no continuation line
    untranslated = [e for e in entries if empty.search(e) or "#, fuzzy" in e]
    assert not untranslated, "\n\n".join(untranslated[:5])
    assert PO.with_suffix(".mo").exists(), "compile with: quzhi compilemessages"
