"""The images' HEALTHCHECK (docker, podman; Kubernetes uses its own probes): no extra binary.

    healthcheck.py grpc permits                 grpc.health.v1 Check of the process on PERMITS_LISTEN
    healthcheck.py http GATEWAY_BIND /healthz   GET on the port of that address variable
    healthcheck.py                              the same, from HEALTHCHECK_ARGS (set at build time)

Exit 0 when healthy, 1 otherwise (what HEALTHCHECK expects).
"""

import os
import sys
import urllib.request


def _port(variable: str, default: str) -> str:
    return (os.environ.get(variable) or default).rsplit(":", 1)[1]


def grpc_ok(service: str) -> bool:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    from servicekit import clients, tls

    prefix = service.upper()
    port = _port(f"{prefix}_LISTEN", os.environ.get(f"{prefix}_ADDR", ""))
    # The port speaks mutual TLS only: the check presents the service's own certificate (TLS_* or the dev
    # material in VAR_DIR) and expects the server to be that same identity.
    source = tls.own_source(service)
    with clients.channel(f"127.0.0.1:{port}", source.identity, source=source) as channel:
        answer = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=2)
    return answer.status == health_pb2.HealthCheckResponse.SERVING


def http_ok(variable: str, path: str) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{_port(variable, '')}{path}", timeout=2) as response:
        return response.status == 200


def grpc_errors() -> type[Exception]:
    import grpc

    return grpc.RpcError


def main(argv: list[str]) -> int:
    argv = argv or os.environ.get("HEALTHCHECK_ARGS", "").split()
    try:
        healthy = grpc_ok(argv[1]) if argv[0] == "grpc" else http_ok(argv[1], argv[2])
    except (OSError, grpc_errors(), IndexError) as error:  # no answer, or no arguments: unhealthy
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
