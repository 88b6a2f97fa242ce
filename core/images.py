"""Uploaded photos: checked to be real images of an accepted kind and size, with a thumbnail."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 10 MB file can declare billions of pixels; decoding them would take gigabytes
THUMBNAIL_SIZE = (320, 240)
KINDS = ("JPEG", "PNG", "WEBP")


@dataclass
class CheckedImage:
    name: str  # the file name to store the original under
    thumbnail: ContentFile
    thumbnail_name: str


def check(upload, *, field: str = "image") -> CheckedImage:
    """Refuse anything but a JPEG, PNG or WebP image of at most 10 MB; make a JPEG thumbnail.

    Errors name `field`, the form field the upload came from.
    """
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({field: _("照片不能超过 10 MB。")})
    too_large = _("图片像素过多（%(size)s），最多 %(max)s 万像素，请缩小后再上传。")
    try:
        image = PILImage.open(upload)  # reads the header only: the size is known before any decoding
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise ValidationError({field: too_large % {"size": f"{width}×{height}", "max": MAX_PIXELS // 10_000}})
        image.verify()  # detects truncated or non-image files
        upload.seek(0)
        image = PILImage.open(upload)
        kind = image.format
    except PILImage.DecompressionBombError as exc:
        raise ValidationError({field: too_large % {"size": _("超过上限"), "max": MAX_PIXELS // 10_000}}) from exc
    except (PILImage.UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError({field: _("文件不是可识别的图片。")}) from exc
    if kind not in KINDS:
        raise ValidationError({field: _("只接受 JPEG、PNG 或 WebP 图片。")})
    thumb = ImageOps.exif_transpose(image).convert("RGB")
    thumb.thumbnail(THUMBNAIL_SIZE)
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=80)
    upload.seek(0)
    stem = Path(upload.name).stem[:60] or "photo"
    return CheckedImage(f"{stem}.{kind.lower()}", ContentFile(buffer.getvalue()), f"{stem}-thumb.jpg")
