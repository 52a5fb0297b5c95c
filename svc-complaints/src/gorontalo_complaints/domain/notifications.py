"""What the reporter hears about their complaint, and how a destination is shown (plain Python).

A notification says only what anyone holding the tracking code could read: the code,
the new status (or that the agency asked or answered) and where to look. Free text
(notes, questions, rejection reasons) stays out: it can name an officer or a third
person, and it would not fit one SMS anyway.
"""

from __future__ import annotations

from .links import Links

# servicekit.pii context of a filer's contact, on the complaint and copied onto its notifications.
CONTACT_CONTEXT = "complaints.contact"
SMS_LIMIT = 160  # one GSM-7 SMS; longer texts are split and billed per part
BRAND = "Go-Gorontalo"

# Channels: contacts of filers without an account, and the in-app inbox account holders had before
# the one inbox of svc-inbox (old entries stay readable; no new ones are written).
SMS, EMAIL, INAPP = "sms", "email", "inapp"
CONTACT = "contact"  # a filer's contact before the sender decrypted it (sms or email)
CHANNELS = (SMS, EMAIL, INAPP, CONTACT)
# Delivery states are servicekit.notify's (pending, sent, delivered, failed, capped, undeliverable);
# in-app entries were written `delivered` at once.
DELIVERED = "delivered"
EMAIL_SUBJECT = f"Kabar pengaduan Anda ({BRAND})"

# Kinds: a new status, or the agency's question / public update.
STATUS_KINDS = ("dispositioned", "in_progress", "resolved", "closed", "rejected")
QUESTION, UPDATE = "question", "update"
KINDS = (*STATUS_KINDS, QUESTION, UPDATE)

_LONGEST_CODE = "GTO-XXXX-XX"  # every tracking code has this length (domain.tracking)
_WHAT = {
    "dispositioned": "diteruskan ke instansi terkait",
    "in_progress": "sedang ditindaklanjuti instansi",
    "resolved": "dinyatakan selesai oleh instansi",
    "closed": "ditutup",
    "rejected": "ditolak; alasannya ada di halaman pengaduan",
    QUESTION: "mendapat pertanyaan dari instansi",
    UPDATE: "mendapat tanggapan baru dari instansi",
}

# GSM 03.38 basic set (one septet each) and its extension table (two septets: escape + char).
_GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENDED = set("^{}\\[~]|€\f")


def gsm7_length(text: str) -> int | None:
    """Septets needed to send `text` as GSM-7; None when a character needs UCS-2 (70 per SMS)."""
    total = 0
    for char in text:
        if char in _GSM7_BASIC:
            total += 1
        elif char in _GSM7_EXTENDED:
            total += 2
        else:
            return None
    return total


def compose(kind: str, tracking_code: str, agency_name: str = "", *, links: Links) -> str:
    """The message, in Indonesian, within one GSM-7 SMS, ending with the complaint's absolute link.

    The agency's name (public on the complaint) is added to a disposition when it
    fits and is GSM-7; officers' names never appear because no free text is used.
    """
    if kind not in _WHAT:
        raise ValueError(f"unknown notification kind {kind!r}")
    what = _WHAT[kind]
    tail = f". Lihat {links.complaint(tracking_code)}"
    head = f"{BRAND}: Pengaduan {tracking_code} "
    candidates = []
    if kind == "dispositioned" and agency_name:
        candidates.append(f"{head}diteruskan ke {' '.join(agency_name.split())}{tail}")
    candidates.append(f"{head}{what}{tail}")
    for text in candidates:
        length = gsm7_length(text)
        if length is not None and length <= SMS_LIMIT:
            return text
    raise ValueError("notification text does not fit one SMS")  # only with an absurd tracking code


def max_base_url_length() -> int:
    """The longest base URL with which the longest text of any kind still fits one SMS."""
    probe = Links("http://x")
    longest = max(len(compose(kind, _LONGEST_CODE, links=probe)) for kind in KINDS)
    return SMS_LIMIT - (longest - len(probe.base_url))


def check_links_fit(links: Links) -> None:
    """ValueError unless every text fits one GSM-7 SMS with these links: checked at start, because a
    base URL too long (or not GSM-7) would otherwise fail every state change that notifies."""
    if len(links.base_url) > max_base_url_length() or gsm7_length(links.base_url) is None:
        raise ValueError(
            f"{links.base_url!r} leaves no room in one SMS: at most {max_base_url_length()} GSM-7 characters"
        )


def kind_for_status(status: str) -> str | None:
    """The notification kind of a move into `status`; None when the reporter need not hear of it."""
    return status if status in STATUS_KINDS else None


def mask_destination(destination: str) -> str:
    """`+6281234567890` -> `08******7890`; `budi.s@mail.id` -> `b*****@m***.id`: enough to tell two apart."""
    if "@" in destination:
        local, _, domain = destination.partition("@")
        host, dot, top = domain.rpartition(".")
        if not dot:
            host, top = domain, ""
        masked_host = (host[:1] + "*" * max(len(host) - 1, 1)) if host else ""
        return f"{local[:1]}{'*' * max(len(local) - 1, 1)}@{masked_host}{dot}{top}"
    digits = "".join(ch for ch in destination if ch.isdigit())
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:2] + "*" * (len(digits) - 6) + digits[-4:]
