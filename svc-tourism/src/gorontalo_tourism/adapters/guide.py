"""The offline guide of a kabupaten/kota: a printable PDF (a map sketch, then each place with its
QR code linking its page) and a compact JSON for the app, for where the signal ends.

The map sketch is the places drawn at their coordinates inside the kabupaten's frame (equirectangular,
fine at this size near the equator) with a scale bar and north arrow: no map tiles are fetched, so
the guide builds offline too. Approximate coordinates are marked as such.
"""

from __future__ import annotations

import io
import json

from servicekit import printing, regions

from ..domain.model import Destination
from .links import Links

PDF_MEDIA_TYPE = printing.MEDIA_TYPE
JSON_MEDIA_TYPE = "application/json"

_TEXT = {
    "id": {
        "title": "Panduan Wisata",
        "map": "Sketsa peta (bukan untuk navigasi)",
        "approximate": "koordinat perkiraan",
        "kind": "Jenis",
        "where": "Lokasi",
        "source": "Sumber",
        "empty": "Belum ada destinasi di wilayah ini.",
        "scale": "10 km",
        "footer": "GORINDO - Dinas Pariwisata Provinsi Gorontalo. Pindai kode QR untuk halaman tempat.",
    },
    "en": {
        "title": "Travel Guide",
        "map": "Map sketch (not for navigation)",
        "approximate": "approximate coordinates",
        "kind": "Kind",
        "where": "Location",
        "source": "Source",
        "empty": "No destinations in this region yet.",
        "scale": "10 km",
        "footer": "GORINDO - Gorontalo Provincial Tourism Office. Scan the QR code for the place's page.",
    },
}


def compact_json(regency_code: str, places: list[Destination], links: Links) -> bytes:
    """Short keys, no photos: what a phone keeps for days without a signal."""
    regency = regions.lookup(regency_code)
    document = {
        "v": 1,
        "r": regency_code,
        "rn": regency.name if regency else "",
        "d": [
            {
                "i": p.id,
                "n": p.name,
                "k": p.kind,
                "rc": p.region_code,
                "la": round(p.latitude, 5),
                "lo": round(p.longitude, 5),
                "ap": p.coordinates_approximate,
                "id": p.description.get("id", ""),
                "en": p.description.get("en", ""),
                "h": [list(period) for period in p.opening_hours],
                "p": [[price["label"].get("id", ""), price["amount_idr"]] for price in p.prices],
                "s": p.safety_notes,
                "c": p.contacts,
                "u": links.destination_page(p.id),
            }
            for p in places
        ],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _map_sketch(pdf, places: list[Destination], x: float, y: float, w: float, h: float, mm: float, labels) -> None:
    """Places at their coordinates in a frame w x h (points) whose lower left corner is (x, y)."""
    pdf.rect(x, y, w, h)
    if not places:
        return
    lats = [p.latitude for p in places]
    lons = [p.longitude for p in places]
    margin = 0.05
    lat_min, lat_max = min(lats) - margin, max(lats) + margin
    lon_min, lon_max = min(lons) - margin, max(lons) + margin
    span = max(lat_max - lat_min, lon_max - lon_min)  # one scale for both axes: no stretched map
    scale = min(w, h) / span

    def point(latitude, longitude):
        return x + (longitude - lon_min) * scale, y + (latitude - lat_min) * scale

    pdf.setFont("Helvetica", 7)
    for number, place in enumerate(places, start=1):
        px, py = point(place.latitude, place.longitude)
        pdf.circle(px, py, 1.6 * mm, stroke=1, fill=0 if place.coordinates_approximate else 1)
        pdf.drawString(px + 2.2 * mm, py - 1 * mm, f"{number}. {place.name}"[:40])
    # Scale bar: 10 km (1 degree is about 111 km here).
    bar = 10 / 111.0 * scale
    if bar < w * 0.8:
        pdf.line(x + 4 * mm, y + 4 * mm, x + 4 * mm + bar, y + 4 * mm)
        pdf.drawString(x + 4 * mm, y + 5.5 * mm, labels["scale"])
    pdf.drawCentredString(x + w - 6 * mm, y + h - 8 * mm, "U/N")
    pdf.line(x + w - 6 * mm, y + h - 6.5 * mm, x + w - 6 * mm, y + h - 2 * mm)


def pdf_document(regency_code: str, places: list[Destination], links: Links, *, language: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    labels = _TEXT[language]
    regency = regions.lookup(regency_code)
    regency_name = regency.name if regency else regency_code
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{labels['title']} {regency_name}")
    pdf.setAuthor("GORINDO - Dinas Pariwisata Provinsi Gorontalo")
    width, height = A4
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawCentredString(width / 2, height - 25 * mm, f"{labels['title']} {regency_name}")
    pdf.setFont("Helvetica", 9)
    pdf.drawCentredString(width / 2, height - 31 * mm, labels["map"])
    _map_sketch(pdf, places, 20 * mm, height - 160 * mm, width - 40 * mm, 125 * mm, mm, labels)
    y = height - 170 * mm
    if not places:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(20 * mm, y, labels["empty"])
    for number, place in enumerate(places, start=1):
        if y < 60 * mm:
            pdf.showPage()
            y = height - 25 * mm
        region = regions.lookup(place.region_code)
        # reportlab draws text as text: a description holding markup prints the characters typed.
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(20 * mm, y, f"{number}. {place.name}"[:70])
        pdf.setFont("Helvetica", 9)
        line_y = y - 6 * mm
        where = f"{labels['where']}: {region.name if region else place.region_code} ({place.latitude:.4f}, {place.longitude:.4f})"
        if place.coordinates_approximate:
            where += f", {labels['approximate']}"
        lines = [f"{labels['kind']}: {place.kind}", where]
        lines += _wrap(place.description.get(language) or place.description.get("id", ""), 85)
        lines += _wrap(f"{labels['source']}: {place.source}", 95)[:3]
        for line in lines:
            pdf.drawString(20 * mm, line_y, line)
            line_y -= 4.5 * mm
        size = 28 * mm
        qr = ImageReader(io.BytesIO(printing.qr_png(links.destination_page(place.id))))
        pdf.drawImage(qr, width - 20 * mm - size, y - size + 4 * mm, width=size, height=size)
        y = min(line_y, y - size) - 8 * mm
    pdf.setFont("Helvetica", 7.5)
    pdf.drawCentredString(width / 2, 12 * mm, labels["footer"])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
