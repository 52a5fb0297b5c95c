"""An HTTP client on the federation's LAN: requests whose connections are made from the LAN namespace."""

from __future__ import annotations

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.util.retry import Retry

from tests.federation.netns import connect_from


class _LanConnection(urllib3.connection.HTTPConnection):
    namespace = ""

    def _new_conn(self):
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        try:
            return connect_from(self.namespace, (self._dns_host, self.port), timeout=timeout or 10)
        except OSError as error:
            raise urllib3.exceptions.NewConnectionError(
                self, f"cannot connect from {self.namespace}: {error}"
            ) from error


class LanAdapter(HTTPAdapter):
    def __init__(self, namespace: str, **kwargs):
        self.namespace = namespace
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        connection = type("LanConnection", (_LanConnection,), {"namespace": self.namespace})
        pool = type("LanConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": connection})
        self.poolmanager.pool_classes_by_scheme = {"http": pool}


def lan_session(namespace: str) -> requests.Session:
    """As tests/e2e's `http` session (idempotent requests retried on a pooled connection the server had
    just closed, never writes), its connections made from `namespace`."""
    session = requests.Session()
    session.headers["User-Agent"] = "gorontalo-federation-test"
    retry = Retry(
        total=2, connect=2, read=2, status=0, other=0, allowed_methods=frozenset({"GET", "HEAD"}), raise_on_status=False
    )
    session.mount("http://", LanAdapter(namespace, max_retries=retry))
    return session
