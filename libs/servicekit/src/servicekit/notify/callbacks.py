"""The SMS gateway's delivery-status callback: signed, parsed, applied to the delivery queue.

The gateway posts JSON {"reference": "<delivery id>", "status": "<its status>"} to each sending
service's public `POST /v1/<service>/sms-deliveries:report`, signed with the shared secret
SMS_GATEWAY_CALLBACK_SECRET as `X-Signature: sha256=<hex HMAC-SHA256(secret, body)>`. The RPC is public
(the gateway has no token), so the signature is the only thing that makes a report believable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable

from prometheus_client import Counter

from .. import config
from ..errors import FieldViolation, InvalidArgument, Unauthenticated
from .deliveries import DELIVERED, UNDELIVERABLE

SIGNATURE_HEADER = "X-Signature"
_PREFIX = "sha256="
# Providers' words for a final status (Twilio, Vonage, Infobip and SMPP's stat: field); any other
# status (queued, accepted, sent, buffered, ...) is interim and changes nothing.
_DELIVERED = {"delivered", "delivrd", "delivered_to_handset", "success"}
_UNDELIVERABLE = {"undeliverable", "undelivered", "undeliv", "failed", "rejected", "rejectd", "expired", "deleted"}

REPORTS = Counter(
    "gorontalo_notify_delivery_reports_total",
    "SMS delivery reports received, by sending service and result (delivered, undeliverable, interim, unmatched).",
    ["sender", "result"],
)


def callback_secret() -> str:
    """SMS_GATEWAY_CALLBACK_SECRET; empty means no report is believed (every one answers 401)."""
    return config.env("SMS_GATEWAY_CALLBACK_SECRET", "") or ""


def sign(body: bytes, secret: str) -> str:
    """The X-Signature value for `body` (what the gateway sends; tests and simulators use it)."""
    return _PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str, secret: str) -> bool:
    """True when `signature` is `sha256=<hex HMAC-SHA256(secret, body)>`; compared in constant time."""
    if not secret or not signature:
        return False
    given = signature.strip()
    if given[: len(_PREFIX)].lower() != _PREFIX:
        return False
    try:
        given_bytes = given[len(_PREFIX) :].strip().lower().encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(sign(body, secret)[len(_PREFIX) :].encode("ascii"), given_bytes)


def parse(body: bytes) -> tuple[str, str]:
    """(reference, status) of a report: status "delivered", "undeliverable", or "" for an interim one.

    ValueError when the body is not such a report.
    """
    try:
        report = json.loads(body)
    except (ValueError, RecursionError):
        raise ValueError("the report is not JSON") from None
    if not isinstance(report, dict):
        raise ValueError("the report is not a JSON object")
    reference, status = report.get("reference"), report.get("status")
    if not isinstance(reference, str) or not 0 < len(reference) <= 100:
        raise ValueError("the report has no reference")
    if not isinstance(status, str) or not status:
        raise ValueError("the report has no status")
    word = status.strip().lower()
    if word in _DELIVERED:
        return reference, DELIVERED
    if word in _UNDELIVERABLE:
        return reference, UNDELIVERABLE
    return reference, ""


def report_delivery(
    new_uow: Callable[[], object],
    clock: Callable[[], dt.datetime],
    *,
    body: bytes,
    signature: str,
    secret: str,
    sender: str,
    repository: str = "deliveries",
) -> bool:
    """The use case behind every `sms-deliveries:report` RPC: verify, parse, apply.

    Unauthenticated (401) for a missing or wrong signature, InvalidArgument for a body that is no
    report. An unknown reference or an interim status is accepted and changes nothing (False), so the
    gateway does not retry it forever; True when a delivery's status changed.
    """
    if not verify(body, signature, secret):
        raise Unauthenticated("sms_delivery_signature_invalid")
    try:
        reference, status = parse(body)
    except ValueError:
        raise InvalidArgument(violations=[FieldViolation("body", "sms_delivery_report_invalid")]) from None
    if not status:
        REPORTS.labels(sender, "interim").inc()
        return False
    with new_uow() as uow:
        changed = getattr(uow, repository).apply_delivery_status(reference, status, clock())
        uow.commit()
    REPORTS.labels(sender, status if changed else "unmatched").inc()
    return changed
