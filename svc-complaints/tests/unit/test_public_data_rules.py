"""Masking, distances, Open311 vocabulary, image cleaning and phone numbers: no database."""

import io
import struct
import zlib

import pytest
from PIL import Image

from gorontalo_complaints.adapters import images
from gorontalo_complaints.domain import geo, open311
from gorontalo_complaints.domain.masking import MASK, mask_personal_numbers
from gorontalo_complaints.service_layer.anonymous import check_contact, normalise_phone
from servicekit.errors import InvalidArgument


@pytest.mark.parametrize(
    "text, hidden",
    [
        ("NIK saya 7571012345678901 mohon dicek", "7571012345678901"),
        ("NIK 7571 0123 4567 8901.", "7571 0123 4567 8901"),
        ("kk 7571/0123/4567/0001", "7571/0123/4567/0001"),
        ("hubungi 0812-3456-7890 kapan saja", "0812-3456-7890"),
        ("WA +62 812 3456 7890", "+62 812 3456 7890"),
        ("telp (0435) 821234 kantor", "(0435) 821234"),
        ("email budi.santoso@example.co.id ya", "budi.santoso@example.co.id"),
    ],
)
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
    # Every way a resident writes one number is one E.164 number: one keyed hash, one contact.
    assert {normalise_phone(raw) for raw in ("6281234567890", "(0812) 3456.7890", "+62-812-3456-7890")} == {
        "+6281234567890"
    }


@pytest.mark.parametrize(
    "raw",
    [
        "0800-1234-5678",  # toll-free: no SMS reaches it
        "0812345",  # too short for a mobile number
        "+6512345678",  # Singapore
        "0218765432",
    ],
)  # a Jakarta landline
def test_numbers_that_are_not_indonesian_mobiles_are_refused(raw):
    """The former rule (08 and 8 to 11 digits) took toll-free numbers; servicekit.phones does not."""
    assert normalise_phone(raw) is None
    with pytest.raises(InvalidArgument):
        check_contact(raw, "")
    assert check_contact("", "Budi@Example.org") == "budi@example.org"
    for phone, email in (("", ""), ("123", ""), ("", "bukan-email")):
        with pytest.raises(InvalidArgument):
            check_contact(phone, email)


# The metadata stripping itself is servicekit.images' (libs/servicekit/tests/test_images.py);
# here only the complaints policy: JPEG or PNG kept as they are, the declared type honest, our reasons.


def picture(fmt: str, size=(64, 48), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 0).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    "fmt, declared, mode",
    [
        ("JPEG", "image/jpeg", "RGB"),
        ("JPEG", "image/jpg", "RGB"),
        ("PNG", "image/png; charset=binary", "RGBA"),
        ("PNG", "", "LA"),
    ],
)
def test_jpeg_and_png_keep_their_format(fmt, declared, mode):
    clean = images.clean(picture(fmt, mode=mode), declared)
    reopened = Image.open(io.BytesIO(clean.data))
    assert reopened.format == fmt and clean.content_type == f"image/{fmt.lower()}"
    assert (clean.width, clean.height) == reopened.size == (64, 48)
    if fmt == "PNG":
        assert reopened.mode == mode  # transparency survives


def png_declaring(width: int, height: int) -> bytes:
    data = bytearray(picture("PNG", size=(1, 1), mode="L"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


@pytest.mark.parametrize(
    "data, declared, reason, params",
    [
        (b"", "image/jpeg", "photo_empty", {}),
        (b"<html>bukan gambar</html>", "image/jpeg", "photo_format_unsupported", {}),
        (b"%PDF-1.4 bukan foto", "image/jpeg", "photo_format_unsupported", {}),
        (
            picture("PNG"),
            "image/jpeg",
            "photo_content_type_mismatch",
            {"declared": "image/jpeg", "actual": "image/png"},
        ),
        (
            picture("JPEG"),
            "image/gif",
            "photo_content_type_mismatch",
            {"declared": "image/gif", "actual": "image/jpeg"},
        ),
        (picture("GIF"), "image/gif", "photo_format_unsupported", {}),
        (picture("WEBP"), "image/webp", "photo_format_unsupported", {}),  # disaster takes WebP, complaints do not
        (b"\xff" * (images.MAX_PHOTO_BYTES + 1), "image/jpeg", "photo_too_large", {"max_megabytes": 5}),
        (png_declaring(8000, 6000), "image/png", "photo_too_many_pixels", {"max_megapixels": 40}),
        (png_declaring(20_000, 20_000), "image/png", "photo_too_many_pixels", {"max_megapixels": 40}),
    ],
)
def test_bad_photos_are_refused(data, declared, reason, params):
    with pytest.raises(InvalidArgument) as caught:
        images.clean(data, declared)
    [violation] = caught.value.violations
    assert (violation.field, violation.reason, violation.params) == ("image", reason, params)
