"""The floor and the overhead of one authenticated unary gRPC call: CPU microseconds per call.

Each server kind with each client kind, each in its own process, over mutual TLS on loopback:

  server  bare: grpcio with a ThreadPoolExecutor and mTLS, the servicer registered, nothing else
          aio:  grpcio's asyncio server (grpc.aio) with mTLS and an async servicer, nothing else: what
                the services' request path would cost on an event loop (`--servers bare,aio,kit`)
          kit:  servicekit's ServiceRuntime (its interceptor chain, dynamic mTLS credentials, JSON logs
                written to a file as `make run` does, tracing configured without an exporter)
  client  bare: grpc.secure_channel and the generated stub
          kit:  servicekit.clients.channel (RotatingChannel, the client span) and outgoing_metadata,
                as the gateway calls a service

The method is IdentityService.GetMe answering a constant Account; every call carries a bearer token
(verified by the kit server: signature cached, revocation checked), x-request-id and accept-language.
N client threads make the calls (closed loop). The CPU of each process is read from /proc/<pid>/stat
(utime+stime) around the measured calls only (after a warm-up), divided by the calls.

    .venv/bin/python tests/bench/grpc_floor.py [--calls 6000] [--threads 8] [--rounds 3]
    git worktree add /tmp/before <commit>      # then, before and after side by side:
    .venv/bin/python tests/bench/grpc_floor.py --servers bare,kit@/tmp/before/libs/servicekit/src,kit \
        --clients bare,kit@/tmp/before/libs/servicekit/src,kit

bare/bare is the floor of grpcio itself; kit server minus bare server is servicekit's server overhead,
kit client minus bare client the client's. Each pairing runs --rounds times (the rounds interleaved), the median is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures

HERE = pathlib.Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))
from procstat import cpu_of  # noqa: E402  (tests/bench is not a package)

IDENTITY = "gorontalo.identity.v1.IdentityService"
WARM_UP_CALLS = 300


# -- server processes ---------------------------------------------------------------------------


def _files():
    from servicekit.tls import configured_files

    return configured_files()


def _servicer(kit: bool):
    from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc

    class Identity(identity_pb2_grpc.IdentityServiceServicer):
        def GetMe(self, request, context):
            if kit:
                from servicekit.auth import require_principal

                require_principal()
            return identity_pb2.Account(id="citizen-1", role="citizen", full_name="Bench")

    return Identity()


def serve_bare(port_file: str) -> None:
    import grpc

    from gorontalo.identity.v1 import identity_pb2_grpc

    files = _files()
    ca, cert, key = files.read()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=[("grpc.so_reuseport", 0)])
    identity_pb2_grpc.add_IdentityServiceServicer_to_server(_servicer(False), server)
    credentials = grpc.ssl_server_credentials([(key, cert)], root_certificates=ca, require_client_auth=True)
    port = server.add_secure_port("127.0.0.1:0", credentials)
    server.start()
    pathlib.Path(port_file).write_text(str(port))
    server.wait_for_termination()


def serve_aio(port_file: str) -> None:
    """grpcio's asyncio server (grpc.aio) with mTLS and an async servicer, nothing else."""
    import asyncio

    import grpc

    from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc

    class Identity(identity_pb2_grpc.IdentityServiceServicer):
        async def GetMe(self, request, context):
            return identity_pb2.Account(id="citizen-1", role="citizen", full_name="Bench")

    async def serve() -> None:
        ca, cert, key = _files().read()
        server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
        identity_pb2_grpc.add_IdentityServiceServicer_to_server(Identity(), server)
        credentials = grpc.ssl_server_credentials([(key, cert)], root_certificates=ca, require_client_auth=True)
        port = server.add_secure_port("127.0.0.1:0", credentials)
        await server.start()
        pathlib.Path(port_file).write_text(str(port))
        await server.wait_for_termination()

    asyncio.run(serve())


