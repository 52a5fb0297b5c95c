"""How a message leaves the platform: one Transport for every SMS and e-mail of every service.

`make run` uses the development sink (a JSON-lines file the developer reads as their phone); production
an HTTP SMS gateway and an SMTP relay, chosen from the environment by `transport_from_env`.
"""

from __future__ import annotations

import datetime as dt
import email.message
import email.utils
import json
import os
import pathlib
import uuid
from typing import Protocol

import requests

from .. import config

SMS, EMAIL = "sms", "email"
DEFAULT_EMAIL_SUBJECT = "Gorontalo Satu"
TRANSPORTS = ("dev", "http")


class TransportError(Exception):
    """This attempt failed; the sender retries later. Its text never holds the destination."""


class Transport(Protocol):
    def send(self, *, channel: str, destination: str, message: str, reference: str, subject: str = "") -> str:
        """Deliver one message ("sms" or "email"); returns the provider's message id, raises TransportError."""


def dev_sink_path(var_dir: os.PathLike | str | None = None) -> pathlib.Path:
    """NOTIFY_DEV_SINK_PATH, else <var_dir>/dev-outbox/messages.jsonl (VAR_DIR when not given)."""
    configured = config.env("NOTIFY_DEV_SINK_PATH")
    if configured:
        return pathlib.Path(configured)
    return (pathlib.Path(var_dir) if var_dir else config.var_dir()) / "dev-outbox" / "messages.jsonl"


class DevSink:
    """Development: every message appended as one JSON line to a file, nothing sent.

    The file is the developer's phone and mailbox: it holds the real number and the full text (a sign-up
    code included) on purpose, so it lives under var/ (git-ignored) and is never a log. Several services
    append to one file: each line is one write(2) on an O_APPEND descriptor, so lines never interleave.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, sender: str = ""):
        self.path = pathlib.Path(path) if path else dev_sink_path()
        self.sender = sender

    def send(self, *, channel: str, destination: str, message: str, reference: str, subject: str = "") -> str:
        if channel not in (SMS, EMAIL):
            raise TransportError(f"channel {channel} is not served by the development sink")
        line = {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sender": self.sender,
            "channel": channel,
            "to": destination,
            "subject": subject,
            "message": message,
            "reference": reference,
        }
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, data)
            finally:
                os.close(descriptor)
        except OSError as error:
            raise TransportError(f"development sink not writable ({type(error).__name__})") from None
        return f"dev-{uuid.uuid4().hex[:12]}"


def dev_messages(path: str | os.PathLike | None = None, *, to: str = "", sender: str = "") -> list[dict]:
    """The development sink's messages, oldest first (optionally only those to one destination or from
    one sender): what a developer, or a test signing up, reads a code from."""
    file = pathlib.Path(path) if path else dev_sink_path()
    if not file.exists():
        return []
    messages = []
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if (not to or entry.get("to") == to) and (not sender or entry.get("sender") == sender):
            messages.append(entry)
    return messages


class HttpSmsGateway:
    """An SMS gateway reached by HTTPS: POST JSON {to, message, reference, callback_url}, bearer token,
    `Idempotency-Key: <reference>` so a retry after a lost answer is not sent (and billed) twice.

    2xx with a JSON `message_id` (or `id`) is sent; anything else (429, 5xx, other 4xx, network errors)
    raises TransportError and the sender retries with backoff, then reports the row as failed. The
    gateway later posts the delivery status to `callback_url` (see servicekit.notify.callbacks).
    """

    channels = (SMS,)

    def __init__(
        self,
        url: str,
        token: str,
        *,
        callback_url: str = "",
        timeout: float = 10.0,
        session: requests.Session | None = None,
    ):
        if not url:
            raise ValueError("the SMS gateway URL is required")
        self.url, self.token, self.callback_url, self.timeout = url, token, callback_url, timeout
        self.session = session or requests.Session()

    def send(self, *, channel: str, destination: str, message: str, reference: str, subject: str = "") -> str:
        if channel not in self.channels:
            raise TransportError(f"channel {channel} is not served by the SMS gateway")
        body = {"to": destination, "message": message, "reference": reference}
        if self.callback_url:
            body["callback_url"] = self.callback_url
        try:
            response = self.session.post(
                self.url,
                json=body,
                headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": reference},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            # The exception text may carry the URL, never the destination (it is in the body only).
            raise TransportError(type(error).__name__) from None
        if not 200 <= response.status_code < 300:
            raise TransportError(f"SMS gateway answered HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        message_id = str(answer.get("message_id") or answer.get("id") or "") if isinstance(answer, dict) else ""
        if not message_id:
            # Without its id the gateway's delivery report could not be matched; the reference still is.
            raise TransportError("SMS gateway answered without a message id")
        return message_id


class SmtpEmail:
    """E-mail through an SMTP relay (STARTTLS when `starttls`, login when a user is given)."""

    channels = (EMAIL,)

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        user: str = "",
        password: str = "",
        starttls: bool = True,
        timeout: float = 10.0,
        default_subject: str = DEFAULT_EMAIL_SUBJECT,
    ):
        if not host or not sender:
            raise ValueError("the SMTP host and the sender address are required")
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls, self.timeout = user, password, starttls, timeout
        self.default_subject = default_subject

    def send(self, *, channel: str, destination: str, message: str, reference: str, subject: str = "") -> str:
        import smtplib

        if channel not in self.channels:
            raise TransportError(f"channel {channel} is not served by SMTP")
        mail = email.message.EmailMessage()
        mail["From"], mail["To"] = self.sender, destination
        mail["Subject"] = subject or self.default_subject
        mail["Message-ID"] = message_id = email.utils.make_msgid(idstring=reference[:36])
        mail.set_content(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(mail)
        except (smtplib.SMTPException, OSError) as error:
            # Only the type and SMTP code: a refusal's text can quote the recipient's address.
            code = getattr(error, "smtp_code", "")
            raise TransportError(f"SMTP {type(error).__name__} {code}".strip()) from None
        return message_id


class ChannelRouter:
    """One transport per channel (sms, email); a channel without one fails the attempt."""

    def __init__(self, by_channel: dict[str, Transport]):
        self.by_channel = dict(by_channel)

    def send(self, *, channel: str, destination: str, message: str, reference: str, subject: str = "") -> str:
        transport = self.by_channel.get(channel)
        if transport is None:
            raise TransportError(f"no transport configured for channel {channel}")
        return transport.send(
            channel=channel, destination=destination, message=message, reference=reference, subject=subject
        )


def callback_url(sender: str) -> str:
    """Where the SMS gateway reports the delivery status of `sender`'s messages (its public RPC)."""
    return config.public_base_url() + f"/v1/{sender}/sms-deliveries:report"


