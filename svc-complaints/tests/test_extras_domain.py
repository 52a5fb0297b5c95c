"""Masking, distances, Open311 vocabulary, image cleaning and the rate limiter: no database."""
import io

import pytest
from PIL import Image, PngImagePlugin
from servicekit.errors import InvalidArgument

from gorontalo_complaints.adapters import images
from gorontalo_complaints.adapters.rate_limit import SlidingWindowLimiter
from gorontalo_complaints.domain import geo, open311
from gorontalo_complaints.domain.masking import MASK, mask_personal_numbers
from gorontalo_complaints.service_layer.anonymous import check_contact, normalise_phone


@pytest.mark.parametrize("text, hidden", [
    ("NIK saya 7571012345678901 mohon dicek", "7571012345678901"),
    ("NIK 7571 0123 4567 8901.", "7571 0123 4567 8901"),
    ("kk 7571/0123/4567/0001", "7571/0123/4567/0001"),
    ("hubungi 0812-3456-7890 kapan saja", "0812-3456-7890"),
    ("WA +62 812 3456 7890", "+62 812 3456 7890"),
    ("telp (0435) 821234 kantor", "(0435) 821234"),
    ("email budi.santoso@example.co.id ya", "budi.santoso@example.co.id"),
])
def test_personal_numbers_are_masked(text, hidden):
    masked = mask_personal_numbers(text)
    assert hidden not in masked and MASK in masked


def test_ordinary_numbers_stay():
    text = "Lubang 30 cm di Jl. Nani Wartabone No. 12, RT 03/RW 02, sejak 2 Januari 2026"
    assert mask_personal_numbers(text) == text


def test_haversine_and_bounding_box():
    # 0.001 degree of latitude is about 111 m everywhere.
    assert geo.haversine_m(0.5, 123.0, 0.501, 123.0) == pytest.approx(111.2, abs=0.5)
    assert geo.haversine_m(0.5, 123.0, 0.5, 123.0) == 0
    lat_min, lat_max, lon_min, lon_max = geo.bounding_box(0.5, 123.0, 250)
    assert geo.haversine_m(0.5, 123.0, lat_max, 123.0) == pytest.approx(250, abs=0.5)
    assert geo.haversine_m(0.5, 123.0, 0.5, lon_max) == pytest.approx(250, abs=0.5)


def test_open311_status_mapping_and_attributes():
    assert open311.status_of("dispositioned") == "open" and open311.status_of("reopened") == "open"
    assert {open311.status_of(s) for s in ("resolved", "closed", "rejected")} == {"closed"}
    service = open311.BY_CODE["jalan_rusak"]
    assert service.metadata and not open311.BY_CODE["sampah"].metadata
    values, problems = open311.check_attributes(service, {"ukuran_lubang": ["besar"]})
    assert values == {"ukuran_lubang": "besar"} and problems == []
    _values, problems = open311.check_attributes(service, {"ukuran_lubang": ["raksasa"], "warna": ["x"]})
    assert {p[0] for p in problems} == {"attribute[ukuran_lubang]", "attribute[warna]"}


def test_phone_and_contact_rules():
    assert normalise_phone("0812-3456-7890") == "+6281234567890"
    assert normalise_phone("+62 812 3456 7890") == "+6281234567890"
    assert normalise_phone("12345") is None
    assert check_contact("", "Budi@Example.org") == "budi@example.org"
    for phone, email in (("", ""), ("123", ""), ("", "bukan-email")):
        with pytest.raises(InvalidArgument):
            check_contact(phone, email)


def test_limiter_slides():
    now = [0.0]
    limiter = SlidingWindowLimiter(2, 60, monotonic=lambda: now[0])
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    assert limiter.allow("b")
    now[0] = 61
    assert limiter.allow("a")


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraMerek"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (0.0, 32.0, 36.6), "E", (123.0, 3.0, 34.2)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "rumah saya di Jl. Rahasia 1")
    out = io.BytesIO()
    Image.new("RGBA", (10, 20), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_jpeg_is_reencoded_without_exif():
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the fixture really carries GPS
    clean = images.clean(raw, "image/jpeg")
    reopened = Image.open(io.BytesIO(clean.data))
    assert clean.content_type == "image/jpeg" and reopened.format == "JPEG"
    assert not reopened.getexif() and b"Exif" not in clean.data and b"KameraMerek" not in clean.data
    assert (clean.width, clean.height) == (64, 48)


def test_png_loses_text_chunks():
    clean = images.clean(png_with_text(), "image/png")
    assert b"Rahasia" not in clean.data and Image.open(io.BytesIO(clean.data)).size == (10, 20)


@pytest.mark.parametrize("data, declared, reason", [
    (b"", "image/jpeg", "photo_empty"),
    (b"<html>bukan gambar</html>", "image/jpeg", "photo_format_unsupported"),
    (None, "image/jpeg", "photo_content_type_mismatch"),
    (b"GIF89a" + b"\x00" * 40, "image/gif", "photo_format_unsupported"),
    (b"\xff" * (images.MAX_PHOTO_BYTES + 1), "image/jpeg", "photo_too_large"),
])
def test_bad_photos_are_refused(data, declared, reason):
    data = png_with_text() if data is None else data
    with pytest.raises(InvalidArgument) as caught:
        images.clean(data, declared)
    assert caught.value.violations[0].reason == reason