def serve_kit(port_file: str) -> None:
    from gorontalo.identity.v1 import identity_pb2_grpc
    from servicekit import logging as json_logging
    from servicekit.auth import JwksCache, TokenVerifier
    from servicekit.server import Registration, ServiceRuntime
    from servicekit.stop_signal import wait_for_stop_signal
    from servicekit.tls import CertificateSource

    json_logging.configure("identity", "INFO")
    jwks = json.loads(os.environ["BENCH_JWKS"])
    runtime = ServiceRuntime(
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=TokenVerifier(JwksCache(lambda: jwks).key),
        registrations=[
            Registration(identity_pb2_grpc.add_IdentityServiceServicer_to_server, _servicer(True), IDENTITY)
        ],
        tls=CertificateSource(_files()),
    )
    runtime.configure_tracing()
    server, _health, port = runtime.build()
    server.start()
    pathlib.Path(port_file).write_text(str(port))
    wait_for_stop_signal()
    server.stop(1).wait()


# -- client processes ---------------------------------------------------------------------------


def _bare_channel(target: str):
    import grpc

    from servicekit.pki.identity import identity_of

    ca, cert, key = _files().read()
    credentials = grpc.ssl_channel_credentials(root_certificates=ca, private_key=key, certificate_chain=cert)
    override = [("grpc.ssl_target_name_override", identity_of("identity").dns_name)]
    return grpc.secure_channel(target, credentials, options=override)


def _kit_channel(target: str):
    from servicekit import clients, tracing
    from servicekit.tls import CertificateSource

    tracing.configure("gateway")
    return clients.channel(target, "identity", source=CertificateSource(_files()))


def call(kind: str, target: str, calls: int, threads: int) -> None:
    """Warm up, say "ready", wait for "go" on stdin, make `calls` calls from `threads` threads, report."""
    import grpc

    from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
    from servicekit import clients
    from servicekit.logging import request_id_var

    authorization = f"Bearer {os.environ['BENCH_TOKEN']}"
    channel = _kit_channel(target) if kind == "kit" else _bare_channel(target)
    grpc.channel_ready_future(channel).result(timeout=10)
    stub = identity_pb2_grpc.IdentityServiceStub(channel)
    request = identity_pb2.GetMeRequest()

    def one(number: int) -> None:
        request_id_var.set(f"bench-{number:012d}")  # the gateway sets one per request
        if kind == "kit":
            metadata = clients.outgoing_metadata(authorization)
        else:
            metadata = [
                ("accept-language", "id"),
                ("x-request-id", request_id_var.get()),
                ("authorization", authorization),
            ]
        stub.GetMe(request, metadata=metadata, timeout=10)

    def worker(numbers) -> None:
        for number in numbers:
            one(number)

    def run(total: int) -> float:
        pool = [threading.Thread(target=worker, args=(range(i, total, threads),)) for i in range(threads)]
        started = time.perf_counter()
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        return time.perf_counter() - started

    run(WARM_UP_CALLS)
    print("ready", flush=True)
    sys.stdin.readline()
    cpu_before = time.process_time()
    wall = run(calls)
    cpu = time.process_time() - cpu_before
    print(json.dumps({"calls": calls, "cpu_seconds": cpu, "wall_seconds": wall}), flush=True)
    channel.close()


# -- the driver ---------------------------------------------------------------------------------


def _kind(name: str) -> tuple[str, str]:
    """ "kit" or "kit@/other/tree/libs/servicekit/src" (another servicekit, e.g. a worktree of the commit
    before a change, so before and after run in the same conditions): (kind, extra PYTHONPATH)."""
    kind, _, source = name.partition("@")
    return kind, source


def _env_for(name: str, env: dict) -> dict:
    source = _kind(name)[1]
    if not source:
        return env
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, (source, env.get("PYTHONPATH", ""))))}


def _start_server(name: str, env: dict, folder: pathlib.Path) -> tuple[subprocess.Popen, int]:
    kind = _kind(name)[0]
    tag = name.replace("/", "_").replace("@", "-")
    port_file = folder / f"port-{tag}"
    log = open(folder / f"server-{tag}.log", "ab")  # noqa: SIM115 - kept open for the process's life
    server = subprocess.Popen(
        [sys.executable, str(HERE), "serve", kind, str(port_file)], env=_env_for(name, env), stdout=log, stderr=log
    )
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text():
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{name} server did not start: see {folder / f'server-{tag}.log'}")
        time.sleep(0.05)
    server.kind = kind
    return server, int(port_file.read_text())


