"""The printable permit certificate: one A4 page with a QR code of the signed permit token, as a link to
the residents' verifier page."""

from __future__ import annotations

import os

from servicekit import printing

MEDIA_TYPE = printing.MEDIA_TYPE
VERIFIER_PATH = "/verifikasi"


def web_public_url() -> str:
    """The residents' web app's public address (WEB_PUBLIC_URL; by default http://$WEB_BIND)."""
    return os.environ.get("WEB_PUBLIC_URL", "").strip().rstrip("/") or "http://" + (
        os.environ.get("WEB_BIND", "").strip() or "127.0.0.1:8081"
    )


def qr_payload(token: str, base_url: str | None = None) -> str:
    """What the printed QR encodes: `<WEB_PUBLIC_URL>/verifikasi#<token>`. Any phone camera opens the
    verifier page, which reads the token from the fragment (never sent to a server, so never logged);
    the page also takes a bare token, as QR codes printed before carry."""
    base = (base_url if base_url is not None else web_public_url()).rstrip("/")
    return f"{base}{VERIFIER_PATH}#{token}"


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
        token=qr_payload(token),
        footer=[
            "Pindai kode QR untuk memeriksa keaslian secara luring dengan kunci publik DPMPTSP,",
            f"atau periksa daring: {verify_url}",
        ],
    )
