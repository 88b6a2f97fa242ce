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

import bisect
import re
from dataclasses import dataclass, field

# Sentence-final marks: a line ending with one of these ends its paragraph when a blank line follows.
TERMINAL = set("。！？!?；;：:…”」』）)")
SPACE = " \t\u3000\xa0"
SPACE_LINE = SPACE + "\r\n"  # a line (with its break) holding only spaces is blank
FOLD = str.maketrans(
    "０１２３４５６７８９％．～－（）ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789%.~-()ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
# Folding by substitution touches only the characters to fold; `str.translate` maps every one.
FOLD_CHARS = {chr(a): chr(b) for a, b in FOLD.items()}
FOLDED = re.compile("[" + re.escape("".join(FOLD_CHARS)) + "]")
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
    # The map back, as runs: cleaned text[run_starts[k] : run_starts[k] + n] came from the original at
    # run_origins[k] on (n up to the next run). A run per stretch keeps cleaning fast on megabytes.
    run_starts: list[int]
    run_origins: list[int]
    paragraphs: list[Paragraph] = field(default_factory=list)
    dropped: int = 0  # repeated paragraphs left out

    @property
    def matching(self) -> str:
        return FOLDED.sub(lambda m: FOLD_CHARS[m.group()], self.text)

    def origin(self, i: int) -> int:
        """The original offset of cleaned character `i`."""
        k = bisect.bisect_right(self.run_starts, i) - 1
        return self.run_origins[k] + (i - self.run_starts[k])

    @property
    def offsets(self) -> list[int]:
        """The original offset of every cleaned character (for tests and small texts)."""
        return [self.origin(i) for i in range(len(self.text))]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the cleaned span [start, end)."""
        return self.origin(start), self.origin(end - 1) + 1


OPENING = re.compile(r"^\s*(?:本报讯|本报记者|新华社|（记者|\(记者)")
# A numbered section heading of a report ("一、综合", "（二）工业", "3. 投资"): a part of the same
# document, not the headline of another article.
SECTION = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


def articles(cleaned: "Cleaned") -> list[int]:
    """Where each article of a page starts, as cleaned-text offsets: a page prints several.

    An article opens with a "本报讯（记者…）" line, or with its headline — one or more heading
    paragraphs followed by body text, other than a report's numbered section headings ("一、综合").
    The first article starts at 0.
    """
    starts = [0]
    paras = cleaned.paragraphs
    i = 0
    while i < len(paras):
        para = paras[i]
        if para.kind == "text" and OPENING.match(cleaned.text, para.start):
            # The headline lines just before the opening belong to the article.
            j = i
            while j > 0 and paras[j - 1].kind == "heading":
                j -= 1
            starts.append(paras[j].start)
        elif (
            para.kind == "heading"
            and (i == 0 or paras[i - 1].kind != "heading")
            and not SECTION.match(cleaned.text, para.start)
        ):
            j = i
            while j < len(paras) and paras[j].kind == "heading":
                j += 1
            if j < len(paras) and paras[j].kind == "text" and j - i <= 3:
                starts.append(para.start)
            i = j
            continue
        i += 1
    return sorted(set(starts))


def _raw_paragraphs(original: str) -> list[list[tuple[int, int]]]:
    """Blank-line separated blocks as lists of (line start, line end) offsets, without the newline."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pos = 0
    for line in original.splitlines(keepends=True):
        body = len(line.rstrip("\r\n"))
        if body and line.strip(SPACE_LINE):
            current.append((pos, pos + body))
        elif current:
            blocks.append(current)
            current = []
        pos += len(line)
    if current:
        blocks.append(current)
    return blocks


def _kind(text: str) -> str:
    stripped = text.strip(SPACE)
    # Every caption pattern holds 摄 or 图: the test spares the search on the other paragraphs.
    if (("摄" in stripped or "图" in stripped) and CAPTION.search(stripped)) or BYLINE.match(stripped):
        return "caption"
    if len(stripped) <= 30 and stripped[-1:] not in TERMINAL and "，" not in stripped and "," not in stripped:
        return "heading"
    return "text"


SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")


def _squeeze(original: str, lines: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """One block's lines joined with no break, spaces next to Chinese text removed.

    Returns the text and its runs: (offset in the block's text, original offset) where each
    stretch of contiguous original characters starts.
    """
    text = "".join([original[s:e] for s, e in lines])
    runs: list[tuple[int, int]] = []
    pos = 0
    for s, e in lines:
        runs.append((pos, s))
        pos += e - s
    if not SPACE_RUN.search(text):
        return text, runs
    # Cut the typesetting spaces out: keep [last, a) of each gap, then continue after the spaces.
    kept: list[tuple[int, int]] = []  # kept stretches of the block's text
    last = 0
    for m in SPACE_RUN.finditer(text):
        a, b = m.span()
        prev, nxt = text[a - 1 : a], text[b : b + 1]
        # Typesetting spaces ("2 月 11 日", "124.3 亿元") go; a space between two Latin words stays.
        if prev and nxt and not is_cjk(prev) and not is_cjk(nxt) and not (prev.isdigit() and nxt.isdigit()):
            continue
        kept.append((last, a))
        last = b
    kept.append((last, len(text)))
    out_runs: list[tuple[int, int]] = []
    out = 0
    starts = [r[0] for r in runs]
    for a, b in kept:
        # Split [a, b) of the block's text where original lines change.
        while a < b:
            k = bisect.bisect_right(starts, a) - 1
            line_end = starts[k + 1] if k + 1 < len(starts) else len(text)
            stop = min(b, line_end)
            out_runs.append((out, runs[k][1] + (a - runs[k][0])))
            out += stop - a
            a = stop
    text_out = "".join(text[a:b] for a, b in kept)
    return text_out, out_runs


def clean(original: str, *, min_repeat: int = 20) -> Cleaned:
    """Join broken lines and sentences, drop repeated paragraphs, keep the offset map."""
    blocks = []
    for lines in _raw_paragraphs(original):
        text, runs = _squeeze(original, lines)
        if text:
            blocks.append([text, runs, _kind(text)])
    # A blank line inside a sentence: body text (not a heading or a caption) that does not end a
    # sentence continues in the next block.
    merged: list[list] = []
    for block in blocks:
        if merged:
            prev = merged[-1]
            if (
                prev[2] == "text"
                and block[2] != "caption"
                and prev[0][-1] not in TERMINAL
                and (is_cjk(block[0][0]) or block[0][0].isalnum())
            ):
                shift = len(prev[0])
                prev[0] += block[0]
                prev[1] += [(at + shift, origin) for at, origin in block[1]]
                continue
        merged.append(block)
    seen: set[str] = set()
    text_parts: list[str] = []
    run_starts: list[int] = []
    run_origins: list[int] = []
    paragraphs: list[Paragraph] = []
    dropped = 0
    length = 0
    for text, runs, kind in merged:
        if len(text) >= min_repeat:
            if text in seen:
                dropped += 1
                continue
            seen.add(text)
        if text_parts:
            # The paragraph break: a newline standing for the original break before this block.
            text_parts.append("\n")
            run_starts.append(length)
            run_origins.append(max(runs[0][1] - 1, 0))
            length += 1
        for at, origin in runs:
            run_starts.append(length + at)
            run_origins.append(origin)
        text_parts.append(text)
        paragraphs.append(Paragraph(length, length + len(text), kind))
        length += len(text)
    return Cleaned(original, "".join(text_parts), run_starts, run_origins, paragraphs, dropped)
