"""The app's one way to the platform: the gateway's public REST API, as any other client uses it.

Errors come back as problem+json (RFC 9457); GatewayError keeps the per-field messages so a form can
show each next to the input it names.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import requests
from flask import has_request_context, request


@dataclasses.dataclass
class GatewayError(Exception):
    """An answer other than 2xx, or no answer at all (status 503, `unavailable`)."""

    status: int
    title: str = ""
    detail: str = ""
    field_errors: dict[str, str] = dataclasses.field(default_factory=dict)
    reasons: dict[str, str] = dataclasses.field(default_factory=dict)
    retry_after: str | None = None
    unavailable: bool = False

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"

    @property
    def unauthenticated(self) -> bool:
        return self.status == 401


def error_from_response(response: requests.Response) -> GatewayError:
    """Map an error answer to GatewayError; a body that is not problem+json keeps only the status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {}
    field_errors: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for item in body.get("errors") or []:
        if not isinstance(item, dict) or not item.get("field"):
            continue
        field = str(item["field"])
        # The first message per field: one line next to the input is what a phone screen can show.
        field_errors.setdefault(field, str(item.get("detail") or item.get("reason") or ""))
        reasons.setdefault(field, str(item.get("reason") or ""))
    return GatewayError(
        status=response.status_code,
        title=str(body.get("title") or ""),
        detail=str(body.get("detail") or ""),
        field_errors=field_errors,
        reasons=reasons,
        retry_after=response.headers.get("Retry-After"),
    )


class GatewayClient:
    def __init__(self, base_url: str, timeout: float = 10.0, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = session or requests.Session()

    def request(
        self,
        method: str,
        path: str,
        *,
        lang: str = "id",
        token: str | None = None,
        json: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """A JSON call; `headers` adds what a route declares beyond the usual (e.g. X-Reporter-Key)."""
        headers = {"Accept": "application/json", "Accept-Language": lang, **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        response = self._send(method, path, headers=headers, json=json, params=params)
        if not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            raise GatewayError(status=502, detail="not JSON", unavailable=True) from None
        return body if isinstance(body, dict) else {"items": body}

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        if has_request_context() and request.remote_addr:
            # The gateway limits public look-ups and sign-ups per address: it must see the resident's,
            # not this app's (it believes the header only with GATEWAY_TRUSTED_PROXIES set).
            kwargs["headers"] = {**kwargs.get("headers", {}), "X-Forwarded-For": request.remote_addr}
        try:
            response = self.http.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise GatewayError(status=503, detail=type(error).__name__, unavailable=True) from None
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    def upload(
        self,
        path: str,
        data: bytes,
        content_type: str,
        *,
        lang: str = "id",
        token: str | None = None,
        params: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """POST raw bytes (a photo, a document) as the body, as the API's upload routes take them."""
        headers = {"Accept": "application/json", "Accept-Language": lang, "Content-Type": content_type}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        response = self._send("POST", path, headers=headers, data=data, params=params)
        try:
            body = response.json()
        except ValueError:
            raise GatewayError(status=502, detail="not JSON", unavailable=True) from None
        return body if isinstance(body, dict) else {"items": body}

    def fetch(
        self,
        path: str,
        *,
        lang: str = "id",
        token: str | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        """GET an answer that is not JSON (a PDF, a photo, a GeoJSON or Atom feed), to pass on as it is."""
        headers = {"Accept-Language": lang, **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self._send("GET", path, headers=headers, params=params)

    # The calls the pages make. Creates carry an Idempotency-Key so a resent form creates nothing twice.

    def register_citizen(self, form: dict[str, str], *, lang: str, idempotency_key: str | None = None) -> dict:
        return self.request(
            "POST",
            "/v1/identity/citizens",
            json=form,
            lang=lang,
            idempotency_key=idempotency_key or str(uuid.uuid4()),
        )

    def activate_citizen(self, nik: str, code: str, *, lang: str) -> dict:
        return self.request("POST", "/v1/identity/citizens:activate", json={"nik": nik, "code": code}, lang=lang)

    def login(self, username: str, password: str, *, lang: str) -> dict:
        return self.request("POST", "/v1/identity/token", json={"username": username, "password": password}, lang=lang)

    def refresh(self, refresh_token: str, *, lang: str) -> dict:
        return self.request("POST", "/v1/identity/token:refresh", json={"refresh_token": refresh_token}, lang=lang)

    def logout(self, *, access_token: str | None, refresh_token: str | None, lang: str) -> None:
        self.request(
            "POST",
            "/v1/identity/token:revoke",
            json={"refresh_token": refresh_token or ""},
            token=access_token,
            lang=lang,
        )

    def timeline(self, token: str, *, lang: str, page_size: int = 50) -> dict:
        return self.request("GET", "/v1/me/timeline", token=token, lang=lang, params={"page_size": page_size})

    def services(self, *, lang: str) -> list[dict]:
        """The directory with each service's live status (up/down), for the home page."""
        return list(self.request("GET", "/v1/services", lang=lang).get("services") or [])

    def resend_activation_code(self, nik: str, *, lang: str) -> dict:
        return self.request("POST", "/v1/identity/citizens:resendCode", json={"nik": nik}, lang=lang)

    def me(self, token: str, *, lang: str) -> dict:
        return self.request("GET", "/v1/me", token=token, lang=lang)

    def send_phone_code(self, token: str, *, lang: str) -> dict:
        return self.request("POST", "/v1/me/phone:sendCode", json={}, token=token, lang=lang)

    def verify_phone(self, token: str, code: str, *, lang: str) -> dict:
        return self.request("POST", "/v1/me/phone:verify", json={"code": code}, token=token, lang=lang)

    def active_alerts(self, region: str, *, lang: str, page_size: int = 5) -> list[dict]:
        """Active alerts covering a region (a regency code, or "" for the whole province)."""
        params = {"page_size": page_size}
        if region:
            params["region"] = region
        return list(self.request("GET", "/v1/disaster/alerts", lang=lang, params=params).get("alerts") or [])
