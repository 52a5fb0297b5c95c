"""servicekit.images with real files made by Pillow: what survives re-encoding, and what is refused."""

import io
import struct
import warnings
import zlib

import pytest
from PIL import Image, PngImagePlugin

from servicekit import images

POLICY = images.Policy(formats=frozenset({"JPEG", "PNG", "WEBP"}), max_bytes=1024 * 1024, max_pixels=4_000_000)
GPS, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F
SECRET = "Jl. Rahasia 1"
ICC = b"fake ICC profile RahasiaICC"


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "KameraWarga"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS)
    gps[1], gps[2], gps[3], gps[4] = "N", (0.0, 32.0, 36.6), "E", (123.0, 3.0, 34.2)
    return exif


def jpeg_with_metadata(size=(80, 60), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    return saved(
        image,
        "JPEG",
        exif=exif_with_gps(orientation),
        icc_profile=ICC,
        comment=SECRET.encode(),
        xmp=f"<x:xmpmeta>{SECRET}</x:xmpmeta>".encode(),
    )


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("Author", SECRET, zip=True)
    info.add_itxt("Description", SECRET)
    return saved(
        Image.new("RGBA", (10, 20), (0, 0, 255, 128)), "PNG", pnginfo=info, icc_profile=ICC, exif=exif_with_gps()
    )


def png_declaring(width: int, height: int) -> bytes:
    """A real 1x1 PNG whose header then claims width x height: a decompression bomb's shape."""
    data = bytearray(saved(Image.new("L", (1, 1)), "PNG"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def reopened(clean: images.CleanImage) -> Image.Image:
    image = Image.open(io.BytesIO(clean.data))
    image.load()
    return image


def test_jpeg_loses_exif_gps_icc_xmp_and_comment():
    raw = jpeg_with_metadata()
    original = Image.open(io.BytesIO(raw))
    assert original.getexif().get_ifd(GPS) and original.info.get("icc_profile") == ICC  # the fixture is real
    clean = images.clean(raw, POLICY)
    image = reopened(clean)
    assert (clean.source_format, clean.content_type, image.format) == ("JPEG", "image/jpeg", "JPEG")
    assert not image.getexif() and not image.getexif().get_ifd(GPS)
    assert not {"exif", "icc_profile", "xmp", "comment"} & image.info.keys()
    for leak in (b"Exif", b"KameraWarga", b"Rahasia", b"http://ns.adobe.com/xap"):
        assert leak not in clean.data
    assert (clean.width, clean.height) == (clean.source_width, clean.source_height) == (80, 60)


def test_orientation_is_applied_to_the_pixels():
    raw = jpeg_with_metadata(size=(80, 60), orientation=6)  # "rotate 90 degrees clockwise to view"
    clean = images.clean(raw, POLICY)
    image = reopened(clean)
    assert image.size == (60, 80) and (clean.source_width, clean.source_height) == (60, 80)
    assert ORIENTATION not in image.getexif()  # nothing would turn it a second time


def test_png_stays_png_without_text_chunks_icc_or_exif():
    raw = png_with_text()
    assert Image.open(io.BytesIO(raw)).text  # the fixture carries text chunks
    clean = images.clean(raw, POLICY)
    image = reopened(clean)
    assert (clean.content_type, image.format, image.mode, image.size) == ("image/png", "PNG", "RGBA", (10, 20))
    assert not image.text and not image.getexif() and "icc_profile" not in image.info
    for chunk in (b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf", b"Rahasia"):
        assert chunk not in clean.data


def test_palette_transparency_is_picture_not_metadata():
    raw = saved(Image.new("P", (4, 4), 0), "PNG", transparency=0)
    image = reopened(images.clean(raw, POLICY))
    assert image.mode == "P" and image.info.get("transparency") == 0


def test_webp_to_jpeg_with_a_maximum_side():
    raw = saved(Image.new("RGB", (3000, 1000), (0, 128, 0)), "WEBP", exif=exif_with_gps(), icc_profile=ICC)
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS)
    policy = images.Policy(
        formats=frozenset({"WEBP"}), max_bytes=1024 * 1024, max_pixels=4_000_000, output_format="JPEG", max_side=2048
    )
    clean = images.clean(raw, policy)
    image = reopened(clean)
    assert (clean.source_format, clean.source_width, clean.source_height) == ("WEBP", 3000, 1000)
    assert (clean.content_type, image.format) == ("image/jpeg", "JPEG")
    assert max(image.size) == 2048 and image.size == (clean.width, clean.height) and 682 <= image.height <= 683
    assert not image.getexif() and "icc_profile" not in image.info


def test_webp_output_carries_no_metadata():
    policy = images.Policy(
        formats=frozenset({"JPEG"}), max_bytes=1024 * 1024, max_pixels=4_000_000, output_format="WEBP"
    )
    clean = images.clean(jpeg_with_metadata(), policy)
    image = reopened(clean)
    assert image.format == "WEBP" and image.size == (80, 60) and not image.getexif()
    for chunk in (b"EXIF", b"ICCP", b"XMP ", b"Rahasia"):
        assert chunk not in clean.data


def test_small_pictures_are_not_enlarged():
    policy = images.Policy(formats=frozenset({"PNG"}), max_bytes=1024, max_pixels=100, max_side=2048)
    assert reopened(images.clean(saved(Image.new("RGB", (5, 7)), "PNG"), policy)).size == (5, 7)


def refusal(data: bytes, policy: images.Policy = POLICY) -> images.ImageRejected:
    with pytest.raises(images.ImageRejected) as caught:
        images.clean(data, policy)
    return caught.value


@pytest.mark.parametrize(
    "data, reason, params",
    [
        (b"", images.EMPTY, {}),
        (b"\xff\xd8" + b"\0" * (1024 * 1024), images.TOO_LARGE, {"max_bytes": 1024 * 1024}),
        (b"<html>bukan gambar</html>", images.UNREADABLE, {}),
        (saved(Image.new("RGB", (4, 4)), "PDF"), images.UNREADABLE, {}),  # a PDF sent as image/jpeg
        (jpeg_with_metadata()[:300], images.UNREADABLE, {}),  # truncated: the header parses, the pixels do not
        (saved(Image.new("RGB", (4, 4)), "GIF"), images.FORMAT_NOT_ALLOWED, {"format": "GIF"}),
        (saved(Image.new("RGB", (4, 4)), "BMP"), images.FORMAT_NOT_ALLOWED, {"format": "BMP"}),
    ],
)
def test_refusals(data, reason, params):
    refused = refusal(data)
    assert (refused.reason, refused.params) == (reason, params)


def test_the_caller_chooses_the_formats():
    webp = saved(Image.new("RGB", (4, 4)), "WEBP")
    only_jpeg = images.Policy(formats=frozenset({"JPEG"}), max_bytes=1024, max_pixels=100)
    assert refusal(webp, only_jpeg).params == {"format": "WEBP"}


@pytest.mark.parametrize(
    "width, height",
    [
        (3000, 2000),  # over the caller's limit, under Pillow's own: the explicit check refuses it
        (20_000, 20_000),  # over twice Pillow's limit: Pillow refuses it while reading the header
    ],
)
def test_decompression_bombs_are_refused_before_decoding(width, height):
    bomb = png_declaring(width, height)
    assert len(bomb) < 100 and struct.unpack(">II", bomb[16:24]) == (width, height)
    refused = refusal(bomb)
    assert (refused.reason, refused.params) == (images.TOO_MANY_PIXELS, {"max_pixels": 4_000_000})


def test_pillows_bomb_warning_is_an_error_even_when_the_caller_allows_more():
    generous = images.Policy(formats=frozenset({"PNG"}), max_bytes=1024, max_pixels=10**9)
    bomb = png_declaring(10_000, 10_000)  # between Pillow's warning and error thresholds
    assert Image.MAX_IMAGE_PIXELS < 10_000 * 10_000 < 2 * Image.MAX_IMAGE_PIXELS
    filters_before = list(warnings.filters)
    assert refusal(bomb, generous).reason == images.TOO_MANY_PIXELS
    assert warnings.filters == filters_before  # the error filter did not outlive the call


def test_a_policy_cannot_ask_for_an_encoder_that_keeps_metadata():
    with pytest.raises(ValueError):
        images.Policy(formats=frozenset({"JPEG"}), max_bytes=1, max_pixels=1, output_format="TIFF")
    with pytest.raises(ValueError):
        images.Policy(formats=frozenset({"GIF"}), max_bytes=1, max_pixels=1)
