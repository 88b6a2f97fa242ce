"""Text as stored and exported: no control characters. Pure: no Django.

A control character (U+0000–U+001F except tab, line feed and carriage return) has no meaning in a
name or a note, and an .xlsx cannot hold one: a single one made every export of its rows fail.
They are removed from what users type (actions, imports) and again from what is exported, since
rows written before — the audit log above all — cannot be changed.
"""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """`text` without control characters; tab, line feed and carriage return stay."""
    return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text
