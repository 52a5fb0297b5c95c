"""How one process reaches NATS: TLS with its own certificate, its inbox prefix, its instance's durables.

A `tls://` NATS_URL switches TLS on: the process presents the same certificate as on gRPC (TLS_*_FILE,
else its dev certificate in VAR_DIR/pki) and nats-server maps the certificate's identity to its user
(deploy/nats, servicekit.nats_config). A `nats://` URL connects as before, plaintext without a user
(the machine's own development NATS, most tests).
"""

from __future__ import annotations

import logging
import pathlib
import ssl
from dataclasses import dataclass, field

import nats

from .consumers import instance_durable
from .pki import PeerIdentity, TlsFiles

log = logging.getLogger(__name__)

# The name the server's certificate carries (a DNS SAN of identity agency/75/nats), checked instead of
# whatever address NATS_URL uses, as gRPC clients check the service's identity name.
SERVER_IDENTITY = PeerIdentity.of("nats")


def inbox_prefix(identity: PeerIdentity) -> str:
    """Where a user's replies and pushed messages arrive; only that user may subscribe there."""
    return f"_INBOX.{identity.agency}-{identity.service}"


@dataclass(frozen=True)
class NatsConnection:
    url: str
    tls: TlsFiles | None = None
    identity: PeerIdentity | None = None
    # The registry's instance name when it is not the province's: its durables carry it.
    instance: str | None = None
    _context: list = field(default_factory=list, compare=False, repr=False)

    @property
    def secured(self) -> bool:
        return self.url.startswith("tls://")

    def durable(self, base: str) -> str:
        return instance_durable(base, self.instance)

    def ssl_context(self) -> ssl.SSLContext:
        """One context per connection object; `refresh` loads a renewed certificate into it."""
        if not self._context:
            if self.tls is None:
                raise RuntimeError(f"{self.url} needs TLS material (TLS_*_FILE or VAR_DIR/pki)")
            context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(self.tls.ca))
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(str(self.tls.cert), str(self.tls.key))
            self._context.append(context)
        return self._context[0]

    def refresh(self) -> None:
        """Load the certificate files again: renewal replaced them, and the next reconnect uses them."""
        if self._context and self.tls is not None:
            try:
                self._context[0].load_cert_chain(str(self.tls.cert), str(self.tls.key))
            except (OSError, ssl.SSLError) as e:  # mid-renewal: the previous pair stays
                log.warning("cannot reload the NATS client certificate yet (%s)", type(e).__name__)

    def options(self) -> dict:
        """Keyword arguments for nats.connect (servers, TLS, inbox prefix)."""
        options: dict = {"servers": [self.url]}
        if self.secured:
            options["tls"] = self.ssl_context()
            options["tls_hostname"] = SERVER_IDENTITY.dns_name
        if self.identity is not None:
            options["inbox_prefix"] = inbox_prefix(self.identity).encode()
        return options

    async def connect(self, **kwargs):
        """nats.connect with this process's options; a disconnection reloads the certificate first."""
        if self.secured:
            given = kwargs.get("disconnected_cb")

            async def disconnected():
                self.refresh()
                if given is not None:
                    await given()

            kwargs["disconnected_cb"] = disconnected
        return await nats.connect(**self.options(), **kwargs)

    @classmethod
    def for_service(cls, service: str, url: str, var_dir: str | pathlib.Path | None = None) -> NatsConnection:
        """The connection of a process that is `service`, at its instance (<SERVICE>_INSTANCE)."""
        from .config import current_instance

        instance = current_instance(service)
        instance_name = instance.name if instance is not None and not instance.provincial else None
        if not url.startswith("tls://"):
            return cls(url=url, instance=instance_name)
        from . import tls as process_tls

        source = process_tls.process_source(service, var_dir)
        return cls(url=url, tls=source.files, identity=source.identity, instance=instance_name)