def _spy(folder: str | None, pids: dict[str, int]) -> list[subprocess.Popen]:
    """py-spy (in this venv) sampling each process until SIGINT: collapsed stacks, only the thread holding the GIL."""
    if not folder:
        return []
    spy = pathlib.Path(sys.executable).with_name("py-spy")
    pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
    spies = []
    for name, pid in pids.items():
        output = pathlib.Path(folder) / f"{name}.txt"
        argv = [
            str(spy),
            "record",
            "-p",
            str(pid),
            "-r",
            "500",
            "-f",
            "raw",
            "-o",
            str(output),
            "--nonblocking",
            "--gil",
        ]
        spies.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    time.sleep(1.0)  # py-spy attaches
    return spies


def _measure(server: subprocess.Popen, client_name: str, port: int, env: dict, args) -> tuple[float, float, float]:
    """(server us/call, client us/call, calls/s) of one run."""
    client_kind = _kind(client_name)[0]
    client = subprocess.Popen(
        [sys.executable, str(HERE), "call", client_kind, f"127.0.0.1:{port}", str(args.calls), str(args.threads)],
        env=_env_for(client_name, env),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if client.stdout.readline().strip() != "ready":
        raise RuntimeError(f"{client_kind} client failed to warm up")
    spies = _spy(args.profile, {f"server-{server.kind}": server.pid, f"client-{client_kind}": client.pid})
    server_before = cpu_of(server.pid)
    client.stdin.write("go\n")
    client.stdin.flush()
    result = json.loads(client.stdout.readline())
    server_cpu = cpu_of(server.pid) - server_before
    for spy in spies:
        spy.send_signal(signal.SIGINT)  # py-spy writes its profile on SIGINT
        spy.wait(timeout=30)
    client.wait(timeout=30)
    calls = result["calls"]
    return server_cpu / calls * 1e6, result["cpu_seconds"] / calls * 1e6, calls / result["wall_seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=6000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--servers", default="bare,kit")
    parser.add_argument("--clients", default="bare,kit")
    parser.add_argument("--profile", help="a folder: py-spy profiles (collapsed stacks) of each pairing's last round")
    args = parser.parse_args()

    from servicekit import testing, testing_pki

    minter = testing.TokenMinter()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="grpc-floor-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TLS_", "OTEL_"))}
    base["BENCH_JWKS"] = json.dumps(minter.jwks)
    base["BENCH_TOKEN"] = minter.token(subject="citizen-1", lifetime_seconds=3600)
    server_env = {**base, **testing_pki.process_env("identity"), "VAR_DIR": str(folder)}
    client_env = {**base, **testing_pki.process_env("gateway"), "VAR_DIR": str(folder)}

    servers = args.servers.split(",")
    clients = args.clients.split(",")
    print(f"{args.calls} calls from {args.threads} threads, median of {args.rounds} rounds; CPU us per call")
    started = {name: _start_server(name, server_env, folder) for name in servers}
    runs: dict[tuple[str, str], list] = {(s, c): [] for s in servers for c in clients}
    try:
        for _round in range(args.rounds):  # pairings interleaved: a busier minute spreads over all of them
            for server_name, client_name in runs:
                server, port = started[server_name]
                runs[server_name, client_name].append(_measure(server, client_name, port, client_env, args))
    finally:
        for server, _port in started.values():
            server.terminate()
            server.wait(timeout=15)
    width = max(len(name) for name in (*servers, *clients, "server"))
    print(
        f"{'server':>{width}} {'client':>{width}} {'server us':>10} {'client us':>10} {'total us':>10} {'calls/s':>8}"
    )
    for (server_name, client_name), measured in runs.items():
        server_us, client_us, rate = (statistics.median(r[i] for r in measured) for i in range(3))
        print(
            f"{server_name:>{width}} {client_name:>{width}} {server_us:10.0f} {client_us:10.0f} "
            f"{server_us + client_us:10.0f} {rate:8.0f}"
        )
    print(f"server logs: {folder}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        {"bare": serve_bare, "aio": serve_aio, "kit": serve_kit}[sys.argv[2]](sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "call":
        call(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        main()
