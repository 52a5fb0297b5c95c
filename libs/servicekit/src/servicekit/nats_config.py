"""The nats-server configuration the platform ships, rendered for one machine.

deploy/nats/server.conf is the fixed part; this module writes beside it, into one folder, the parts
that depend on the machine and on the registry: local.conf (listen, JetStream store), tls.conf (the
server's certificate from the provincial CA, `verify_and_map`) and authorization.conf (one user per
service instance, named by its certificate identity, with the permissions deploy/nats/permissions.toml
gives its service). `make run` and the tests run nats-server on what `render` returns:

    python -m servicekit.nats_config --var-dir var --port 4223     # prints the config file's path

A node of the 3-node JetStream cluster gets, besides, deploy/nats/cluster.conf with its routes.conf
(route listen address, the routes to every node) and its own server name and store:

    python -m servicekit.nats_config --var-dir var/nats-1 --port 4231 --server-name gorontalo-nats-1 \
        --cluster-port 6231 --route nats-route://10.0.0.1:6231 --route ... --route ...

A user's permissions, in subjects (S is the stream, d one of its durables, f that durable's filter):
- publish its service's own subjects, and deadletter.d for what its consumers park;
- its own consumers only: $JS.API.CONSUMER.{INFO,MSG.NEXT}.S.d, $JS.ACK.S.d.>, and creating d only
  through $JS.API.CONSUMER.CREATE.S.d.f: the server checks the filter in the subject equals the one in
  the request, so a consumer cannot be widened to read what the service does not consume;
- the platform-wide events ([platform].read) through consumers of its own, CREATE.S.*.<event>;
- replies on its own inbox prefix only (_INBOX.<kode>-<service>), so nobody reads another's replies;
- streams: info for everyone, create/update for the province's users only; delete and purge for nobody.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass

from .consumers import instance_durable
from .jetstream import DEAD_LETTER_STREAM_SUFFIX
from .nats_connection import inbox_prefix
from .pki import PROVINCE, PeerIdentity, TlsFiles

DEFAULT_DEPLOY_DIR = pathlib.Path("deploy/nats")
DEFAULT_STREAM = "GORONTALO"
# The NATS processes that are not a service instance of the registry, each the province's.
PROVINCIAL_CLIENTS = ("gateway",)


@dataclass(frozen=True)
class ClusterNode:
    """A server's place in the JetStream cluster: where it listens for routes, and the routes to
    every node (its own included: the server skips itself), nats-route://host:port each."""

    port: int
    routes: tuple[str, ...]


@dataclass(frozen=True)
class NatsUser:
    """One service instance as NATS knows it: its certificate identity is its user name."""

    identity: PeerIdentity
    instance: str  # the registry's instance name, e.g. "provinsi", "kota-gorontalo"

    @property
    def service(self) -> str:
        return self.identity.service

    @property
    def provincial(self) -> bool:
        return self.identity.agency == PROVINCE

    @classmethod
    def of(cls, service: str, agency: str = PROVINCE, instance: str = "provinsi") -> NatsUser:
        return cls(PeerIdentity.of(service, agency), instance)


def load_rules(deploy_dir: pathlib.Path = DEFAULT_DEPLOY_DIR) -> dict:
    return tomllib.loads((pathlib.Path(deploy_dir) / "permissions.toml").read_text(encoding="utf-8"))


def durables(rules: dict, user: NatsUser) -> dict[str, str]:
    """{durable name of this instance: its filter subject}."""
    service = rules["services"].get(user.service, {})
    return {
        instance_durable(base, None if user.provincial else user.instance): subject
        for base, subject in (service.get("consumers") or {}).items()
    }


def permissions(rules: dict, user: NatsUser, stream: str = DEFAULT_STREAM) -> dict:
    if user.service not in rules["services"]:
        raise KeyError(f"deploy/nats/permissions.toml has no [services.{user.service}]")
    service = rules["services"][user.service]
    dead_letters = stream + DEAD_LETTER_STREAM_SUFFIX
    api = "$JS.API"
    publish = list(service.get("publish") or [])
    publish += [f"{api}.STREAM.INFO.{stream}", f"{api}.STREAM.INFO.{dead_letters}"]
    for durable, subject in durables(rules, user).items():
        publish += [
            f"deadletter.{durable}",
            f"{api}.CONSUMER.CREATE.{stream}.{durable}.{subject}",
            f"{api}.CONSUMER.INFO.{stream}.{durable}",
            f"{api}.CONSUMER.MSG.NEXT.{stream}.{durable}",
            f"$JS.ACK.{stream}.{durable}.>",
        ]
    publish += [f"{api}.CONSUMER.CREATE.{stream}.*.{subject}" for subject in rules["platform"]["read"]]
    if service.get("read_stream"):
        publish += [
            f"{api}.CONSUMER.CREATE.{stream}",  # ordered consumers, any filter: the province's readers
            f"{api}.STREAM.MSG.GET.{stream}",
            f"{api}.DIRECT.GET.{stream}",
            f"$JS.FC.{stream}.>",  # ordered consumers' flow control
        ]
    if user.provincial:
        publish += [f"{api}.STREAM.{verb}.{name}" for verb in ("CREATE", "UPDATE") for name in (stream, dead_letters)]
    return {
        "publish": {
            "allow": publish,
            # Implied by the allow list; said again so that no later allow entry can open them.
            "deny": [f"{api}.STREAM.DELETE.>", f"{api}.STREAM.PURGE.>", f"{api}.CONSUMER.DELETE.>"],
        },
        "subscribe": {"allow": [inbox_prefix(user.identity) + ".>"]},
    }


