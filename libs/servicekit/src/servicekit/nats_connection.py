"""How one process reaches NATS: TLS with its own certificate, its inbox prefix, its instance's durables.

A `tls://` NATS_URL switches TLS on: the process presents the same certificate as on gRPC (TLS_*_FILE,
else its dev certificate in VAR_DIR/pki) and nats-server maps the certificate's identity to its user
(deploy/nats, servicekit.nats_config). A `nats://` URL connects as before, plaintext without a user
(the machine's own development NATS, most tests).

NATS_URL may name several servers, comma-separated: the seed list of the JetStream cluster
(deploy/nats/cluster.conf). The client connects to one of them, learns the others from the cluster,
and moves to another when its server goes away; every URL must then use the same scheme.
"""

from __future__ import annotations

import json
import logging
import pathlib
import socket
import ssl
import threading
import urllib.parse
from dataclasses import dataclass, field

import nats

from .consumers import instance_durable
from .pki import PeerIdentity, TlsFiles

log = logging.getLogger(__name__)

# The name the server's certificate carries (a DNS SAN of identity agency/75/nats), checked instead of
# whatever address NATS_URL uses, as gRPC clients check the service's identity name.
SERVER_IDENTITY = PeerIdentity.of("nats")


_made: dict[str, NatsConnection] = {}
_lock = threading.Lock()


def server_urls(url: str) -> list[str]:
    """NATS_URL's servers: one URL or a comma-separated seed list, all of one scheme."""
    urls = [part.strip() for part in url.split(",") if part.strip()]
    if not urls:
        raise ValueError("NATS_URL names no server")
    schemes = {urllib.parse.urlparse(u).scheme for u in urls}
    if len(schemes) != 1:
        raise ValueError(f"NATS_URL mixes schemes {sorted(schemes)}: every server of a cluster is tls:// or none is")
    return urls


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
    def servers(self) -> list[str]:
        """The seed list NATS_URL names (one URL, or the cluster's nodes comma-separated)."""
        return server_urls(self.url)

    @property
    def secured(self) -> bool:
        return self.servers[0].startswith("tls://")

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
        options: dict = {"servers": self.servers}
        if self.secured:
            options["tls"] = self.ssl_context()
            options["tls_hostname"] = SERVER_IDENTITY.dns_name
        if self.identity is not None:
            options["inbox_prefix"] = inbox_prefix(self.identity).encode()
        return options

    def reachable(self, timeout: float = 1.0) -> bool:
        """A NATS protocol round trip (INFO, [TLS,] CONNECT, PING -> PONG) without an asyncio client:
        a health check. Over TLS it authenticates as this process, so it also says the user is known.
        With a seed list, one server answering is enough: the client would connect to it."""
        return any(self._answers(url, timeout) for url in self.servers)

    def _answers(self, url: str, timeout: float) -> bool:
        parsed = urllib.parse.urlparse(url)
        host = parsed.hostname or "127.0.0.1"
        try:
            with socket.create_connection((host, parsed.port or 4222), timeout=timeout) as raw:
                raw.settimeout(timeout)
                info = raw.makefile("rb").readline()  # sent in the clear, before any TLS
                if not info.startswith(b"INFO "):
                    return False
                stream = raw
                if self.secured:
                    stream = self.ssl_context().wrap_socket(raw, server_hostname=SERVER_IDENTITY.dns_name)
                reader = stream.makefile("rb")
                stream.sendall(
                    b"CONNECT " + json.dumps({"verbose": False, "name": "health"}).encode() + b"\r\nPING\r\n"
                )
                return reader.readline().strip() == b"PONG"
        except (OSError, RuntimeError):  # ssl.SSLError is an OSError; RuntimeError: no TLS material
            return False

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
    def of_process(cls, url: str) -> NatsConnection:
        """The connection `for_service` made for this URL in this process (a service's bootstrap makes
        it first), else a plain one: how code that is handed only NATS_URL connects as its process."""
        with _lock:
            return _made.get(url) or cls(url)

    @classmethod
    def for_service(cls, service: str, url: str, var_dir: str | pathlib.Path | None = None) -> NatsConnection:
        """The connection of a process that is `service`, at its instance (<SERVICE>_INSTANCE); also
        what `of_process(url)` answers from then on."""
        made = cls._for_service(service, url, var_dir)
        with _lock:
            _made[url] = made
        return made

    @classmethod
    def _for_service(cls, service: str, url: str, var_dir) -> NatsConnection:
        from .config import current_instance

        instance = current_instance(service)
        instance_name = instance.name if instance is not None and not instance.provincial else None
        if not server_urls(url)[0].startswith("tls://"):
            return cls(url=url, instance=instance_name)
        from . import tls as process_tls

        source = process_tls.process_source(service, var_dir)
        return cls(url=url, tls=source.files, identity=source.identity, instance=instance_name)
