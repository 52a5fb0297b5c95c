"""Run inside a namespace (no project imports): how TCP connects to some addresses end."""

from __future__ import annotations

import errno
import socket


def probe(address: str, port: int, timeout: float = 2) -> str:
    try:
        socket.create_connection((address, port), timeout=timeout).close()
        return "connected"
    except ConnectionRefusedError:
        return "refused"  # a RST came back: the host was reached, nothing listens there
    except TimeoutError:
        return "timeout"
    except OSError as error:
        if error.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "unreachable"
        return errno.errorcode.get(error.errno or 0, str(error))


def probe_all(targets: list[tuple[str, int]]) -> dict[str, str]:
    return {f"{address}:{port}": probe(address, port) for address, port in targets}
