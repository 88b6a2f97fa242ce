"""Uploaded photos: a file that declares a huge picture is refused from its header, before decoding."""

import io
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import images


def png_header_only(width: int, height: int) -> bytes:
    """A small PNG whose header declares width × height pixels (a few bytes of image data follow)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height", "shown"), [(20_000, 20_000, "超过上限"), (8_000, 8_000, "8000×8000")])
def test_a_picture_with_too_many_pixels_is_refused_at_once(width, height, shown):
    upload = SimpleUploadedFile("huge.png", png_header_only(width, height), content_type="image/png")
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        images.check(upload, field="photo")
    assert time.monotonic() - started < 1
    assert list(caught.value.message_dict) == ["photo"]
    assert "像素过多" in caught.value.message_dict["photo"][0] and shown in caught.value.message_dict["photo"][0]


def test_an_ordinary_photo_gets_a_thumbnail():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "white").save(buffer, "JPEG")
    checked = images.check(SimpleUploadedFile("site.jpg", buffer.getvalue(), content_type="image/jpeg"))
    assert checked.name == "site.jpeg" and Image.open(checked.thumbnail).size == (320, 240)
