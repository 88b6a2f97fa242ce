"""Official documents (公文) as .docx in the GB/T 9704-2012 layout. Pure: no Django.

The standard fixes the page (A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, so a
156 × 225 mm text block), a grid of 22 lines × 28 characters, the fonts and sizes (body 3号仿宋,
title 2号小标宋, headings 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋), dates in Arabic numerals
and page numbers "— 3 —" in 4号宋体, right on odd pages and left on even ones.
python-docx has no API for East Asian font names, the document grid, field codes or odd/even
footers' settings, so those are written as the XML Word itself writes.
"""

import datetime
import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES, CHARS = 22, 28

FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"

SIZE_BODY = Pt(16)  # 3号
SIZE_TITLE = Pt(22)  # 2号
SIZE_PAGE = Pt(14)  # 4号
SIZE_TABLE = Pt(12)  # 小4号
SIZE_ISSUER = Pt(30)

RED = RGBColor(0xFF, 0x00, 0x00)
HEADING_FONTS = {1: FONT_H1, 2: FONT_H2, 3: FONT_BODY, 4: FONT_BODY}
NUMERALS = "一二三四五六七八九十"


@dataclass
class Heading:
    level: int  # 1..4; the renderer numbers it 一、 （一） 1. （1）
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: set[int] = field(default_factory=set)  # column indexes aligned right


@dataclass
class OfficialDocument:
    issuer: str
    number: str
    title: str
    recipients: str
    blocks: list
    signer: str
    date: datetime.date
    copy_to: str = ""


def line_pitch_twips() -> int:
    """The grid's line pitch: the text block's height over 22 lines, in twentieths of a point."""
    return int(Length(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM).twips / LINES)


def char_space() -> int:
    """w:charSpace: how far each character's pitch differs from the body size, in 1/4096 pt, so that
    28 characters of 16 pt fill the 156 mm line."""
    width_pt = Length(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT).pt
    return round((width_pt / CHARS - SIZE_BODY.pt) * 4096)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, up to 99."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def heading_number(level: int, n: int) -> str:
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def date_text(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, without leading zeros: 2026年5月8日."""
    return f"{day.year}年{day.month}月{day.day}日"


# XML helpers -----------------------------------------------------------------------------------


def _fonts(run_or_style, name: str) -> None:
    """Name the font for Latin and East Asian text alike; Word picks eastAsia for Chinese."""
    run_or_style.font.name = name
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _run(paragraph, text: str, font: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None):
    run = paragraph.add_run(text)
    _fonts(run, font)
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _field(paragraph, instruction: str, font: str, size: Pt) -> None:
    """A field (PAGE) as Word writes it: begin, instruction, separate, a placeholder, end."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", font, size)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def _border(paragraph, side: str, color: str = "FF0000", size: int = 12) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        edge.set(qn(k), v)
    borders.append(edge)
    ppr.append(borders)


def _grid(section) -> None:
    sectpr = section._sectPr
    for old in sectpr.findall(qn("w:docGrid")):
        sectpr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch_twips()))
    grid.set(qn("w:charSpace"), str(char_space()))
    sectpr.append(grid)


def _page_number_footer(footer, align) -> None:
    p = footer.paragraphs[0]
    p.alignment = align
    # "— 3 —": one 一字线 each side; the standard puts a quarter-em of white at the outer edge.
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    _run(p, "— ", FONT_PAGE, SIZE_PAGE)
    _field(p, "PAGE", FONT_PAGE, SIZE_PAGE)
    _run(p, " —", FONT_PAGE, SIZE_PAGE)


# The document ----------------------------------------------------------------------------------


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    _grid(section)
    normal = doc.styles["Normal"]
    _fonts(normal, FONT_BODY)
    normal.font.size = SIZE_BODY
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pitch_twips() / 20)
    fmt.space_before = fmt.space_after = Pt(0)
    for level in range(1, 5):
        style = doc.styles[f"Heading {level}"]
        _fonts(style, HEADING_FONTS[level])
        style.font.size = SIZE_BODY
        style.font.bold = level == 3
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        pf = style.paragraph_format
        pf.first_line_indent = Pt(32)  # two characters, like body text
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line_pitch_twips() / 20)
        pf.space_before = pf.space_after = Pt(0)
        pf.keep_with_next = True
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number_footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _head(doc, d: OfficialDocument) -> None:
    if d.issuer:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = Pt(SIZE_ISSUER.pt * 1.3)
        _run(p, d.issuer, FONT_TITLE, SIZE_ISSUER, color=RED)
        doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, d.number, FONT_BODY, SIZE_BODY)
    _border(p, "bottom")  # the red rule under the 发文字号
    doc.add_paragraph()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing = Pt(SIZE_TITLE.pt * 1.5)
    _run(p, d.title, FONT_TITLE, SIZE_TITLE)
    doc.add_paragraph()
    if d.recipients:
        p = doc.add_paragraph()
        _run(p, d.recipients, FONT_BODY, SIZE_BODY)


def _body(doc, blocks: list) -> None:
    counters = [0, 0, 0, 0]
    for block in blocks:
        if isinstance(block, Heading):
            level = block.level
            counters[level - 1] += 1
            for deeper in range(level, 4):
                counters[deeper] = 0
            p = doc.add_paragraph(style=f"Heading {level}")
            _run(p, heading_number(level, counters[level - 1]) + block.text, HEADING_FONTS[level], SIZE_BODY,
                 bold=level == 3)  # fmt: skip
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            _run(p, block.text, FONT_BODY, SIZE_BODY)


def _table(doc, t: Table) -> None:
    if t.caption:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, t.caption, FONT_H1, SIZE_TABLE)
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def fill(cells, values, bold):
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            p = cell.paragraphs[0]
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            p.paragraph_format.first_line_indent = Pt(0)
            if bold:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif i in t.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(p, str(value), FONT_BODY, SIZE_TABLE, bold=bold)

    fill(table.rows[0].cells, t.header, True)
    # The header row repeats at the top of every page the table runs onto.
    trpr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for row in t.rows:
        fill(table.add_row().cells, row, False)
    doc.add_paragraph()


def _close(doc, d: OfficialDocument) -> None:
    doc.add_paragraph()
    for text in (d.signer, date_text(d.date)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(64)  # 右空四字
        _run(p, text, FONT_BODY, SIZE_BODY)
    if d.copy_to:
        doc.add_paragraph()
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Pt(14)
        _border(p, "top", color="000000", size=8)
        _run(p, f"抄送：{d.copy_to}。", FONT_BODY, SIZE_PAGE)


def render(d: OfficialDocument) -> bytes:
    doc = Document()
    _setup(doc)
    # A fresh document starts with one empty paragraph; the letterhead replaces it.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _head(doc, d)
    _body(doc, d.blocks)
    _close(doc, d)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
