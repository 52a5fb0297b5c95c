"""How a notification leaves the platform: the Transport interface, a dev transport and an SMS gateway."""

from __future__ import annotations

import email.message
import email.utils
import logging
import smtplib
import uuid
from typing import Protocol

import requests

from ..domain.notifications import mask_destination

log = logging.getLogger(__name__)


class TransportError(Exception):
    """This attempt failed; the sender retries later (message without the destination)."""


class Transport(Protocol):
    def send(self, *, channel: str, destination: str, message: str, notification_id: str) -> str:
        """Deliver one message; returns the provider's message id, raises TransportError."""


class DevTransport:
    """Development: writes a JSON log line with the masked destination and the ids, sends nothing."""

    def send(self, *, channel: str, destination: str, message: str, notification_id: str) -> str:
        message_id = f"dev-{uuid.uuid4().hex[:12]}"
        # Only the masked form: the JSON log is read by people who must not learn the contact.
        log.info(
            "notification %s via %s to %s: message_id=%s (%d chars)",
            notification_id,
            channel,
            mask_destination(destination),
            message_id,
            len(message),
        )
        return message_id


class HttpSmsTransport:
    """An SMS gateway reached by HTTPS: POST JSON {to, message, reference} with a bearer token.

    2xx with a JSON `message_id` (or `id`) is success; 429, 5xx and network errors are retried;
    other 4xx are retried too (the sender gives up after its attempts) but logged as the gateway's
    refusal. Only SMS: e-mail addresses need another transport.
    """

    channels = ("sms",)

    def __init__(self, url: str, token: str, *, timeout: float = 10.0, session: requests.Session | None = None):
        if not url:
            raise ValueError("the SMS gateway URL is required")
        self.url, self.token, self.timeout = url, token, timeout
        self.session = session or requests.Session()

    def send(self, *, channel: str, destination: str, message: str, notification_id: str) -> str:
        if channel not in self.channels:
            raise TransportError(f"channel {channel} is not served by the SMS gateway")
        try:
            response = self.session.post(
                self.url,
                json={"to": destination, "message": message, "reference": notification_id},
                headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": notification_id},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            # The exception text may carry the URL, never the destination (it is in the body only).
            raise TransportError(f"{type(error).__name__}") from None
        if not 200 <= response.status_code < 300:
            raise TransportError(f"SMS gateway answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            body = {}
        return str(body.get("message_id") or body.get("id") or "") if isinstance(body, dict) else ""


class SmtpEmailTransport:
    """E-mail through an SMTP relay (STARTTLS when `starttls`, login when a user is given)."""

    channels = ("email",)

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
    ):
        if not host or not sender:
            raise ValueError("the SMTP host and the sender address are required")
        self.host, self.port, self.sender = host, port, sender
        self.user, self.password, self.starttls, self.timeout = user, password, starttls, timeout

    def send(self, *, channel: str, destination: str, message: str, notification_id: str) -> str:
        if channel not in self.channels:
            raise TransportError(f"channel {channel} is not served by SMTP")
        mail = email.message.EmailMessage()
        mail["From"], mail["To"] = self.sender, destination
        mail["Subject"] = "Kabar pengaduan Anda (Go-Gorontalo)"
        mail["Message-ID"] = message_id = email.utils.make_msgid(idstring=notification_id[:36])
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

    def send(self, *, channel: str, destination: str, message: str, notification_id: str) -> str:
        transport = self.by_channel.get(channel)
        if transport is None:
            raise TransportError(f"no transport configured for channel {channel}")
        return transport.send(
            channel=channel, destination=destination, message=message, notification_id=notification_id
        )
