"""/verifikasi: anyone, without an account, checks a permit number, a tax receipt number, or a QR code
(a digital ID credential, a permit certificate's or a receipt's signed token).

QR codes printed or shown since issue 15 encode `<WEB_PUBLIC_URL>/verifikasi#<token>`: the token rides in
the fragment, which browsers never send, so it reaches no server log. The page's script reads it and
checks it here (POST /verifikasi/periksa, the token in the body), or on the phone itself with the cached
public keys (GET /verifikasi/kunci.json) when there is no network. Without JavaScript, the form posts the
pasted text to POST /verifikasi. Older QR codes carry the bare token; the box takes both, and numbers.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import json
import re
import time
import urllib.parse

import jwt
from flask import Blueprint, current_app, g, jsonify, render_template, request

from servicekit import signing

from .. import formatting
from ..formatting import rupiah
from ..gateway import GatewayError
from ..regions_picker import place_name
from ..signin import gateway
from ..texts import text
from ..texts.verify import TEXTS as VERIFY_TEXTS

blueprint = Blueprint("verify", __name__)

MAX_INPUT = 4000  # a credential is ~600 characters; identity refuses tokens over 4000
PERMIT_NUMBER = re.compile(r"^(\d{4})[/-]DPMPTSP[/-](\d{4})[/-](\d{6})$", re.IGNORECASE)
RECEIPT_NUMBER = re.compile(r"^(?:\d{2}|\d{4})-\d{4}-\d{8}-\d$")
COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
# The printed certificate and receipt also show the API's verify link: its last segment is the number.
API_VERIFY_LINK = re.compile(r"/v1/(?:permits/verify|tax/receipts/verify)/([^/?#]+)/?$")

# What each kind of signed token is: its JWT typ, issuer, and where its public keys are published.
TOKEN_TYPES = {
    "gorontalo-id+jwt": "credential",
    "permit+jwt": "permit",
    "receipt+jwt": "receipt",
}
PERMIT_ISSUER = "gorontalo-permits"
RECEIPT_ISSUER = "gorontalo-tax"
KEYS_TTL_SECONDS = 300
KEYS_BROWSER_MAX_AGE = 3600


@dataclasses.dataclass(frozen=True)
class Parsed:
    """What was typed, pasted or scanned: kind is credential, permit, receipt or unknown; a permit or
    receipt comes as a number or as a signed token."""

    kind: str
    number: str = ""
    token: str = ""


@dataclasses.dataclass
class Outcome:
    kind: str
    verdict: str  # valid, revoked, expired, invalid, not_found, unavailable
    facts: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (text key, value)
    reason: str = ""  # text key
    method: str = "online"

    @property
    def valid(self) -> bool:
        return self.verdict == "valid"

    @property
    def tone(self) -> str:
        if self.verdict == "valid":
            return "valid"
        if self.verdict in ("unavailable", "expired"):
            return "warn"
        return "bad"

    def as_json(self) -> dict:
        return {"kind": self.kind, "verdict": self.verdict, "valid": self.valid, "method": self.method}


def _b64url_json(part: str) -> dict:
    raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value


def parse(raw: str) -> Parsed:
    """A verifier URL (`…/verifikasi#<token or number>`), the API's verify link, a bare token (old QR
    codes), or a number, as typed: spaces around and line breaks inside a pasted token do not matter."""
    value = (raw or "").strip()
    if "#" in value:
        value = value.split("#", 1)[1]
    value = urllib.parse.unquote(value).strip()
    link = API_VERIFY_LINK.search(value)
    if link:
        value = link.group(1)
    compact = re.sub(r"\s+", "", value)
    permit = PERMIT_NUMBER.match(compact)
    if permit:
        return Parsed("permit", number="-".join((permit.group(1), "DPMPTSP", permit.group(2), permit.group(3))))
    if RECEIPT_NUMBER.match(compact):
        return Parsed("receipt", number=compact)
    if COMPACT_JWS.match(compact):
        try:
            header = _b64url_json(compact.split(".", 1)[0])
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return Parsed("unknown")
        kind = TOKEN_TYPES.get(str(header.get("typ") or ""))
        return Parsed(kind or "unknown", token=compact)
    return Parsed("unknown")


# -- dates, names ------------------------------------------------------------------------------------

MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
    "en": "January February March April May June July August September October November December".split(),
}


def long_date(day: dt.date, lang: str) -> str:
    return f"{day.day} {MONTHS.get(lang, MONTHS['id'])[day.month - 1]} {day.year}"


def date_text(value, lang: str) -> str:
    """An ISO date, an RFC 3339 timestamp (shown as its formatting.WITA date) or epoch seconds, in words."""
    if value in (None, ""):
        return ""
    try:
        if isinstance(value, (int, float)):
            return long_date(dt.datetime.fromtimestamp(value, formatting.WITA).date(), lang)
        value = str(value)
        if "T" in value:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return long_date(moment.astimezone(formatting.WITA).date(), lang)
        return long_date(dt.date.fromisoformat(value), lang)
    except (ValueError, OverflowError, OSError):
        return str(value)


# -- public keys -------------------------------------------------------------------------------------


def _fetch_keys(kind: str) -> dict:
    if kind == "credential":
        return gateway().request("GET", "/.well-known/jwks.json", lang=g.lang)
    if kind == "permit":
        return gateway().request("GET", "/v1/permits/.well-known/jwks.json", lang=g.lang)
    answer = gateway().fetch("/v1/tax/receipt-keys", lang=g.lang)
    try:
        return answer.json()
    except ValueError:
        raise GatewayError(status=502, detail="not JSON", unavailable=True) from None


def public_keys(kind: str, *, fresh: bool = False) -> dict:
    """The JWKS of one kind of token, kept a few minutes per app (keys rotate rarely)."""
    cache = current_app.extensions.setdefault("gorontalo_verify_keys", {})
    cached = cache.get(kind)
    if cached and not fresh and time.monotonic() - cached[0] < KEYS_TTL_SECONDS:
        return cached[1]
    jwks = _fetch_keys(kind)
    keys = [
        {name: key.get(name, "") for name in ("kty", "crv", "x", "kid", "alg", "use")}
        for key in jwks.get("keys") or []
        if isinstance(key, dict)
    ]
    result = {"keys": keys}
    cache[kind] = (time.monotonic(), result)
    return result


def _signed_claims(parsed: Parsed, issuer: str) -> dict | None:
    """The token's claims when its signature verifies with the published keys, else None. A kid not in
    the cached set fetches the keys again once (a rotation since)."""
    token_type = next(typ for typ, kind in TOKEN_TYPES.items() if kind == parsed.kind)
    for fresh in (False, True):
        jwks = public_keys(parsed.kind, fresh=fresh)
        try:
            return signing.verify_offline(parsed.token, jwks, issuer=issuer, token_type=token_type)
        except jwt.InvalidTokenError as error:
            if "unknown kid" in str(error) and not fresh:
                continue
            return None
        except (ValueError, TypeError):
            return None
    return None


# -- the checks --------------------------------------------------------------------------------------


def check(parsed: Parsed, lang: str) -> Outcome:
    """Ask the platform (through the gateway) about what was given. GatewayError when it cannot answer."""
    if parsed.kind == "credential":
        return check_credential(parsed.token, lang)
    if parsed.kind == "permit":
        if parsed.token:
            claims = _signed_claims(parsed, PERMIT_ISSUER)
            if claims is None or not PERMIT_NUMBER.match(str(claims.get("sub") or "")):
                return Outcome("permit", "invalid", reason="verifikasi_reason_bad_signature")
            outcome = check_permit(str(claims["sub"]).replace("/", "-"), lang)
            outcome.facts.append(("verifikasi_fact_signature", text("verifikasi_signature_ok", lang)))
            return outcome
        return check_permit(parsed.number, lang)
    if parsed.kind == "receipt":
        if parsed.token:
            claims = _signed_claims(parsed, RECEIPT_ISSUER)
            if claims is None or not RECEIPT_NUMBER.match(str(claims.get("sub") or "")):
                return Outcome("receipt", "invalid", reason="verifikasi_reason_bad_signature")
            outcome = check_receipt(str(claims["sub"]), lang)
            outcome.facts.append(("verifikasi_fact_signature", text("verifikasi_signature_ok", lang)))
            return outcome
        return check_receipt(parsed.number, lang)
    raise ValueError("nothing to check")


def check_credential(token: str, lang: str) -> Outcome:
    try:
        answer = gateway().request("POST", "/v1/identity/credentials:verify", json={"token": token}, lang=lang)
    except GatewayError as error:
        if error.unavailable or error.status >= 500 or error.status == 429:
            raise
        return Outcome("credential", "invalid", reason="verifikasi_reason_malformed")
    status = str(answer.get("status") or ("valid" if answer.get("valid") else "malformed"))
    verdict = {"valid": "valid", "revoked": "revoked", "expired": "expired"}.get(status, "invalid")
    reason = {
        "valid": "",
        "revoked": "verifikasi_reason_revoked",
        "expired": "verifikasi_reason_expired",
        "bad_signature": "verifikasi_reason_bad_signature",
    }.get(status, "verifikasi_reason_malformed")
    facts = []
    if verdict != "invalid":
        facts = [
            ("verifikasi_fact_name", answer.get("full_name") or ""),
            ("verifikasi_fact_birth_date", date_text(answer.get("birth_date"), lang)),
            ("verifikasi_fact_nik", answer.get("nik_masked") or ""),
            ("verifikasi_fact_regency", place_name(answer.get("regency_code") or "")),
            ("verifikasi_fact_expires", date_text(answer.get("expires_at"), lang)),
            ("verifikasi_fact_credential_id", answer.get("credential_id") or ""),
        ]
    return Outcome("credential", verdict, [f for f in facts if f[1]], reason)


def check_permit(number: str, lang: str) -> Outcome:
    try:
        answer = gateway().request("GET", "/v1/permits/verify/" + urllib.parse.quote(number, safe=""), lang=lang)
    except GatewayError as error:
        if error.status in (400, 404):
            return Outcome(
                "permit", "not_found", [("verifikasi_fact_permit_number", number)], "verifikasi_reason_not_found"
            )
        raise
    revoked = answer.get("validity") == "revoked"
    risk = str(answer.get("risk_level") or "")
    facts = [
        ("verifikasi_fact_permit_number", answer.get("permit_number") or number),
        ("verifikasi_fact_business", answer.get("business_name") or ""),
        ("verifikasi_fact_activity", " ".join(p for p in (answer.get("kbli_code"), answer.get("activity")) if p)),
        ("verifikasi_fact_risk", text(f"verifikasi_risk_{risk}", lang) if risk else ""),
        ("verifikasi_fact_regency", answer.get("regency_name") or place_name(answer.get("regency_code") or "")),
        ("verifikasi_fact_issued", date_text(answer.get("issue_date"), lang)),
    ]
    if revoked:
        facts += [
            ("verifikasi_fact_revoked_at", date_text(answer.get("revoked_at"), lang)),
            ("verifikasi_fact_revocation_reason", answer.get("revocation_reason") or ""),
        ]
    return Outcome(
        "permit",
        "revoked" if revoked else "valid",
        [f for f in facts if f[1]],
        "verifikasi_reason_revoked" if revoked else "",
    )


def check_receipt(number: str, lang: str) -> Outcome:
    try:
        answer = gateway().request("GET", "/v1/tax/receipts/verify/" + urllib.parse.quote(number, safe=""), lang=lang)
    except GatewayError as error:
        if error.status in (400, 404):
            return Outcome(
                "receipt", "not_found", [("verifikasi_fact_receipt_number", number)], "verifikasi_reason_not_found"
            )
        raise
    if not answer.get("valid"):
        return Outcome("receipt", "invalid", [("verifikasi_fact_receipt_number", number)], "verifikasi_reason_unpaid")
    tax = str(answer.get("tax_type") or "")
    authority = str(answer.get("authority_code") or "")
    facts = [
        ("verifikasi_fact_receipt_number", answer.get("number") or number),
        ("verifikasi_fact_tax", text(f"verifikasi_tax_{tax}", lang) if tax else ""),
        ("verifikasi_fact_tax_year", str(answer.get("tax_year") or "")),
        ("verifikasi_fact_amount", rupiah(answer.get("amount") or 0)),
        ("verifikasi_fact_paid", date_text(answer.get("paid_date"), lang)),
        (
            "verifikasi_fact_authority",
            f"{text('verifikasi_bapenda', lang)} {place_name(authority)}" if authority else "",
        ),
    ]
    return Outcome("receipt", "valid", [f for f in facts if f[1]])


def _judge(raw: str, lang: str) -> tuple[Outcome | None, str, int]:
    """(outcome, field error, status) for what was given."""
    if not raw.strip():
        return None, text("verifikasi_empty", lang), 400
    if len(raw) > MAX_INPUT:
        return None, text("verifikasi_unrecognised", lang), 400
    parsed = parse(raw)
    if parsed.kind == "unknown":
        return None, text("verifikasi_unrecognised", lang), 400
    try:
        return check(parsed, lang), "", 200
    except GatewayError:
        return Outcome(parsed.kind, "unavailable", reason="verifikasi_reason_unavailable"), "", 503


# -- the pages ---------------------------------------------------------------------------------------


def _words(lang: str) -> dict:
    """What the page's script needs to show a result checked offline, in the page's language."""
    words = {key: text(key, lang) for key in VERIFY_TEXTS}
    words["regions"] = {code: place_name(code) for code in ("75", "75.01", "75.02", "75.03", "75.04", "75.05", "75.71")}
    words["lang"] = lang
    return words


def _page(outcome: Outcome | None = None, error: str = "", value: str = "", status: int = 200):
    return render_template("verifikasi.html", outcome=outcome, error=error, value=value, words=_words(g.lang)), status


@blueprint.get("/verifikasi")
def page():
    return _page()


@blueprint.post("/verifikasi")
def check_form():
    """The form without JavaScript: the result on the page itself. Nothing is created, so a resent form
    is harmless; the pasted token stays in the body, never in a URL."""
    raw = request.form.get("kode", "")
    outcome, error, status = _judge(raw, g.lang)
    # A token is echoed back into the box (the resident's own paste); nothing is logged.
    return _page(outcome, error, raw[:MAX_INPUT], status)


@blueprint.post("/verifikasi/periksa")
def check_json():
    """The page's script: the same check, answered as JSON with the result drawn as HTML. 503 tells the
    script to check on the phone with the cached keys instead."""
    raw = request.form.get("kode", "")
    outcome, error, status = _judge(raw, g.lang)
    html = render_template("verifikasi_hasil.html", outcome=outcome, error=error)
    body = {"html": html, **(outcome.as_json() if outcome else {"verdict": "unrecognised", "valid": False})}
    return jsonify(body), status


@blueprint.get("/verifikasi/kunci.json")
def keys():
    """The public keys of the three kinds of signed token, for the offline check on the phone."""
    try:
        body = {
            "identity": public_keys("credential"),
            "permits": public_keys("permit"),
            "tax": public_keys("receipt"),
        }
    except GatewayError:
        response = jsonify({"verdict": "unavailable"})
        response.status_code = 503
        return response
    body["fetched_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    response = jsonify(body)
    # Public keys, the same for everyone: any cache may keep them a while.
    response.headers["Cache-Control"] = f"public, max-age={KEYS_BROWSER_MAX_AGE}"
    return response
