"""Photo uploads with real transactions: the upload is one transaction, files follow its outcome."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from core.models import AuditEntry
from projects import actions
from projects.models import Photo

pytestmark = pytest.mark.django_db(transaction=True)


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("工地.png", buffer.getvalue(), content_type="image/png")


def stored(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_photo_upload_in_real_transactions_is_saved_and_audited(world, projects, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = projects["fengying"]
    client = client_for(world.users["fengying"])
    response = client.post(f"/projects/{p.pk}/photos/", {"image": png(), "caption": "封顶"})
    assert response.status_code == 302
    photo = p.photos.get()
    assert Path(photo.image.path).exists() and Path(photo.thumbnail.path).exists()
    assert AuditEntry.objects.filter(object_id=str(photo.pk), action="create", content_type__model="photo").count() == 1


def test_a_refused_photo_leaves_no_row_and_no_file(world, projects, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        # The caption is longer than the field allows: refused after the files were written.
        actions.add_photo(actor=world.users["fengying"], project=projects["fengying"], upload=png(), caption="长" * 300)
    assert not Photo.objects.exists()
    assert stored(tmp_path) == []


def test_photo_files_go_when_an_enclosing_transaction_rolls_back(world, projects, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        actions.add_photo(actor=world.users["fengying"], project=projects["fengying"], upload=png())
        assert len(stored(tmp_path)) == 2
        raise Abort
    assert not Photo.objects.exists()
    assert stored(tmp_path) == []
    # A committed one keeps its files.
    actions.add_photo(actor=world.users["fengying"], project=projects["fengying"], upload=png())
    assert len(stored(tmp_path)) == 2
