"""The bulletin in a real renderer: LibreOffice converts the .docx to the PDF kept at 印发, and the
PDF's text shows the layout GB/T 9704 asks for. Skips (saying why) where LibreOffice or poppler's
pdftotext is not installed; CI installs both from Debian's packages (.ci/run)."""

import re
import shutil
import subprocess
from collections import Counter
from datetime import date

import pytest

from core import office
from core.context import acting_as
from supervision import actions, bulletins
from supervision.testing import issue_bulletin, set_issuer

MACUN = "马村区重点项目建设指挥部办公室"
SENTENCE = "按照区委区政府工作部署，各单位紧盯年度目标任务，扎实推进重点项目建设，各项工作取得积极进展。"

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"),
]


def pdftotext(path, page: int, *args: str) -> str:
    command = ["pdftotext", "-f", str(page), "-l", str(page), *args, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def squeeze(line: str) -> str:
    return re.sub(r"\s+", "", line)


def page_number_x(path, page: int) -> tuple[float, float]:
    """The horizontal extent of the page number "— N —" at the foot of `page`."""
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                       pdftotext(path, page, "-bbox"))  # fmt: skip
    foot = [(float(x0), float(x1)) for x0, y0, x1, text in words if float(y0) > 740 and ("—" in text or text.isdigit())]
    return min(x0 for x0, _ in foot), max(x1 for _, x1 in foot)


@pytest.fixture
def issued(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name=MACUN,
               signers=[world.users["leader"]], copy_to="区委办公室，区人大常委会办公室，区政府办公室",
               recipients="各街道办事处，区直各有关单位")  # fmt: skip
    admin = world.users["macun_admin"]
    bulletin = issue_bulletin(drafter=admin, reviewer=admin, signer=world.users["leader"], kind="weekly",
                              unit=world.units["macun"], as_of=date(2026, 10, 13), until="draft")  # fmt: skip
    with acting_as(admin):
        actions.edit_bulletin(actor=admin, bulletin=bulletin, remarks="\n".join([SENTENCE * 3] * 8))
    with acting_as(admin):
        actions.submit_bulletin(actor=admin, bulletin=bulletin)
        actions.review_bulletin(actor=admin, bulletin=bulletin, passed=True)
    with acting_as(world.users["leader"]):
        actions.sign_bulletin(actor=world.users["leader"], bulletin=bulletin, on=date(2026, 10, 14))
    with acting_as(admin):
        actions.print_bulletin(actor=admin, bulletin=bulletin, on=date(2026, 10, 15))
    assert bulletin.pdf, "印发 keeps the PDF when LibreOffice is installed"
    return bulletin


def test_libreoffice_sets_the_bulletin_as_gbt9704_asks(issued):
    path = issued.pdf.path
    count = pages(path)
    assert count >= 3 and count % 2 == 0  # the 版记 ends an even page: the back of the sheet
    first = [squeeze(line) for line in pdftotext(path, 1, "-layout").splitlines()]
    # the issuing unit's own masthead, on one line, and its number
    assert MACUN in first and "马项办〔2026〕1号" in first
    # page numbers: odd pages at the right, even pages at the left
    width = 595.3
    left, right = page_number_x(path, 1)
    assert left > width / 2 and "—1—" in first
    left, right = page_number_x(path, 2)
    assert right < width / 2 and "—2—" in [squeeze(line) for line in pdftotext(path, 2, "-layout").splitlines()]
    # the 版记 at the foot of the last page
    last = pdftotext(path, count, "-bbox")
    copy_to = re.search(r'yMin="([\d.]+)"[^>]*>抄送：', last)
    assert copy_to and float(copy_to.group(1)) > 600 and "印发" in last
    # body lines of 28 characters
    body = [squeeze(line) for p in range(1, count + 1) for line in pdftotext(path, p, "-layout").splitlines()]
    lines = [line for line in body if line and line in SENTENCE * 4]
    assert Counter(len(line) for line in lines).most_common(1)[0][0] == 28
    # set in a CJK font the system provides
    fonts = subprocess.run(["pdffonts", path], check=True, capture_output=True, text=True).stdout
    assert "CJK" in fonts


def issue_with(world, settings, tmp_path, paragraphs: int):
    """A 马村区 bulletin with `paragraphs` paragraphs of the office's own text, taken to 印发."""
    settings.MEDIA_ROOT = tmp_path
    set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name=MACUN,
               signers=[world.users["leader"]], copy_to="区委办公室", recipients="各街道办事处")  # fmt: skip
    admin, leader = world.users["macun_admin"], world.users["leader"]
    bulletin = issue_bulletin(drafter=admin, reviewer=admin, signer=leader, kind="weekly", unit=world.units["macun"],
                              as_of=date(2026, 10, 13), until="draft")  # fmt: skip
    with acting_as(admin):
        actions.edit_bulletin(actor=admin, bulletin=bulletin, remarks="\n".join([SENTENCE * 3] * paragraphs))
        actions.submit_bulletin(actor=admin, bulletin=bulletin)
        actions.review_bulletin(actor=admin, bulletin=bulletin, passed=True)
    with acting_as(leader):
        actions.sign_bulletin(actor=leader, bulletin=bulletin, on=date(2026, 10, 14))
    with acting_as(admin):
        return actions.print_bulletin(actor=admin, bulletin=bulletin, on=date(2026, 10, 15))


def test_text_ending_on_an_odd_page_puts_the_record_on_the_foot_of_the_even_page_after_it(world, settings, tmp_path):
    # 4 paragraphs: the text and the 版记 would end on page 3
    bulletin = issue_with(world, settings, tmp_path, 4)
    plain = office.to_pdf(bulletins.render_docx(bulletin))
    assert office.page_count(plain) == 3, "the text alone ends on an odd page"
    path = bulletin.pdf.path
    assert pages(path) == 4
    third, fourth = pdftotext(path, 3, "-layout"), pdftotext(path, 4, "-bbox")
    assert "2026年10月14日" in squeeze(third) and "抄送" not in third  # the text and its date end on page 3
    copy_to = re.search(r'yMin="([\d.]+)"[^>]*>抄送：', fourth)
    assert copy_to and float(copy_to.group(1)) > 600 and "印发" in fourth  # the 版记 at the foot of page 4
    assert SENTENCE[:6] not in squeeze(pdftotext(path, 4, "-layout"))
    _left, right = page_number_x(path, 4)
    assert right < 595.3 / 2  # an even page: its number at the left
    # the .docx kept is the one the PDF was made from
    assert office.page_count(office.to_pdf(bulletin.document.read())) == 4


def test_text_ending_on_an_even_page_gets_no_page_added(world, settings, tmp_path):
    bulletin = issue_with(world, settings, tmp_path, 8)
    path = bulletin.pdf.path
    assert pages(path) == 4 and office.page_count(bulletin.pdf.read()) == 4
    fourth = squeeze(pdftotext(path, 4, "-layout"))
    assert "2026年10月14日" in fourth and "抄送：" in fourth
