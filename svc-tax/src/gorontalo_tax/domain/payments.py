"""Payment notifications from banks, the rules for recording a payment, and receipt numbers. Plain Python.

A channel signs "<timestamp>.<raw body>" with HMAC-SHA256 under its own secret (hex digest in a
header); the timestamp is Unix seconds and may be at most five minutes off either way, so a captured
request cannot be replayed later. Amounts are whole rupiah; a payment is recorded only for the exact
amount of an open billing code (no partial or excess payments: the treasury matches bank statements
line for line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from servicekit import jsontext

from .billing import CANCELLED, UNPAID, Bill, BillingCode, luhn_check_digit, luhn_valid

MAX_CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_RUPIAH = 10**13

# Refusal reasons (machine-readable, also i18n message keys). The first group is decided before the
# sender is known to be the channel, so those refusals are never remembered against a transaction id.
SIGNATURE_MISSING = "signature_missing"
CHANNEL_UNKNOWN = "channel_unknown"
SIGNATURE_INVALID = "signature_invalid"
TIMESTAMP_STALE = "timestamp_stale"
UNAUTHENTICATED_REASONS = (SIGNATURE_MISSING, CHANNEL_UNKNOWN, SIGNATURE_INVALID, TIMESTAMP_STALE)
BODY_INVALID = "notification_invalid"
TRANSACTION_ID_REUSED = "transaction_id_reused"
BILLING_CODE_UNKNOWN = "billing_code_unknown"
BILLING_CODE_EXPIRED = "billing_code_expired"
AMOUNT_MISMATCH = "amount_mismatch"
BILL_ALREADY_PAID = "bill_already_paid"
BILL_CANCELLED = "bill_cancelled"
REFUSAL_REASONS = UNAUTHENTICATED_REASONS + (
    BODY_INVALID,
    TRANSACTION_ID_REUSED,
    BILLING_CODE_UNKNOWN,
    BILLING_CODE_EXPIRED,
    AMOUNT_MISMATCH,
    BILL_ALREADY_PAID,
    BILL_CANCELLED,
)

_CHANNEL = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
_TRANSACTION_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_HEX_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """What a channel sends in X-Gorontalo-Signature."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def valid_channel_name(name: str) -> bool:
    return bool(_CHANNEL.match(name or ""))


@dataclass(frozen=True)
class Notification:
    transaction_id: str
    billing_code: str
    amount: int
    bank_paid_at: str  # as the bank stated it; the platform's own time is what it records


def authenticate(
    secrets: dict[str, str], channel: str, timestamp: str, signature: str, body: bytes, now: dt.datetime
) -> str | None:
    """None when the channel signed this body within the allowed skew; else the refusal reason."""
    if not channel or not timestamp or not signature:
        return SIGNATURE_MISSING
    secret = secrets.get(channel)
    if secret is None:
        return CHANNEL_UNKNOWN
    signature = signature.strip().lower()
    if not _HEX_SHA256.match(signature) or not timestamp.isdigit() or len(timestamp) > 12:
        return SIGNATURE_INVALID
    if not hmac.compare_digest(sign(secret, timestamp, body), signature):
        return SIGNATURE_INVALID
    sent = dt.datetime.fromtimestamp(int(timestamp), dt.UTC)
    if abs(now - sent) > MAX_CLOCK_SKEW:
        return TIMESTAMP_STALE
    return None


def parse(body: bytes) -> Notification | None:
    """The channel's JSON, or None when it is not a well-formed notification."""
    try:
        data = jsontext.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    transaction_id, code, amount = data.get("transaction_id"), data.get("billing_code"), data.get("amount")
    paid_at = data.get("paid_at", "")
    if not isinstance(transaction_id, str) or not _TRANSACTION_ID.match(transaction_id):
        return None
    if not isinstance(code, str) or not code.isdigit() or len(code) > 32:
        return None
    # bool is an int in Python; a float amount is refused rather than rounded.
    if type(amount) is not int or not 0 < amount <= MAX_RUPIAH:
        return None
    if not isinstance(paid_at, str) or len(paid_at) > 40:
        return None
    return Notification(transaction_id, code, amount, paid_at)


def refusal_for(bill: Bill | None, code: BillingCode | None, amount: int, now: dt.datetime) -> str | None:
    """Why this payment may not be recorded, or None: exact amount of an open code of an unpaid bill."""
    if code is None or bill is None:
        return BILLING_CODE_UNKNOWN
    if bill.status == CANCELLED:  # before the code's own checks: no other code of it will ever do either
        return BILL_CANCELLED
    if bill.status != UNPAID:
        return BILL_ALREADY_PAID
    if not code.open_at(now):
        return BILLING_CODE_EXPIRED
    if amount != code.amount:
        return AMOUNT_MISMATCH
    return None


# Receipt numbers (nomor tanda bukti pembayaran, NTPD-style): levying authority digits, year, a
# per-authority-and-year sequence, and a Luhn check digit over all digits, e.g. 7571-2026-00000012-4.
_RECEIPT = re.compile(r"^(\d{2}|\d{4})-(\d{4})-(\d{8})-(\d)$")


def receipt_number(authority_code: str, year: int, sequence: int) -> str:
    authority = authority_code.replace(".", "")
    digits = f"{authority}{year:04d}{sequence:08d}"
    return f"{authority}-{year:04d}-{sequence:08d}-{luhn_check_digit(digits)}"


def verify_path(number: str) -> str:
    """Where anyone checks a receipt by its number, below the platform's public origin."""
    return f"/v1/tax/receipts/verify/{number}"


def receipt_number_valid(number: str) -> bool:
    match = _RECEIPT.match(number or "")
    return bool(match) and luhn_valid("".join(match.groups()))


@dataclass(frozen=True)
class Payment:
    id: str
    bill_id: str
    billing_code: str
    channel: str
    channel_transaction_id: str
    amount: int
    principal: int
    penalty: int
    penalty_months: int
    recorded_at: dt.datetime
    receipt_number: str
    tax_type: str
    tax_year: int | None
    authority_code: str
    description: str


@dataclass(frozen=True)
class Refusal:
    channel: str
    reason: str
    transaction_id: str
    billing_code: str
    amount: int
    received_at: dt.datetime
    authority_code: str | None = None
