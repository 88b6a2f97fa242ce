"""Official documents (公文) rendered as .docx in the GB/T 9704-2012 layout.

Pure Python on top of python-docx. Where python-docx has no API (East Asian font names, the
document grid, character-based indents, paragraph borders, PAGE fields, repeated table headers)
the WordprocessingML is written directly; the element names are those of ECMA-376.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor, Twips
from docx.table import _Cell
from lxml import etree

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
# A run names one East Asian font. Where it is missing, Word follows the font table: each entry
# names the next font to try (w:altName) and the GB2312 character set, so a reader without
# 仿宋_GB2312 takes 仿宋, then FangSong, then any Simplified Chinese font of the same family.
FONT_FALLBACKS = {
    FONT_BODY: ("仿宋", "FangSong"),
    FONT_TITLE: ("小标宋", "SimSun"),
    FONT_H2: ("楷体", "KaiTi"),
    FONT_H1: ("SimHei",),
    FONT_PAGE: ("SimSun",),
}
# (w:family, w:pitch) of each font the document names; 黑体 is a sans-serif.
_FONT_FAMILY = {FONT_H1: "modern", "SimHei": "modern"}
LANG_EAST_ASIA = "zh-CN"

SIZE_BODY = Pt(16)  # 3号
SIZE_TITLE = Pt(22)  # 2号
SIZE_ISSUER = Pt(36)  # largest size of the issuer mark; long names shrink to stay on one line
SIZE_TABLE = Pt(14)  # 4号
SIZE_PAGE = Pt(14)  # 4号
SIZE_RECORD = Pt(14)  # 版记, 4号
RECORD_LINE = Pt(21)  # one line of the 版记 (14 pt at 1.5 lines)
RECORD_PADDING = Mm(2)  # above and below the text of each 版记 row, between its rules
RED = RGBColor(0xFF, 0x00, 0x00)

# Margins are stored in whole twips, so the grid is computed from the stored values, as Word does.
TEXT_WIDTH = Twips(PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips)  # 156 mm
TEXT_HEIGHT = Twips(PAGE_HEIGHT.twips - MARGIN_TOP.twips - MARGIN_BOTTOM.twips)  # 225 mm
# Rounded down so that 22 lines still fit the block (579 twips = 28.95 pt).
LINE_PITCH = Twips(TEXT_HEIGHT.twips // LINES_PER_PAGE)
# ECMA-376 17.6.5: charSpace = (grid character pitch - Normal font size) x 4096, in points; rounded
# down so that 28 characters still fit. Integer arithmetic in twips keeps it exact.
CHAR_SPACE = (TEXT_WIDTH.twips - CHARS_PER_LINE * SIZE_BODY.twips) * 4096 // (20 * CHARS_PER_LINE)
CHAR_PITCH = Twips(round(SIZE_BODY.twips + CHAR_SPACE * 20 / 4096))  # one grid character, for fallbacks
# Body characters are set 0.3 pt condensed (w:spacing, in twips): 28 of them (28 × 15.7 pt) fit the
# 156 mm line, 29 do not. 0.25 pt would be the least in exact arithmetic; LibreOffice rounds to
# 1/100 mm and then fits only 27.
BODY_CONDENSE = -6

# The footer's 一字线 sits 7 mm below the text block; Word measures the footer distance to the
# bottom of the footer line.
FOOTER_DISTANCE = Emu(Mm(35 - 7) - SIZE_PAGE)

# python-docx does not model these w:pPr children; they must precede the siblings it writes.
_PPR_SUCCESSORS = {
    "w:pBdr": ("w:shd", "w:tabs", "w:snapToGrid", "w:spacing", "w:ind", "w:jc", "w:rPr"),
    "w:snapToGrid": ("w:spacing", "w:ind", "w:jc", "w:rPr"),
}
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                      "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                      "w:specVanish", "w:oMath")  # fmt: skip
_CN_DIGITS = "零一二三四五六七八九"
_YEAR_BRACKETS = re.compile(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]")


@dataclass
class Heading:
    level: int  # 1..4, numbered 一、 / （一） / 1. / （1） by the renderer
    text: str

    def __post_init__(self):
        if self.level not in (1, 2, 3, 4):
            raise ValueError(f"Heading level must be 1 to 4, not {self.level}: {self.text!r}")


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: set[int] = field(default_factory=set)  # column indexes to right-align

    def __post_init__(self):
        for i, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(f"Table row {i} has {len(row)} cells, the header has {len(self.header)}")


@dataclass
class OfficialDocument:
    issuer: str  # 发文机关标志; "" leaves out the red header
    number: str  # 发文字号, e.g. 马项办〔2026〕3号
    title: str  # "\n" breaks the title into lines
    recipients: str  # 主送机关; "" for none
    blocks: list[Heading | Paragraph | Table]
    signer: str  # 落款
    date: datetime.date  # 成文日期
    copy_to: str = ""  # 抄送 (版记)
    printed_by: str = ""  # 印发机关 (版记)
    printed_on: datetime.date | None = None  # 印发日期, defaults to the 成文日期
    signatory: str = ""  # 签发人 (names), shown in the 版头 of a document to a higher level
    upward: bool = False  # 上行文: the 版头 carries the 签发人
    attachments: list[str] = field(default_factory=list)  # 附件说明: the attachments' names, in order
    note: str = ""  # 附注, printed in brackets under the 成文日期
    # The 版记 starts a page of its own: given when the text ends on an odd page, so that the last
    # page — the one carrying the 版记 — is even (7.4.1: 版记应置于最后一页, the back of the sheet).
    record_on_new_page: bool = False


def render(doc: OfficialDocument) -> bytes:
    """Return the .docx file for `doc`."""
    out = Document()
    _setup(out, doc)
    if doc.issuer:
        size = Pt(min(SIZE_ISSUER.pt, TEXT_WIDTH.pt // text_width(doc.issuer)))
        p = _para(out, doc.issuer, FONT_TITLE, size, align="center", color=RED, grid=False)
        p.paragraph_format.space_before = Mm(35)  # upper edge 35 mm under the top of the block
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line would clip it
    if doc.number and doc.upward and doc.signatory:
        # 上行文 (7.2.4): the number 1 character from the left, 签发人 1 character from the right.
        p = _para(out, format_number(doc.number), FONT_BODY, SIZE_BODY, before=2 if doc.issuer else 0)
        _indent(p, left=1)
        p.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH.twips - CHAR_PITCH.twips), WD_TAB_ALIGNMENT.RIGHT)
        _run(p, "\t签发人：", FONT_BODY, SIZE_BODY)
        _run(p, doc.signatory, FONT_H2, SIZE_BODY)  # the names in 楷体
    elif doc.number:
        p = _para(out, format_number(doc.number), FONT_BODY, SIZE_BODY, align="center", before=2 if doc.issuer else 0)
    if doc.issuer:  # the red rule 4 mm under the number, as wide as the block
        _append(_ppr_child(p, "w:pBdr"), "w:bottom", val="single", sz=12, space=round(Mm(4).pt), color="FF0000")
    title = _para(out, "", FONT_TITLE, SIZE_TITLE, align="center", before=2 if doc.issuer else 0, grid=False)
    for i, line in enumerate(doc.title.splitlines()):
        run = _run(title, "", FONT_TITLE, SIZE_TITLE)
        if i:
            run.add_break()  # one paragraph, several centred lines
        run.add_text(line)
    if doc.recipients:
        _para(out, doc.recipients.rstrip("：:") + "：", FONT_BODY, SIZE_BODY, before=1)
    for block, number in numbered(doc.blocks):
        if isinstance(block, Heading):
            _heading(out, block, number)
        elif isinstance(block, Paragraph):
            _para(out, block.text, FONT_BODY, SIZE_BODY, align="justify", first_line=2)
        elif isinstance(block, Table):
            _table(out, block)
        else:
            raise TypeError(f"Unknown block {block!r}")
    _attachments(out, doc.attachments)
    _signature(out, doc.signer, format_date(doc.date))
    if doc.note:
        _para(out, "（" + doc.note.strip("（）()") + "）", FONT_BODY, SIZE_BODY, align="justify", first_line=2)
    _record(out, doc)
    _footers(out)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def format_date(day: datetime.date) -> str:
    """成文日期 in Arabic numerals without padding: 2026年5月8日."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_number(number: str) -> str:
    """发文字号 with the year in 〔〕, whatever brackets the caller typed."""
    return _YEAR_BRACKETS.sub(r"〔\1〕", number.strip())


