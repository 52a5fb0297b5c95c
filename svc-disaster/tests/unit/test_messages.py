"""Siaga's texts are a gettext catalog of its own (issue 13): no key shared with another service by accident."""

import pathlib

import gorontalo_disaster
from gorontalo_disaster import messages

SOURCES = pathlib.Path(gorontalo_disaster.__file__).parent


def test_nothing_is_registered_process_wide():
    """The process-wide registry let the last import win (photo_too_large with {max_mb} or {max_megabytes})."""
    assert [p.name for p in SOURCES.rglob("*.py") if "i18n.register(" in p.read_text(encoding="utf-8")] == []
    assert [p.name for p in SOURCES.rglob("*.py") if "i18n.translate(" in p.read_text(encoding="utf-8")] == []


def test_the_catalog_reads_both_languages_from_its_po_files():
    assert messages.CATALOG.domain == "disaster"
    assert messages.translate("report_not_found", "id") == "Laporan bencana tidak ditemukan."
    assert messages.translate("photo_too_large", "en", max_mb=5) == "The photo is too large (at most 5 MB)."
    for language in ("id", "en"):
        assert (SOURCES / "locale" / language / "LC_MESSAGES" / "disaster.po").is_file()


def test_common_keys_are_servicekits():
    # region_unknown is the platform's one text (it had a second one here, with {code}); the reason is unchanged.
    assert messages.CATALOG.owner("region_unknown") == "servicekit"
    assert messages.CATALOG.owner("required") == "servicekit"
    assert messages.translate("required", "id") == "Wajib diisi."
