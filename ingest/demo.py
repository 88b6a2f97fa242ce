"""Demo ingestion: our own sample pages (facts from the published reports, our words) and, where
the published pages themselves are next to the project (a developer's checkout), those too.

Some candidates are accepted so that the figures they record show their article as the source.
"""

from pathlib import Path

from django.conf import settings

from core.context import acting_as
from org.demo import demo_admin
from org.models import Unit

from . import actions, queries
from .choices import CandidateState, FactType
from .models import Candidate

SAMPLES = Path(__file__).resolve().parent / "samples"
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"

# sample page → the unit its figures belong to
UNITS = {
    "sfq-2017-work-meeting.txt": "焦作城乡一体化示范区",
    "macun-2024-economy.txt": "马村区",
    "macun-2020-attraction.txt": "马村区",
}
SEED_UNITS = {
    "000": "马村区",
    "001": "马村区",
    "002": "马村区",
    "003": "焦作城乡一体化示范区",
    "004": "焦作城乡一体化示范区",
}


def _files() -> list[tuple[Path, str]]:
    files = [(SAMPLES / name, unit) for name, unit in UNITS.items()]
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            files.append((path, SEED_UNITS.get(path.name[:3], "马村区")))
    return files


def load(stdout) -> None:
    admin = demo_admin()
    extractor = queries.extractor()
    with acting_as(admin):
        for path, unit_name in _files():
            unit = Unit.objects.filter(name=unit_name).first()
            document, created = actions.ingest_document(
                actor=admin, name=path.name, text=path.read_text(encoding="utf-8"), extractor=extractor, unit=unit,
                is_sample=path.parent == SAMPLES,
            )  # fmt: skip
            if created:
                stdout.write(f"  {path.name}：{queries.to_review(document)} 条待审核事实")
        # Accept the 示范区's 2016 results from the sample work-meeting page: their figures then
        # show the article and the sentence as their source.
        facts = Candidate.objects.filter(document__name="sfq-2017-work-meeting.txt", type=FactType.INDICATOR)
        if facts.filter(state=CandidateState.ACCEPTED).exists():
            return
        for candidate in facts.filter(state=CandidateState.PENDING, fields__target=False).order_by("start")[:3]:
            actions.accept_candidate(actor=admin, candidate=candidate)