def heading_number(level: int, n: int) -> str:
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    return f"{n}." if level == 3 else f"（{n}）"


def chinese_numeral(n: int) -> str:
    """1..99 as 一 … 九十九 (structure numbers never go higher)."""
    if not 0 < n < 100:
        raise ValueError(f"Cannot number item {n} in Chinese numerals")
    tens, ones = divmod(n, 10)
    if not tens:
        return _CN_DIGITS[ones]
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


def text_width(text: str) -> float:
    """Width in body characters: ASCII letters and digits take half a character."""
    return sum(0.5 if ord(ch) < 0x80 else 1 for ch in text)


def _setup(out, doc: OfficialDocument) -> None:
    section = out.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.footer_distance = FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    _set(grid, type="linesAndChars", linePitch=LINE_PITCH.twips, charSpace=CHAR_SPACE)
    # The template's defaults name theme fonts (which win over named fonts), Latin language and
    # 10 pt after each paragraph; the grid is defined against the Normal font, so make it 16 pt 仿宋.
    defaults = out.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for tag in ("w:rFonts", "w:sz", "w:szCs", "w:lang"):
        rpr.remove(rpr.find(qn(tag)))
    _append(rpr, "w:rFonts", ascii=FONT_BODY, hAnsi=FONT_BODY, eastAsia=FONT_BODY, cs=FONT_BODY)
    _append(rpr, "w:sz", val=SIZE_BODY.twips // 10)  # half-points
    _append(rpr, "w:szCs", val=SIZE_BODY.twips // 10)
    _append(rpr, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    ppr.remove(ppr.find(qn("w:spacing")))
    # Widow control would move single lines and leave pages short of their 22 lines.
    _append(ppr, "w:widowControl", val=0)
    _append(ppr, "w:spacing", after=0, line=240, lineRule="auto")
    for level in range(1, 5):
        # The template's headings are blue, italic at level 4, with their own sizes: make them plain
        # black 16 pt so that nothing the runs do not set shows through.
        style = out.styles[f"Heading {level}"]
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.font.size = SIZE_BODY
        style.font.bold = level == 3
    # The Normal style carries the grid's font and size itself: LibreOffice measures the character
    # grid against the Normal style, not the document defaults.
    normal = out.styles["Normal"].element.get_or_add_rPr()
    _append(normal, "w:rFonts", ascii=FONT_BODY, hAnsi=FONT_BODY, eastAsia=FONT_BODY, cs=FONT_BODY)
    _append(normal, "w:sz", val=SIZE_BODY.twips // 10)
    _append(normal, "w:szCs", val=SIZE_BODY.twips // 10)
    _append(normal, "w:lang", val="zh-CN", eastAsia=LANG_EAST_ASIA, bidi="ar-SA")
    # Theme fonts win over named fonts wherever a style uses them: drop them from every style.
    for fonts in out.styles.element.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
    out.settings.odd_and_even_pages_header_footer = True
    # The template says its theme fonts are Japanese (themeFontLang eastAsia="ja-JP", ＭＳ 明朝):
    # readers then choose Japanese glyph forms. Make the document Simplified Chinese throughout.
    theme_lang = out.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        _set(theme_lang, val="zh-CN", eastAsia=LANG_EAST_ASIA)
    _font_table(out)
    _theme(out)
    props = out.core_properties
    props.title = doc.title.replace("\n", "")
    props.author = props.last_modified_by = doc.signer or doc.issuer


def _part(out, name: str):
    for part in out.part.package.iter_parts():
        if str(part.partname) == name:
            return part
    return None


def _font_table(out) -> None:
    """The font table names each font with its fallback (w:altName) and the GB2312 character set."""
    part = _part(out, "/word/fontTable.xml")
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for font in list(root):
        if font.get(qn("w:name")) in ("ＭＳ 明朝", "ＭＳ ゴシック"):
            root.remove(font)
    for name, fallbacks in FONT_FALLBACKS.items():
        chain = (name, *fallbacks)
        for i, each in enumerate(chain):
            if root.find(f"{qn('w:font')}[@{qn('w:name')}='{each}']") is not None:
                continue
            font = etree.SubElement(root, qn("w:font"), {qn("w:name"): each})
            if i + 1 < len(chain):
                etree.SubElement(font, qn("w:altName"), {qn("w:val"): chain[i + 1]})
            etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
            etree.SubElement(font, qn("w:family"), {qn("w:val"): _FONT_FAMILY.get(each, "roman")})
            etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
            # Unicode ranges: Latin, CJK ideographs and punctuation; code page 936 (GB2312).
            etree.SubElement(font, qn("w:sig"), {qn(f"w:{k}"): v for k, v in (
                ("usb0", "00000001"), ("usb1", "080E0000"), ("usb2", "00000010"), ("usb3", "00000000"),
                ("csb0", "00040000"), ("csb1", "00000000"))})  # fmt: skip
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _theme(out) -> None:
    """Theme fonts: Simplified Chinese first (仿宋_GB2312 for body text, 方正小标宋简体 for headings),
    with no Japanese font left to be chosen."""
    part = _part(out, "/word/theme/theme1.xml")
    if part is None:
        return
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(part.blob)
    for kind, font in (("majorFont", FONT_TITLE), ("minorFont", FONT_BODY)):
        for scheme in root.iter(f"{{{a}}}{kind}"):
            for ea in scheme.findall(f"{{{a}}}ea"):
                ea.set("typeface", font)
            for each in scheme.findall(f"{{{a}}}font"):
                if each.get("script") in ("Jpan", "Hans"):
                    each.set("typeface", font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def numbered(blocks: list) -> list[tuple[object, str]]:
    """Each block with its heading number ("" for paragraphs and tables): 一、 （一） 1. （1）, each level
    restarting under the one above. The page shows a bulletin numbered as its .docx is."""
    counters = [0, 0, 0, 0]
    out = []
    for block in blocks:
        number = ""
        if isinstance(block, Heading):
            counters[block.level - 1] += 1
            counters[block.level :] = [0] * (4 - block.level)  # 一、 restarts the （一） under it, and so on
            number = heading_number(block.level, counters[block.level - 1])
        out.append((block, number))
    return out


def _heading(out, block: Heading, number: str) -> None:
    font = {1: FONT_H1, 2: FONT_H2}.get(block.level, FONT_BODY)
    text = number + block.text
    p = _para(out, text, font, SIZE_BODY, align="justify", first_line=2, bold=block.level == 3)
    # The built-in heading styles give Word's navigation pane and outline the document's structure;
    # the run's own formatting above decides how the heading looks.
    p.style = out.styles[f"Heading {block.level}"]
    p.paragraph_format.keep_with_next = True


def _table(out, block: Table) -> None:
    width = len(block.header)
    if block.caption:
        caption = _para(out, block.caption, FONT_BODY, SIZE_BODY, align="center", bold=True)
        caption.paragraph_format.keep_with_next = True
    table = out.add_table(rows=1 + len(block.rows), cols=width)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_frame(table, top=4, left=4, bottom=4, right=4, insideH=4, insideV=4)
    # The header row repeats at the top of every page the table runs onto.
    _append(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")
    # Cells are taken from each row's own XML: table.cell(r, c) walks the whole table every time,
    # which made a bulletin with a thousand-row table take seconds.
    for r, (tr, values) in enumerate(zip(table._tbl.tr_lst, [block.header, *block.rows], strict=True)):
        for c, (tc, value) in enumerate(zip(tr.tc_lst, values, strict=True)):
            cell = _Cell(tc, table)
            cell.width = Twips(TEXT_WIDTH.twips // width)
            align = "center" if r == 0 else "right" if c in block.numeric else "left"
            p = cell.paragraphs[0]
            _format(p, align=align, grid=False)
            _run(p, str(value), FONT_BODY, SIZE_TABLE, bold=r == 0)


def _attachments(out, names: list[str]) -> None:
    """附件说明 (7.3.4): a blank line under the body, 附件： 2 characters in; several are numbered
    1. 2. …, each name under the first."""
    for i, name in enumerate(names):
        label = f"{i + 1}.{name}" if len(names) > 1 else name
        if i == 0:
            p = _para(out, "附件：" + label, FONT_BODY, SIZE_BODY, before=1)
            _indent(p, left=5, first_line=-3)  # 2 in, the name's wrapped lines under the name
        else:
            p = _para(out, label, FONT_BODY, SIZE_BODY)
            _indent(p, left=5)


def _signature(out, signer: str, date: str) -> None:
    # GB/T 9704 7.3.5.2 (no seal): the signer 2 characters from the right, the date's first
    # character 2 characters right of the signer's; a longer date keeps 2 and pushes the signer left.
    signer_w, date_w = text_width(signer), text_width(date)
    date_right = signer_w - date_w
    signer_right = 2.0
    if date_right < 2:
        date_right, signer_right = 2.0, date_w - signer_w + 4
    if signer:
        p = _para(out, signer, FONT_BODY, SIZE_BODY, align="right", before=1)
        _indent(p, right=signer_right)
    p = _para(out, date, FONT_BODY, SIZE_BODY, align="right", before=0 if signer else 1)
    _indent(p, right=date_right)


def _record(out, doc: OfficialDocument) -> None:
    """版记: 抄送 and 印发 between thick first and last rules, a thin rule between them."""
    lines = []
    if doc.copy_to:
        lines.append("抄送：" + doc.copy_to.rstrip("。.") + "。")
    if doc.printed_by:
        lines.append(f"{doc.printed_by}\t{format_date(doc.printed_on or doc.date)}印发")
    if not lines:
        return
    # A borderless one-column table: its rules run the full block width, which paragraph borders
    # (drawn between the indents) would not. It floats at the foot of the text block on the page
    # the document ends on (7.4.1: the 版记 sits at the foot of the last page), the body text
    # flowing above it.
    table = out.add_table(rows=len(lines), cols=1)
    _table_frame(table, top=8, bottom=8, insideH=6)  # 0.35 mm outside, 0.25 mm between
    char = SIZE_RECORD.twips
    # Rows of exact height, so that the table's height — and the offset putting its foot on the
    # foot of the block — is known: Word aligns it by tblpYSpec="bottom", LibreOffice by tblpY.
    heights = [RECORD_LINE.twips * _record_lines(text, char) + RECORD_PADDING.twips for text in lines]
    float_at = OxmlElement("w:tblpPr")
    # Placed from the page's left edge (LibreOffice floats a table as wide as the block only when
    # it is positioned against the page), at the left margin.
    _set(float_at, vertAnchor="margin", horzAnchor="page", tblpX=MARGIN_LEFT.twips, tblpYSpec="bottom",
         tblpY=TEXT_HEIGHT.twips - sum(heights))  # fmt: skip
    table._tbl.tblPr.insert_element_before(
        float_at, "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
        "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
        "w:tblLook",
    )  # fmt: skip
    cell_margins = table._tbl.tblPr.insert_element_before(OxmlElement("w:tblCellMar"), "w:tblLook")
    for side in ("left", "right"):
        _append(cell_margins, f"w:{side}", w=0, type="dxa")
    for row, text, height in zip(table.rows, lines, heights, strict=True):
        row.height, row.height_rule = Twips(height), WD_ROW_HEIGHT_RULE.EXACTLY
        row.cells[0].width = TEXT_WIDTH
        row.cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = row.cells[0].paragraphs[0]
        _format(p, grid=False)
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.right_indent = Twips(char)  # 1 character in on both sides
        if text.startswith("抄送："):  # wrapped lines align after the colon
            p.paragraph_format.left_indent = Twips(4 * char)
            p.paragraph_format.first_line_indent = Twips(-3 * char)
        else:
            p.paragraph_format.left_indent = Twips(char)
            # Tab stops count from the cell edge, not the indent: the date ends 1 character in.
            p.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH.twips - char), WD_TAB_ALIGNMENT.RIGHT)
        _run(p, text, FONT_BODY, SIZE_RECORD)
    # The floating table is anchored to the paragraph after it: a 1 pt empty line, so that the
    # anchor itself does not start a page of its own.
    anchor = out.add_paragraph()
    _format(anchor, grid=False)
    # Its page is the anchor's: a page break before the anchor takes the 版记 to a page of its own.
    anchor.paragraph_format.page_break_before = doc.record_on_new_page
    anchor.paragraph_format.line_spacing_rule, anchor.paragraph_format.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(1)
    _append(anchor._p.get_or_add_pPr(), "w:rPr").append(OxmlElement("w:sz", {qn("w:val"): "2"}))


def _record_lines(text: str, char: int) -> int:
    """How many lines a 版记 row takes: 抄送 wraps after the 1-character indents."""
    per_line = (TEXT_WIDTH.twips - 2 * char) // char
    return max(1, -(-int(text_width(text.replace("\t", "  ")) + 0.999) // per_line))


def _table_frame(table, **edges: int) -> None:
    """Full block width and the given borders (sizes in eighths of a point)."""
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr.find(qn("w:tblW")), type="dxa", w=TEXT_WIDTH.twips)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if edge in edges:
            _append(borders, f"w:{edge}", val="single", sz=edges[edge], space=0, color="000000")
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _footers(out) -> None:
    """Page numbers "— N —" in 4号宋体: odd pages 1 character from the right, even from the left."""
    section = out.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        _format(p, align=side, grid=False)
        _indent(p, **{side: 1}, char=SIZE_PAGE.twips)
        _run(p, "— ", FONT_PAGE, SIZE_PAGE)
        _append(_run(p, "", FONT_PAGE, SIZE_PAGE)._r, "w:fldChar", fldCharType="begin")
        instr = _append(_run(p, "", FONT_PAGE, SIZE_PAGE)._r, "w:instrText", {qn("xml:space"): "preserve"})
        instr.text = " PAGE "
        _append(_run(p, "", FONT_PAGE, SIZE_PAGE)._r, "w:fldChar", fldCharType="separate")
        _run(p, "1", FONT_PAGE, SIZE_PAGE)  # shown until Word updates the field
        _append(_run(p, "", FONT_PAGE, SIZE_PAGE)._r, "w:fldChar", fldCharType="end")
        _run(p, " —", FONT_PAGE, SIZE_PAGE)


def _para(out, text, font, size, *, align=None, before=0, first_line=0, bold=False, color=None, grid=True):
    p = out.add_paragraph()
    _format(p, align=align, grid=grid)
    p.paragraph_format.space_before = Twips(before * LINE_PITCH.twips)
    if first_line:
        _indent(p, first_line=first_line)
    if text:
        _run(p, text, font, size, bold=bold, color=color)
    return p


def _format(p, *, align=None, grid=True) -> None:
    fmt = p.paragraph_format
    fmt.space_after = Pt(0)
    # Every line is exactly one grid line, whatever the font's own line height, so each page holds
    # 22 lines; text off the grid (title, tables, footers) keeps single spacing.
    if grid:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # No paragraph snaps to the character grid: LibreOffice gives a 16 pt character two cells of a
    # grid narrower than 16 pt (17 characters a line instead of 28). Body text is condensed
    # instead (BODY_CONDENSE), which every reader honours; the lines keep their exact pitch.
    _ppr_child(p, "w:snapToGrid").set(qn("w:val"), "0")
    if align:
        fmt.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())


def _indent(p, *, char=None, **chars: float) -> None:
    """Indent in characters: w:*Chars for Word's grid, twips for readers that ignore it."""
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    for side, n in chars.items():
        name = {"first_line": "firstLine"}.get(side, side)
        _set(ind, **{name: round(n * (char or CHAR_PITCH.twips)), f"{name}Chars": round(n * 100)})


def _run(p, text, font, size, *, bold=False, color=None):
    run = p.add_run(text)
    run.font.size, run.font.bold = size, bold or None
    if color is not None:
        run.font.color.rgb = color
    rpr = run._r.get_or_add_rPr()
    if size == SIZE_BODY:
        rpr.insert_element_before(OxmlElement("w:spacing", {qn("w:val"): str(BODY_CONDENSE)}), *_RPR_AFTER_SPACING)
    fonts = rpr.get_or_add_rFonts()
    _set(fonts, ascii=font, hAnsi=font, eastAsia=font)  # without eastAsia, Word falls back for CJK
    # zh-CN on every run: a reader picks Simplified Chinese glyph forms and line breaking for it.
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.insert_element_before(OxmlElement("w:lang"), "w:eastAsianLayout", "w:specVanish", "w:oMath")
    _set(lang, val="zh-CN", eastAsia=LANG_EAST_ASIA)
    return run


def _ppr_child(p, tag: str):
    ppr = p._p.get_or_add_pPr()
    child = ppr.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        ppr.insert_element_before(child, *_PPR_SUCCESSORS[tag])
    return child


def _append(parent, tag: str, attrs: dict | None = None, **values):
    child = OxmlElement(tag, attrs)
    _set(child, **values)
    parent.append(child)
    return child


def _set(element, **values) -> None:
    for name, value in values.items():
        element.set(qn(f"w:{name}"), str(value))
