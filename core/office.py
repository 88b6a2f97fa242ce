"""Office documents turned into PDF by a headless LibreOffice (`soffice`), when the server has one.

The .docx stays the document offices edit; the PDF is the copy as printed, kept beside it. Without
`soffice` on the PATH (or with settings.SOFFICE set to ""), `to_pdf` returns None and only the
.docx is kept.
"""

import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 180


def soffice() -> str | None:
    """The LibreOffice program to convert with, or None."""
    configured = getattr(settings, "SOFFICE", None)
    if configured is not None:
        return configured or None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, *, suffix: str = ".docx") -> bytes | None:
    """The PDF of a .docx (or other document LibreOffice opens), or None when it cannot be made."""
    program = soffice()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="quzhi-pdf-") as work:
        folder = Path(work)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        # A profile of its own: a second conversion at the same time would otherwise wait on the
        # first one's lock, and the server user's home may not be writable.
        profile = (folder / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source)]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("PDF conversion failed: %s", exc)
            return None
        pdf = folder / "document.pdf"
        return pdf.read_bytes() if pdf.exists() else None


_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def page_count(pdf: bytes) -> int | None:
    """The number of pages of a PDF as LibreOffice writes it (the root page tree's /Count), or None."""
    counts = [int(a or b) for a, b in _PAGES.findall(pdf)]
    return max(counts) if counts else None
