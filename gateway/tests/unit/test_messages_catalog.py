"""The gateway's texts (Flask gateway and stream server) are one gettext catalog, "gateway" (issue 13)."""

import pathlib

import gorontalo_gateway
from gorontalo_gateway import messages

SOURCES = pathlib.Path(gorontalo_gateway.__file__).parent


def test_nothing_is_registered_or_translated_process_wide():
    for call in ("i18n.register(", "i18n.translate("):
        assert [p.name for p in SOURCES.rglob("*.py") if call in p.read_text(encoding="utf-8")] == [], call


def test_one_catalog_for_the_gateway_and_its_stream_server():
    assert messages.CATALOG.domain == "gateway"
    assert messages.translate("title_404", "id") == "Tidak ditemukan"
    assert messages.translate("streams_full", "en") == "Too many stream clients right now; please try again shortly."
    assert messages.translate("body_too_large", "en", limit=10) == "The request body exceeds 10 bytes."
    assert messages.CATALOG.owner("region_unknown") == "servicekit"  # the stream's region check, the platform's text
    for language in ("id", "en"):
        assert (SOURCES / "locale" / language / "LC_MESSAGES" / "gateway.po").is_file()
