"""The sample article the ingest tests review, ingested for 马村区."""

import pytest

from ingest.testing import ingest

PAGE = (
    "2017年2月12日 星期日\n\n示范区召开工作会议\n\n会议通报，2016年全区生产总值 124.3 亿元，比上年增长9.9%；"
    "进出口总值3990万美\n元，增长7.4%。2017年主要预期目标为：生产总值增长9%左右。\n\n"
    "投资60亿元的万达广场、投资25亿元的生物医药产业园项目加快建设。\n"
)


@pytest.fixture
def document(world):
    """The sample article, ingested for 马村区 by the platform administrator."""
    doc, created = ingest(world, PAGE, unit="macun")
    assert created
    return doc


def candidate(document, kind, **fields):
    for c in document.candidates.filter(type=kind):
        if all(c.fields.get(k) == v for k, v in fields.items()):
            return c
    raise AssertionError(f"no {kind} {fields}")
