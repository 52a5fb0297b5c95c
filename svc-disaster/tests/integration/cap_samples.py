"""CAP documents for the import tests, made from the real BMKG sample in ../shared (a Banten alert)."""

from __future__ import annotations

import os
import pathlib
import re

# As tests/e2e/conftest.py finds it: SHARED_DIR, or `shared` beside the repository.
SHARED = pathlib.Path(os.environ.get("SHARED_DIR", pathlib.Path(__file__).resolve().parents[3].parent / "shared"))
BMKG_SAMPLE = SHARED / "schemas" / "cap-example-bmkg.xml"
CAP_XSD = SHARED / "schemas" / "CAP-v1.2.xsd"
SAMPLE_IDENTIFIER = "2.49.0.1.360.0.2026.02.16.16.36.004"

KOTA_AREA = """<area>
      <areaDesc>Kota Gorontalo</areaDesc>
      <polygon>0.50,123.00 0.60,123.00 0.60,123.10 0.50,123.10 0.50,123.00</polygon>
      <geocode><valueName>KEMENDAGRI</valueName><value>75.71</value></geocode>
    </area>"""


def banten() -> bytes:
    """The sample exactly as BMKG sent it: heavy rain in Banten, nowhere near Gorontalo."""
    return BMKG_SAMPLE.read_bytes()


def with_area(document: bytes, area_xml: str) -> bytes:
    return re.sub(rb"<area>.*</area>", area_xml.encode(), document, count=1, flags=re.S)


def with_identifier(document: bytes, identifier: str) -> bytes:
    return document.replace(SAMPLE_IDENTIFIER.encode(), identifier.encode())


def gorontalo(identifier: str = SAMPLE_IDENTIFIER, area_xml: str = KOTA_AREA) -> bytes:
    """The same BMKG alert drawn over Kota Gorontalo (times still 2026-02-16/17, +07:00)."""
    return with_identifier(with_area(banten(), area_xml), identifier)
