"""Human messages in Bahasa Indonesia (the default) and English."""
from __future__ import annotations

import contextvars

DEFAULT_LANGUAGE = "id"
SUPPORTED = ("id", "en")

language_var: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT_LANGUAGE)

_CATALOG: dict[str, dict[str, str]] = {
    "internal": {"id": "Terjadi kesalahan pada server.", "en": "Something went wrong on the server."},
    "invalid_argument": {"id": "Data yang dikirim tidak valid.", "en": "The request data is invalid."},
    "unauthenticated": {"id": "Silakan masuk terlebih dahulu.", "en": "Please sign in first."},
    "token_invalid": {"id": "Token tidak valid.", "en": "The token is invalid."},
    "token_expired": {"id": "Token sudah kedaluwarsa; silakan masuk kembali.", "en": "The token has expired; please sign in again."},
    "permission_denied": {"id": "Anda tidak berwenang melakukan tindakan ini.", "en": "You are not allowed to do this."},
    "outside_jurisdiction": {"id": "Data ini berada di luar wilayah kewenangan Anda.", "en": "This record is outside your jurisdiction."},
    "unavailable": {"id": "Layanan sedang tidak tersedia; coba lagi sebentar lagi.", "en": "Temporarily unavailable; please try again shortly."},
    "keys_unavailable": {"id": "Kunci verifikasi token belum dapat diambil; coba lagi sebentar lagi.", "en": "The token verification keys cannot be fetched right now; please try again shortly."},
    "already_exists": {"id": "Data sudah ada.", "en": "Already exists."},
    "failed_precondition": {"id": "Permintaan tidak dapat diproses dalam keadaan saat ini.", "en": "The request cannot be processed in the current state."},
    "resource_exhausted": {"id": "Terlalu banyak permintaan; coba lagi nanti.", "en": "Too many requests; please try again later."},
    "aborted": {"id": "Terjadi perubahan bersamaan; silakan coba lagi.", "en": "A concurrent change happened; please try again."},
    "not_found": {"id": "Data tidak ditemukan.", "en": "Not found."},
    "required": {"id": "Wajib diisi.", "en": "Is required."},
    "too_long": {"id": "Terlalu panjang (maksimal {max} karakter).", "en": "Too long (at most {max} characters)."},
    "too_short": {"id": "Terlalu pendek (minimal {min} karakter).", "en": "Too short (at least {min} characters)."},
    "out_of_range": {"id": "Di luar rentang yang diizinkan ({min} sampai {max}).", "en": "Out of the allowed range ({min} to {max})."},
    "not_one_of": {"id": "Harus salah satu dari: {allowed}.", "en": "Must be one of: {allowed}."},
    "invalid_date": {"id": "Tanggal tidak valid; gunakan format YYYY-MM-DD.", "en": "Invalid date; use YYYY-MM-DD."},
    "invalid_page_token": {"id": "Token halaman tidak valid.", "en": "Invalid page token."},
    "region_unknown": {"id": "Kode wilayah tidak dikenal.", "en": "Unknown region code."},
    "region_outside_gorontalo": {"id": "Wilayah harus berada di Provinsi Gorontalo.", "en": "The region must be in Gorontalo province."},
    "unprocessable": {"id": "Permintaan tidak dapat diproses.", "en": "The request cannot be processed."},
    "idempotency_key_invalid": {"id": "Idempotency-Key harus 1 sampai 255 karakter ASCII yang terlihat.", "en": "Idempotency-Key must be 1 to 255 visible ASCII characters."},
    "idempotency_key_reused": {"id": "Idempotency-Key ini sudah dipakai untuk permintaan lain; buat kunci baru untuk permintaan yang berbeda.", "en": "This Idempotency-Key was used for a different request; use a new key for a different request."},
    "idempotency_request_in_progress": {"id": "Permintaan dengan Idempotency-Key ini masih diproses; coba lagi sebentar lagi.", "en": "A request with this Idempotency-Key is still being processed; try again shortly."},
    "rate_limited": {"id": "Terlalu banyak permintaan; coba lagi dalam {retry_after} detik.", "en": "Too many requests; try again in {retry_after} seconds."},
    "coordinates_outside_gorontalo": {"id": "Koordinat berada di luar Provinsi Gorontalo.", "en": "The coordinates are outside Gorontalo province."},
}


def register(messages: dict[str, dict[str, str]]) -> None:
    """Services add their own messages at import time."""
    _CATALOG.update(messages)


def negotiate(accept_language: str | None) -> str:
    """Pick id or en from an Accept-Language header, by quality."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    choices = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("in",):  # legacy ISO 639 code for Indonesian
            primary = "id"
        if primary in SUPPORTED and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


def translate(key: str, language: str | None = None, **params) -> str:
    language = language or language_var.get()
    entry = _CATALOG.get(key)
    if entry is None:
        return key
    text = entry.get(language) or entry[DEFAULT_LANGUAGE]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text
