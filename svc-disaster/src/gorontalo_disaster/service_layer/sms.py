"""SMS inbound: what an SMS gateway forwards, answered with the text to send back (Indonesian)."""

from __future__ import annotations

import hmac
import urllib.parse
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc

from servicekit import jsontext, phones
from servicekit.errors import InvalidArgument, PermissionDenied

from ..domain import model, places, sms
from ..messages import translate
from ..metrics import SUBMISSIONS
from . import services

MAX_SMS_TEXT = 1600  # ten concatenated SMS; anything longer is not from a phone
_FROM_KEYS = ("from", "msisdn", "sender", "phone")
_TEXT_KEYS = ("text", "message", "body", "content")
_MESSAGE_ID_KEYS = ("message_id", "messageid", "sms_id", "id")


@dataclass
class SmsOutcome:
    accepted: bool
    reply: str
    report: model.Report | None = None


def _fields(body: bytes, content_type: str) -> dict[str, str]:
    media = (content_type or "").split(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidArgument("sms_body_invalid") from None
    if media == "application/json":
        try:
            document = jsontext.loads(text)
        except ValueError:
            raise InvalidArgument("sms_body_invalid") from None
        if not isinstance(document, dict):
            raise InvalidArgument("sms_body_invalid")
        return {str(k).lower(): str(v) for k, v in document.items() if isinstance(v, (str, int))}
    if media in ("application/x-www-form-urlencoded", ""):
        return {k.lower(): v for k, v in urllib.parse.parse_qsl(text, keep_blank_values=True)}
    raise InvalidArgument("sms_body_invalid")


def _first(fields: dict[str, str], keys) -> str:
    return next((fields[k] for k in keys if fields.get(k)), "")


def _reply(key: str, **params) -> str:
    return translate(key, "id", **params)


def _accepted(report: model.Report) -> str:
    """The same text for a report and for every redelivery of its SMS: the code and the place matched."""
    return _reply("sms_reply_accepted", code=report.code, region=places.label(report.region_code))


@dataclass(frozen=True)
class SmsFormat:
    """What GetSmsFormat publishes: the form the parser reads, an example it files, the hazards' words."""

    keyword: str
    form: str
    example: str
    keywords_by_hazard: dict[str, list[str]]


def sms_format() -> SmsFormat:
    return SmsFormat(sms.KEYWORD, sms.FORMAT, sms.EXAMPLE, sms.keywords_by_hazard())


def receive(
    uow, clock, *, body: bytes, content_type: str, secret: str, expected_secret: str, guards: services.Guards
) -> SmsOutcome:
    # Only the SMS gateway knows the secret; a wrong one must not learn anything else.
    if not expected_secret or not hmac.compare_digest(secret.encode(), expected_secret.encode()):
        raise PermissionDenied("sms_secret_invalid")
    fields = _fields(body, content_type)
    try:
        phone = phones.to_e164(_first(fields, _FROM_KEYS))
    except phones.InvalidPhone:
        raise InvalidArgument("sms_sender_invalid") from None
    text = _first(fields, _TEXT_KEYS)
    if len(text) > MAX_SMS_TEXT:
        SUBMISSIONS.labels(model.SOURCE_SMS, "rejected").inc()
        return SmsOutcome(False, _reply("sms_reply_too_long", format=sms.FORMAT_HINT))
    message_id = _first(fields, _MESSAGE_ID_KEYS).strip()[:90]
    source_ref = f"msg:{message_id}" if message_id else None
    if source_ref:
        with uow:
            earlier = uow.reports.by_source_ref(model.SOURCE_SMS, source_ref)
        if earlier is not None:  # the SMS gateway retrying: the same answer, nothing new
            return SmsOutcome(True, _accepted(earlier), earlier)
    parsed = sms.parse(text)
    if parsed.problem:
        SUBMISSIONS.labels(model.SOURCE_SMS, "rejected").inc()
        key, params = parsed.problem
        return SmsOutcome(False, _reply(key, format=sms.FORMAT_HINT, **params))
    problems = model.casualty_problems(parsed.casualties)
    if problems:
        SUBMISSIONS.labels(model.SOURCE_SMS, "rejected").inc()
        return SmsOutcome(False, _reply("sms_count_absurd", format=sms.FORMAT_HINT))
    if guards.phone_refused(phone):
        SUBMISSIONS.labels(model.SOURCE_SMS, "rate_limited").inc()
        return SmsOutcome(False, _reply("sms_rate_limited"))
    try:
        report = services.submit_sms_report(
            uow,
            clock,
            hazard=parsed.hazard,
            region_code=parsed.region_code,
            text=parsed.text,
            casualties=parsed.casualties,
            phone=phone,
            guards=guards,
            source_ref=source_ref,
        )
    except sa_exc.IntegrityError:
        if not source_ref:
            raise
        with uow:  # the same message delivered twice at once: the other delivery filed it
            report = uow.reports.by_source_ref(model.SOURCE_SMS, source_ref)
        if report is None:
            raise
    return SmsOutcome(True, _accepted(report), report)
