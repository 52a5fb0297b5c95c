"""Photos: checked by their bytes, size-limited, and published without EXIF (no GPS)."""
import io

import pytest
from PIL import Image

from servicekit import access
from servicekit.errors import InvalidArgument

from gorontalo_disaster.adapters import photos as checks
from gorontalo_disaster.bootstrap import SERVICE_NAME
from gorontalo_disaster.service_layer import photos
from gorontalo_disaster.service_layer.services import Guards


def jpeg_with_gps(size=(80, 60)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "KameraWarga"
    exif[0x8825] = {1: "N", 2: (0.0, 32.0, 30.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_public_copy_has_no_exif_but_the_same_picture():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    checked = checks.check(original)
    assert (checked.content_type, checked.width, checked.height) == ("image/jpeg", 80, 60)
    public = Image.open(io.BytesIO(checked.public_jpeg))
    assert not public.getexif() and public.size == (80, 60)


@pytest.mark.parametrize("data,reason", [
    (b"", "photo_empty"), (b"GIF89a" + b"\0" * 100, "photo_not_image"), (b"%PDF-1.4 not a photo", "photo_not_image"),
    (b"\xff\xd8" + b"\0" * (checks.MAX_BYTES + 1), "photo_too_large"),
])
def test_bad_photos(data, reason):
    with pytest.raises(checks.PhotoRejected) as error:
        checks.check(data)
    assert error.value.reason == reason


def test_gif_is_refused_by_content():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="GIF")
    with pytest.raises(checks.PhotoRejected) as error:
        checks.check(out.getvalue())
    assert error.value.reason == "photo_type_unsupported"


def test_upload_stores_original_and_serves_public_copy(app, clock):
    photo_id, _ = photos.upload(app.uow(), clock, jpeg_with_gps(), client_address="10.0.0.9", anonymous=True,
                                guards=Guards())
    content_type, data = photos.public_copy(app.uow(), photo_id)
    assert content_type == "image/jpeg" and not Image.open(io.BytesIO(data)).getexif()
    with pytest.raises(InvalidArgument):
        photos.upload(app.uow(), clock, b"junk", client_address="10.0.0.9", anonymous=True, guards=Guards())


@pytest.mark.parametrize("method", ["VerifyIncident", "DismissIncident", "UpdateIncident", "AddSituationNote",
                                    "IssueAlert", "UpdateAlert", "CancelAlert"])
def test_officer_rpcs_need_the_officer_role(method):
    rule = access.rule_for_method(f"/{SERVICE_NAME}/{method}")
    assert not rule.public and rule.roles == ("officer",)
