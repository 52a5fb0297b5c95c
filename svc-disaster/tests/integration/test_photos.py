"""Photos: checked by their bytes, size-limited, and published without EXIF (no GPS)."""

import io

import pytest
import sqlalchemy as sa
from PIL import Image

from gorontalo.disaster.v1 import disaster_pb2  # noqa: F401 - loads the RPCs' access options into the pool
from gorontalo_disaster.adapters import photos as checks
from gorontalo_disaster.adapters import tables
from gorontalo_disaster.bootstrap import SERVICE_NAME
from gorontalo_disaster.service_layer import photos
from gorontalo_disaster.service_layer.services import Guards
from servicekit import access
from servicekit.errors import InvalidArgument

# The metadata stripping itself is servicekit.images' (libs/servicekit/tests/test_images.py);
# here the disaster policy: JPEG/PNG/WebP in, a JPEG of at most 2048 px out, the original kept.


def jpeg_with_gps(size=(80, 60), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "KameraWarga"
    exif[0x8825] = {1: "N", 2: (0.0, 32.0, 30.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def picture(fmt: str, size=(80, 60), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 0).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    "data, content_type",
    [
        (jpeg_with_gps(), "image/jpeg"),
        (picture("PNG", mode="RGBA"), "image/png"),
        (picture("WEBP"), "image/webp"),
    ],
)
def test_every_accepted_format_gets_a_public_jpeg_without_exif(data, content_type):
    checked = checks.check(data)
    assert (checked.content_type, checked.width, checked.height) == (content_type, 80, 60)
    public = Image.open(io.BytesIO(checked.public_jpeg))
    assert public.format == "JPEG" and public.size == (80, 60) and not public.getexif()


def test_public_copy_is_upright_and_at_most_2048_px():
    checked = checks.check(jpeg_with_gps(size=(3000, 1500), orientation=6))
    assert (checked.width, checked.height) == (1500, 3000)  # the original's size, as seen upright
    assert Image.open(io.BytesIO(checked.public_jpeg)).size == (1024, 2048)


@pytest.mark.parametrize(
    "data,reason,params",
    [
        (b"", "photo_empty", {}),
        (b"GIF89a" + b"\0" * 100, "photo_not_image", {}),
        (b"%PDF-1.4 not a photo", "photo_not_image", {}),
        (picture("GIF"), "photo_type_unsupported", {}),
        (picture("BMP"), "photo_type_unsupported", {}),
        (b"\xff\xd8" + b"\0" * (checks.MAX_BYTES + 1), "photo_too_large", {"max_mb": 5}),
        (picture("PNG", size=(8000, 6000), mode="1"), "photo_too_large", {"max_mb": 5}),  # small file, 48 megapixels
    ],
)
def test_bad_photos(data, reason, params):
    with pytest.raises(checks.PhotoRejected) as error:
        checks.check(data)
    assert (error.value.reason, error.value.params) == (reason, params)


def test_upload_stores_original_and_serves_public_copy(app, clock):
    photo_id, _ = photos.upload(
        app.uow(), clock, jpeg_with_gps(), client_address="10.0.0.9", anonymous=True, guards=Guards()
    )
    content_type, data = photos.public_copy(app.uow(), photo_id)
    assert content_type == "image/jpeg" and not Image.open(io.BytesIO(data)).getexif()
    with app.uow() as uow:  # the BPBD keeps the original, GPS included
        original = uow.photos.session.execute(
            sa.select(tables.photos.c.original).where(tables.photos.c.id == photo_id)
        ).scalar_one()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    with pytest.raises(InvalidArgument) as caught:
        photos.upload(app.uow(), clock, b"junk", client_address="10.0.0.9", anonymous=True, guards=Guards())
    [violation] = caught.value.violations
    assert (violation.field, violation.reason) == ("file", "photo_not_image")


@pytest.mark.parametrize(
    "method",
    [
        "VerifyIncident",
        "DismissIncident",
        "UpdateIncident",
        "AddSituationNote",
        "IssueAlert",
        "UpdateAlert",
        "CancelAlert",
    ],
)
def test_officer_rpcs_need_the_officer_role(method):
    rule = access.rule_for_method(f"/{SERVICE_NAME}/{method}")
    assert not rule.public and rule.roles == ("officer",)
