import pytest

from supervision.testing import set_issuer

MACUN = "马村区重点项目建设指挥部办公室"
CITY = "焦作市重点项目建设指挥部办公室"


@pytest.fixture
def issuers(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SOFFICE = ""  # the PDF is tested with LibreOffice in test_office_render.py
    city = set_issuer(world.users["admin"], world.units["city"], prefix="焦项办", name=CITY,
                      signers=[world.users["admin"]], recipients="各县（市）区人民政府，市直各有关单位")  # fmt: skip
    macun = set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name=MACUN,
                       signers=[world.users["leader"]], recipients="各街道办事处，区直各有关单位",
                       copy_to="区委办公室，区政府办公室")  # fmt: skip
    return {"city": city, "macun": macun}
