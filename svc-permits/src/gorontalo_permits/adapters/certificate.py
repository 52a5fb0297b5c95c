"""The printable permit certificate: one A4 page with a QR code of the signed permit token."""

from __future__ import annotations

from servicekit import printing

MEDIA_TYPE = printing.MEDIA_TYPE


def render(
    *,
    permit_number: str,
    business_name: str,
    activity: str,
    kbli_code: str,
    risk_level: str,
    regency_name: str,
    issue_date: str,
    nib: str,
    validity: str,
    token: str,
    verify_url: str,
) -> bytes:
    return printing.signed_document_pdf(
        layout=printing.A4_LAYOUT,
        title=f"Izin Usaha {permit_number}",
        author=f"DPMPTSP {regency_name}",
        headings=[
            ("PERIZINAN BERUSAHA BERBASIS RISIKO", "Helvetica-Bold", 16),
            (f"DPMPTSP {regency_name}, Provinsi Gorontalo", "Helvetica", 11),
            (f"Nomor: {permit_number}", "Helvetica-Bold", 13),
        ],
        rows=[
            ("Nama usaha", business_name),
            ("NIB", nib or "-"),
            ("Kegiatan usaha (KBLI)", f"{kbli_code} {activity}"),
            ("Tingkat risiko", risk_level.replace("_", " ")),
            ("Tanggal terbit", issue_date),
            ("Status", "BERLAKU" if validity == "valid" else "DICABUT"),
        ],
        token=token,
        footer=[
            "Pindai kode QR untuk memeriksa keaslian secara luring dengan kunci publik DPMPTSP,",
            f"atau periksa daring: {verify_url}",
        ],
    )
