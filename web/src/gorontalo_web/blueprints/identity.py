"""/saya/identitas: the digital ID with its QR, the access log, the data export.

The ID (a credential signed by identity, POST /v1/me/credentials) needs level 2, an in-person check: a
resident at level 1 is told how it works and starts it here (POST /v1/me/assurance:inPersonCheck); the
one-time challenge stays in the server-side session, and its QR is shown for the officer to scan. Once
the officer confirmed it, the account is at level 2 and this page refreshes the session's tokens (the
new access token carries acr 2), so the resident goes on without logging in again.

QR images are embedded as data: URLs (the CSP allows img-src data:), so the page, once opened, shows
the ID without a network (the service worker keeps the page, never a shared cache: no-store).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import uuid

from flask import Blueprint, Response, g, redirect, render_template, request, session, url_for

from servicekit import regions

from .. import formatting, signin
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from .forms import answer_status, form_errors

blueprint = Blueprint("identity", __name__)

CREDENTIAL_ACR = 2
CHECK_KEY = "identity_check"  # the open in-person check's challenge and expiry, server-side only
# PNG: ~2 KB for a credential's QR where the SVG is ~16 KB (the page's first load stays light).
QR_FORMAT = "png"
ACCESS_LOG_SHOWN = 50
# A credential id goes into the gateway's path: letters, digits and dashes only.
CREDENTIAL_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def _parse(value) -> dt.datetime | None:
    try:
        instant = dt.datetime.fromisoformat(str(value or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


def _image(path: str) -> str:
    """An image of the API as a data: URL, to embed in the page (readable offline once opened)."""
    answer = signin.call(
        lambda token: signin.gateway().fetch(path, token=token, lang=g.lang, params={"format": QR_FORMAT})
    )
    media_type = (answer.headers.get("Content-Type") or "image/png").split(";")[0].strip()
    if not media_type.startswith("image/"):
        raise GatewayError(status=502, detail="not an image", unavailable=True)
    return f"data:{media_type};base64," + base64.b64encode(answer.content).decode("ascii")


def _level() -> int:
    """The session's level; raised to the account's when an officer has checked the resident meanwhile."""
    acr = int(session.get("acr") or 0)
    if acr >= CREDENTIAL_ACR:
        return acr
    account = signin.call(lambda token: signin.gateway().request("GET", "/v1/me", token=token, lang=g.lang))
    if int(account.get("acr") or 0) > acr:
        signin.refresh()  # the new access token carries the account's level now
        session.pop(CHECK_KEY, None)
        acr = int(session.get("acr") or 0)
    return acr


def _open_check() -> dict | None:
    """The in-person check this session started, with its QR, while it can still be confirmed."""
    kept = session.get(CHECK_KEY)
    if not kept:
        return None
    expires = _parse(kept.get("expires_at"))
    if expires is None or expires <= dt.datetime.now(dt.UTC):
        session.pop(CHECK_KEY, None)
        return None
    try:
        qr = _image(f"/v1/me/assurance/checks/{kept['challenge']}/qr")
    except GatewayError as error:
        if error.unavailable or error.status >= 500 or error.unauthenticated:
            raise
        session.pop(CHECK_KEY, None)  # spent or replaced: start anew
        return None
    return {"challenge": kept["challenge"], "expires_at": kept.get("expires_at"), "qr": qr}


def _current_credential(credentials: list[dict]) -> dict | None:
    now = dt.datetime.now(dt.UTC)
    usable = [
        c for c in credentials if not c.get("revoked") and (_parse(c.get("expires_at")) or now) > now and c.get("id")
    ]
    usable.sort(key=lambda c: c.get("issued_at") or "", reverse=True)
    return usable[0] if usable else None


def _masked(nik: str) -> str:
    digits = "".join(ch for ch in (nik or "") if ch.isdigit())
    if len(digits) != 16:
        return nik or ""
    return f"{digits[:4]} •••• •••• {digits[-4:]}"


@blueprint.get("/saya/identitas")
@signin.login_required
def index():
    general, status = "", 200
    credential = check = None
    account: dict = {}
    entries: list[dict] = []
    try:
        level = _level()
        if level >= CREDENTIAL_ACR:
            data = api("GET", "/v1/me/data")
            account = data.get("account") or {}
            credential = _current_credential(data.get("credentials") or [])
            if credential:
                credential = {**credential, "qr": _image(f"/v1/me/credentials/{credential['id']}/qr")}
        else:
            check = _open_check()
        entries = api("GET", "/v1/me/access-log", params={"page_size": ACCESS_LOG_SHOWN}).get("entries") or []
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        general, status = form_errors(error, (), g.lang)[1], answer_status(error)
        level = int(session.get("acr") or 0)
    regency = regions.lookup(account.get("regency_code") or "")
    return render_template(
        "identitas.html",
        level=level,
        account=account,
        nik_masked=_masked(account.get("nik", "")),
        regency_name=regency.name if regency else account.get("regency_code", ""),
        credential=credential,
        check=check,
        entries=entries,
        general=general,
        notice=session.pop("identity_notice", None),
        done=session.pop("identity_done", None),
        idempotency_key=str(uuid.uuid4()),
    ), status


@blueprint.post("/saya/identitas/terbitkan")
@signin.login_required
def issue():
    key = request.form.get("idempotency_key") or None
    try:
        api("POST", "/v1/me/credentials", json={}, idempotency_key=key)
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        session["identity_notice"] = form_errors(error, (), g.lang)[1]
    return redirect(url_for("identity.index") + "#kartu", code=303)


@blueprint.post("/saya/identitas/kartu/<credential_id>/cabut")
@signin.login_required
def revoke(credential_id: str):
    """A QR photographed by someone else, or a lost phone (from another device): the ID stops verifying."""
    if not CREDENTIAL_ID.match(credential_id):
        return render_template("error.html", message_key="error_not_found"), 404
    if request.form.get("confirm") != "yes":
        session["identity_notice"] = text("identity_revoke_unconfirmed", g.lang)
        return redirect(url_for("identity.index") + "#kartu", code=303)
    try:
        api("POST", f"/v1/me/credentials/{credential_id}:revoke", json={})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        session["identity_notice"] = form_errors(error, (), g.lang)[1]
    else:
        session["identity_done"] = text("identity_revoked", g.lang)
    return redirect(url_for("identity.index") + "#kartu", code=303)


@blueprint.post("/saya/identitas/pemeriksaan")
@signin.login_required
def start_check():
    try:
        started = api("POST", "/v1/me/assurance:inPersonCheck", json={})
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        session["identity_notice"] = form_errors(error, (), g.lang)[1]
    else:
        session[CHECK_KEY] = {"challenge": started.get("challenge", ""), "expires_at": started.get("expires_at", "")}
    return redirect(url_for("identity.index") + "#pemeriksaan", code=303)


@blueprint.get("/saya/identitas/data-saya.json")
@signin.login_required
def export():
    """Everything identity holds about me (GET /v1/me/data), as a file to keep; never cached on the way."""
    try:
        answer = signin.call(lambda token: signin.gateway().fetch("/v1/me/data", token=token, lang=g.lang))
    except GatewayError as error:
        if error.unauthenticated:
            raise signin.NotSignedIn from None
        return render_template("error.html", message_key="error_unavailable"), answer_status(error)
    try:
        body = json.dumps(answer.json(), ensure_ascii=False, indent=2).encode("utf-8")
    except ValueError:
        return render_template("error.html", message_key="error_unavailable"), 502
    response = Response(body, mimetype="application/json")
    stamp = dt.datetime.now(formatting.WITA).strftime("%Y%m%d")
    response.headers["Content-Disposition"] = f'attachment; filename="data-saya-{stamp}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.app_template_global("identity_text")
def identity_text(key: str, **values) -> str:
    return text(key, g.lang).format(**values)