def authorization(rules: dict, users: Iterable[NatsUser], stream: str = DEFAULT_STREAM) -> dict:
    return {
        "users": [
            {"user": user.identity.uri, "permissions": permissions(rules, user, stream)}
            for user in sorted(set(users), key=lambda u: u.identity.uri)
        ]
    }


def registry_users() -> list[NatsUser]:
    """Every instance of the services registry (SERVICES_FILE), and the province's other NATS clients."""
    from .config import federation

    users = [
        NatsUser(PeerIdentity.parse(instance.identity), instance.name)
        for instances in federation().services.values()
        for instance in instances
    ]
    return users + [NatsUser.of(name) for name in PROVINCIAL_CLIENTS]


def _quoted(path: pathlib.Path) -> str:
    return json.dumps(str(pathlib.Path(path).resolve()))


def render(
    out_dir: str | pathlib.Path,
    *,
    server_tls: TlsFiles,
    users: Iterable[NatsUser],
    port: int,
    store_dir: str | pathlib.Path,
    host: str = "127.0.0.1",
    server_name: str = "gorontalo-nats-1",
    stream: str = DEFAULT_STREAM,
    deploy_dir: str | pathlib.Path = DEFAULT_DEPLOY_DIR,
    cluster: ClusterNode | None = None,
    monitor_port: int | None = None,
) -> pathlib.Path:
    """Write the configuration into out_dir; returns the server.conf to run nats-server with (-c).

    `cluster` makes it a node of the JetStream cluster (deploy/nats/cluster.conf); `monitor_port`
    opens nats-server's HTTP endpoints (/healthz) on `host`."""
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    deploy_dir = pathlib.Path(deploy_dir)
    shutil.copyfile(deploy_dir / "server.conf", out / "server.conf")
    local = (
        f"server_name: {json.dumps(server_name)}\n"
        f"host: {json.dumps(host)}\n"
        f"port: {int(port)}\n"
        f"jetstream {{\n  store_dir: {_quoted(store_dir)}\n}}\n"
    )
    if monitor_port is not None:
        local += f"http: {json.dumps(f'{host}:{int(monitor_port)}')}\n"
    (out / "tls_files.conf").write_text(
        f"cert_file: {_quoted(server_tls.cert)}\n"
        f"key_file: {_quoted(server_tls.key)}\n"
        f"ca_file: {_quoted(server_tls.ca)}\n",
        encoding="utf-8",
    )
    if cluster is not None:
        shutil.copyfile(deploy_dir / "cluster.conf", out / "cluster.conf")
        (out / "routes.conf").write_text(
            f"listen: {json.dumps(f'{host}:{int(cluster.port)}')}\nroutes: {json.dumps(list(cluster.routes))}\n",
            encoding="utf-8",
        )
        local += 'include "cluster.conf"\n'
    (out / "local.conf").write_text(local, encoding="utf-8")
    (out / "tls.conf").write_text(
        "tls {\n"
        '  include "tls_files.conf"\n'
        # A client must present a certificate of the provincial CA, and its identity is its user.
        "  verify_and_map: true\n"
        "  timeout: 2\n"
        "}\n",
        encoding="utf-8",
    )
    rendered = json.dumps(authorization(load_rules(deploy_dir), users, stream), indent=2)
    (out / "authorization.conf").write_text(f"authorization {rendered}\n", encoding="utf-8")
    return out / "server.conf"


def render_for_var_dir(
    var_dir: str | pathlib.Path,
    *,
    port: int,
    host: str = "127.0.0.1",
    server_name: str = "gorontalo-nats-1",
    cluster: ClusterNode | None = None,
) -> pathlib.Path:
    """`make run`'s server (or one node of a cluster): certificate from the dev CA in VAR_DIR/pki,
    store in VAR_DIR/nats."""
    from .pki import dev

    var_dir = pathlib.Path(var_dir)
    server_tls = dev.ensure_material(var_dir, "nats")
    return render(
        var_dir / "nats" / "conf",
        server_tls=server_tls,
        users=registry_users(),
        port=port,
        host=host,
        server_name=server_name,
        store_dir=var_dir / "nats" / "jetstream",
        cluster=cluster,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servicekit.nats_config", description=__doc__.split("\n")[0])
    parser.add_argument("--var-dir", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--server-name", default="gorontalo-nats-1", help="unique per node of a cluster")
    parser.add_argument("--cluster-port", type=int, help="a cluster node: where it listens for routes")
    parser.add_argument("--route", action="append", default=[], help="nats-route://host:port of each node")
    args = parser.parse_args(argv)
    if bool(args.cluster_port) != bool(args.route):
        parser.error("a cluster node needs both --cluster-port and its --route list")
    cluster = ClusterNode(args.cluster_port, tuple(args.route)) if args.cluster_port else None
    print(
        render_for_var_dir(args.var_dir, port=args.port, host=args.host, server_name=args.server_name, cluster=cluster)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
