"""Uploaded photos: verified, resized and stripped of metadata with Pillow.

Phones write the place a photo was taken into its EXIF data. Ruamkid never
keeps a photo's metadata; the location is read out only when the person chose to
share it as the report's map point.
"""

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600  # pixels
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
GPS_IFD = 0x8825


class PhotoError(ValueError):
    """An upload that is not a usable photo; ``code``: too_big or not_an_image."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Photo:
    """A cleaned photo: JPEG bytes without metadata, and the EXIF GPS point if any."""

    content: ContentFile
    latitude: Decimal | None
    longitude: Decimal | None


def _degrees(values, ref: str) -> Decimal | None:
    try:
        degrees, minutes, seconds = (Decimal(str(float(v))) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if ref in ("S", "W"):
        value = -value
    return value.quantize(Decimal("0.000001"))


def clean_photo(upload) -> Photo:
    """Read an uploaded image; return it as a metadata-free JPEG, at most 1600 px.

    The GPS point of the EXIF data is returned separately (WGS84 degrees, 6
    decimals) and is never written into the image. Raises ``PhotoError``.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise PhotoError("too_big")
    try:
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PhotoError("not_an_image") from error
    latitude = longitude = None
    gps = image.getexif().get_ifd(GPS_IFD)
    if gps and 2 in gps and 4 in gps:
        latitude = _degrees(gps[2], gps.get(1, "N"))
        longitude = _degrees(gps[4], gps.get(3, "E"))
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = BytesIO()
    image.save(out, format="JPEG", quality=82, optimize=True)  # no exif= : stripped
    return Photo(
        content=ContentFile(out.getvalue(), name="photo.jpg"),
        latitude=latitude,
        longitude=longitude,
    )