def transport_from_env(sender: str, *, var_dir: os.PathLike | str | None = None) -> Transport:
    """The transport of service `sender`, from the environment every service shares.

    NOTIFY_TRANSPORT=dev (default): the development sink (NOTIFY_DEV_SINK_PATH, else under `var_dir`,
    the service's settings.var_dir, which defaults to VAR_DIR). NOTIFY_TRANSPORT=http:
    SMS through SMS_GATEWAY_URL (SMS_GATEWAY_TOKEN, SMS_GATEWAY_TIMEOUT_SECONDS), e-mail through
    SMTP_HOST when set (else e-mail deliveries fail after their attempts, and are reported).
    """
    name = (config.env("NOTIFY_TRANSPORT", "dev") or "dev").strip().lower()
    if name == "dev":
        return DevSink(dev_sink_path(var_dir), sender=sender)
    if name != "http":
        raise SystemExit(f"NOTIFY_TRANSPORT must be one of {', '.join(TRANSPORTS)}, not {name!r}")
    url = config.env("SMS_GATEWAY_URL", "")
    if not url:
        raise SystemExit("NOTIFY_TRANSPORT=http needs SMS_GATEWAY_URL")
    transports: dict[str, Transport] = {
        SMS: HttpSmsGateway(
            url,
            config.env("SMS_GATEWAY_TOKEN", ""),
            callback_url=callback_url(sender),
            timeout=float(config.env("SMS_GATEWAY_TIMEOUT_SECONDS", "10")),
        )
    }
    if config.env("SMTP_HOST"):
        transports[EMAIL] = SmtpEmail(
            config.env("SMTP_HOST"),
            config.env_int("SMTP_PORT", 587),
            config.env("SMTP_FROM", "no-reply@gorontaloprov.go.id"),
            user=config.env("SMTP_USER", ""),
            password=config.env("SMTP_PASSWORD", ""),
            starttls=(config.env("SMTP_STARTTLS", "true") or "true").lower() in ("1", "true", "yes"),
        )
    return ChannelRouter(transports)
