"""Cleaning published pages for extraction, keeping every cleaned character's original offset.

Pure: no Django. Pages arrive as OCR or copy-paste leaves them: narrow newspaper columns break
lines inside words and numbers ("总投资457.6\\n亿元", "推\\n进"), and sometimes a blank line falls
inside a sentence too. Cleaning joins those, keeps real paragraph breaks, drops paragraphs the
page prints more than once, sets photo captions and bylines apart, and removes the spaces typesetting
puts around numbers ("124.3 亿元"). Characters are only ever removed or replaced one for one, so
`offsets[i]` is the original position of cleaned character `i` and any span maps back exactly.

`matching` is the cleaned text with full-width digits, letters and number punctuation folded to
ASCII (same length): patterns match it, spans are reported from the original.
"""

import re
from dataclasses import dataclass, field

# Sentence-final marks: a line ending with one of these ends its paragraph when a blank line follows.
TERMINAL = set("。！？!?；;：:…”」』）)")
SPACE = " \t\u3000\xa0"
FOLD = str.maketrans(
    "０１２３４５６７８９％．～－（）ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789%.~-()ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
CAPTION = re.compile(r"(本报记者|记者|通讯员|摄影)\s*\S{1,12}\s*摄\s*$|^图为|^\s*[（(]?图[）)]")
BYLINE = re.compile(r"^(■|——|编辑|校对|组版|新闻热线)")


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


@dataclass
class Paragraph:
    start: int  # offsets into the cleaned text
    end: int
    kind: str = "text"  # "text", "caption" (photo captions, bylines, page furniture), "heading"


@dataclass
class Cleaned:
    original: str
    text: str
    offsets: list[int]  # original offset of each cleaned character
    paragraphs: list[Paragraph] = field(default_factory=list)
    dropped: int = 0  # repeated paragraphs left out

    @property
    def matching(self) -> str:
        return self.text.translate(FOLD)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the cleaned span [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def _raw_paragraphs(original: str) -> list[list[tuple[int, int]]]:
    """Blank-line separated blocks as lists of (line start, line end) offsets, without the newline."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pos = 0
    for line in original.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip(SPACE):
            current.append((pos, pos + len(body)))
        elif current:
            blocks.append(current)
            current = []
        pos += len(line)
    if current:
        blocks.append(current)
    return blocks


def _kind(text: str) -> str:
    stripped = text.strip(SPACE)
    if CAPTION.search(stripped) or BYLINE.search(stripped):
        return "caption"
    if len(stripped) <= 30 and stripped[-1:] not in TERMINAL and "，" not in stripped and "," not in stripped:
        return "heading"
    return "text"


SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")


def _squeeze(original: str, lines: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """One block's lines joined with no break, spaces next to Chinese text removed."""
    text = "".join(original[s:e] for s, e in lines)
    offs: list[int] = []
    for s, e in lines:
        offs.extend(range(s, e))
    if not SPACE_RUN.search(text):
        return text, offs
    parts: list[str] = []
    kept: list[int] = []
    last = 0
    for m in SPACE_RUN.finditer(text):
        a, b = m.span()
        prev, nxt = text[a - 1 : a], text[b : b + 1]
        # Typesetting spaces ("2 月 11 日", "124.3 亿元") go; a space between two Latin words stays.
        if prev and nxt and not is_cjk(prev) and not is_cjk(nxt) and not (prev.isdigit() and nxt.isdigit()):
            continue
        parts.append(text[last:a])
        kept.extend(offs[last:a])
        last = b
    parts.append(text[last:])
    kept.extend(offs[last:])
    return "".join(parts), kept


def clean(original: str, *, min_repeat: int = 20) -> Cleaned:
    """Join broken lines and sentences, drop repeated paragraphs, keep the offset map."""
    blocks = []
    for lines in _raw_paragraphs(original):
        text, offs = _squeeze(original, lines)
        if text:
            blocks.append([text, offs, _kind(text)])
    # A blank line inside a sentence: a long block not ending a sentence continues in the next.
    merged: list[list] = []
    for block in blocks:
        if merged:
            prev = merged[-1]
            if (
                prev[2] == "text"
                and block[2] != "caption"
                and len(prev[0]) > 40
                and prev[0][-1] not in TERMINAL
                and (is_cjk(block[0][0]) or block[0][0].isalnum())
            ):
                prev[0] += block[0]
                prev[1] += block[1]
                continue
        merged.append(block)
    seen: set[str] = set()
    text_parts: list[str] = []
    offsets: list[int] = []
    paragraphs: list[Paragraph] = []
    dropped = 0
    for text, offs, kind in merged:
        if len(text) >= min_repeat:
            if text in seen:
                dropped += 1
                continue
            seen.add(text)
        if text_parts:
            # The paragraph break: a newline standing for the original break before this block.
            text_parts.append("\n")
            offsets.append(offs[0] - 1 if offs[0] > 0 else 0)
        start = len(offsets)
        text_parts.append(text)
        offsets.extend(offs)
        paragraphs.append(Paragraph(start, start + len(text), kind))
    return Cleaned(original, "".join(text_parts), offsets, paragraphs, dropped)
