"""The manifests and the code agree: environment variables, ports, probes and who may call whom.

Both sides are derived, never typed twice: the names the code reads come from its source (the same
AST walk as tests/docs/test_settings_documented.py), ports from deploy/services.toml and the code's
defaults, gRPC service names from each service's bootstrap and the compiled contracts.
"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from urllib.parse import urlparse

import pytest
from google.protobuf import descriptor_pool

from tests.docs.test_settings_documented import NOT_SETTINGS, SOURCES, _names_read

from . import manifests

SERVICES = tomllib.loads((manifests.ROOT / "deploy" / "services.toml").read_text(encoding="utf-8"))["services"]
OVERLAYS = manifests.overlay_names()
# Set only to be expanded into another variable ($(NAME)), e.g. a database password into its URL.
EXPANSION = re.compile(r"\$\(([A-Z0-9_]+)\)")


def _literals(path) -> set[str]:
    """Upper-case string constants: names the code reads through a loop or a table (servicekit.tls)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]{2,}", n.value)
    }


READ = set().union(*(_names_read(p) for p in SOURCES)) - NOT_SETTINGS
LITERALS = set().union(*(_literals(p) for p in SOURCES))


def _read_by_code(name: str) -> bool:
    if name in READ or name in LITERALS:
        return True
    for shape in (n for n in READ if "<*>" in n):  # f"{prefix}_LISTEN", f"SERVICE_SECRET_{name}"
        if re.fullmatch(re.escape(shape).replace(re.escape("<*>"), "[A-Z0-9_]+"), name):
            return True
    return False


def _has_database(name: str) -> bool:
    """A service with Alembic migrations keeps a database and gets a migrate Job; one without (assist,
    its index in memory) gets neither."""
    return (manifests.ROOT / f"svc-{name}" / "src" / f"gorontalo_{name}" / "migrations").is_dir()


def _ours(container: dict) -> bool:
    return "gorontalo/" in container["image"]


def _by_kind(overlay: str, kind: str) -> dict[str, dict]:
    return {r["metadata"]["name"]: r for r in manifests.rendered(overlay) if r["kind"] == kind}


def _secret_keys(overlay: str) -> dict[str, set[str]]:
    keys = {}
    for path in [manifests.K8S / "base" / "platform", manifests.K8S / "overlays" / overlay]:
        example = path / "secrets.example.yaml"
        if example.is_file():
            for secret in manifests.documents(example):
                keys[secret["metadata"]["name"]] = set(secret.get("stringData", {})) | set(secret.get("data", {}))
    return keys


def environment(overlay: str, container: dict) -> dict[str, str | None]:
    """Every variable the container gets: env, and the keys of its envFrom ConfigMaps and Secrets."""
    config_maps = _by_kind(overlay, "ConfigMap")
    secrets = _secret_keys(overlay)
    names: dict[str, str | None] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            names.update(config_maps[source["configMapRef"]["name"]]["data"])
        else:
            name = source["secretRef"]["name"]
            assert name in secrets, f"Secret {name} is not in a secrets.example.yaml"
            names.update(dict.fromkeys(secrets[name]))
    for variable in container.get("env", []):
        names[variable["name"]] = variable.get("value")
        reference = variable.get("valueFrom", {}).get("secretKeyRef")
        if reference:
            assert reference["key"] in secrets.get(reference["name"], ()), f"{reference} not in a secrets example"
    return names


def workloads(overlay: str):
    for resource in manifests.rendered(overlay):
        for container in manifests.containers(resource):
            if _ours(container):
                yield resource, container


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_variable_a_manifest_sets_is_read_by_the_code(overlay):
    unread = set()
    for resource, container in workloads(overlay):
        env = environment(overlay, container)
        expanded = {m for value in env.values() if value for m in EXPANSION.findall(value)}
        unread |= {f"{resource['metadata']['name']}: {n}" for n in env if n not in expanded and not _read_by_code(n)}
    assert not unread, sorted(unread)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_gets_its_database_listen_address_and_shared_back_ends(overlay):
    """What a cluster cannot leave to the defaults (SQLite in VAR_DIR, loopback listeners)."""
    deployments = _by_kind(overlay, "Deployment")
    services = [name for name in SERVICES if name in deployments]
    assert services, "no service in this overlay"
    for name in services:
        env = environment(overlay, deployments[name]["spec"]["template"]["spec"]["containers"][0])
        prefix = name.upper()
        if _has_database(name):
            assert env[f"{prefix}_DATABASE_URL"].startswith("postgresql://"), name
            assert urlparse(env[f"{prefix}_DATABASE_URL"]).path == f"/{name}"
        else:
            assert f"{prefix}_DATABASE_URL" not in env, name
        assert env[f"{prefix}_LISTEN"].startswith("0.0.0.0:"), name
        assert env["METRICS_HOST"] == "0.0.0.0", "Prometheus scrapes from another pod"
        for shared in ("NATS_URL", "REDIS_URL", "IDENTITY_ADDR", "TLS_CA_FILE", "TLS_CERT_FILE", "TLS_KEY_FILE"):
            assert shared in env, f"{name}: {shared}"


def test_no_variable_the_deployed_code_requires_is_left_unset():
    """os.environ[...] (no default) in what runs in a pod must be set; the bank simulator is a tool."""
    required = set()
    for path in SOURCES:
        if path.name == "bank_simulator.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        required |= {
            n.slice.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Subscript)
            and ast.unparse(n.value) == "os.environ"
            and isinstance(n.slice, ast.Constant)
            and isinstance(n.ctx, ast.Load)
        }
    set_somewhere = {n for _, c in workloads("province") for n in environment("province", c)}
    assert required <= set_somewhere, sorted(required - set_somewhere)


def _port(address: str) -> int:
    return int(address.rsplit(":", 1)[1])


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_ports_and_probes_match_the_registry_and_the_contracts(name):
    grpc_port, metrics_port = _port(SERVICES[name]["address"]), SERVICES[name]["metrics_port"]
    objects = {kind: _by_kind("province", kind)[name] for kind in ("Deployment", "Service", "NetworkPolicy")}
    pod = objects["Deployment"]["spec"]["template"]
    container = pod["spec"]["containers"][0]
    env = environment("province", container)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"grpc": grpc_port, "metrics": metrics_port}
    assert _port(env[f"{name.upper()}_LISTEN"]) == grpc_port
    assert _port(env[f"{name.upper()}_ADDR"]) == grpc_port
    assert int(env[f"{name.upper()}_METRICS_PORT"]) == metrics_port
    assert pod["metadata"]["annotations"]["prometheus.io/port"] == str(metrics_port)
    assert [p["port"] for p in objects["Service"]["spec"]["ports"]] == [grpc_port]
    assert objects["Service"]["spec"]["clusterIP"] == "None", "headless, for client-side round_robin"
    allowed = sorted(p["port"] for rule in objects["NetworkPolicy"]["spec"]["ingress"] for p in rule["ports"])
    assert allowed == sorted([grpc_port, metrics_port])

    bootstrap = importlib.import_module(f"gorontalo_{name}.bootstrap")
    importlib.import_module(f"gorontalo.{name}.v1.{name}_pb2")
    descriptor_pool.Default().FindServiceByName(bootstrap.SERVICE_NAME)  # raises when the contract has none
    probes = [container[p] for p in ("startupProbe", "livenessProbe", "readinessProbe")]
    assert all(p["grpc"]["port"] == grpc_port for p in probes)
    assert container["readinessProbe"]["grpc"]["service"] == bootstrap.SERVICE_NAME
    from servicekit import health

    assert (
        container["startupProbe"]["grpc"]["service"] == container["livenessProbe"]["grpc"]["service"] == health.LIVENESS
    )
    jobs = _by_kind("province", "Job")
    if not _has_database(name):
        assert f"{name}-migrate" not in jobs
        return
    job = jobs[f"{name}-migrate"]
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]


def _http_routes(module: str) -> set[str]:
    from flask import Flask

    app = Flask(__name__)
    app.register_blueprint(importlib.import_module(module).blueprint)
    return {rule.rule for rule in app.url_map.iter_rules()}


def _http_container(name: str) -> tuple[dict, dict]:
    container = _by_kind("province", "Deployment")[name]["spec"]["template"]["spec"]["containers"][0]
    return container, environment("province", container)


def test_gateway_web_and_streams_ports_and_probes_match_the_code():
    from gorontalo_web.config import WebSettings

    from gorontalo_gateway import config as gateway_config
    from gorontalo_gateway.streams import config as streams_config

    gateway, env = _http_container("gateway")
    assert {p["name"]: p["containerPort"] for p in gateway["ports"]} == {
        "http": _port(env["GATEWAY_BIND"]),
        "metrics": gateway_config.DEFAULT_METRICS_PORT,
    }
    assert int(env["GATEWAY_METRICS_PORT"]) == gateway_config.DEFAULT_METRICS_PORT
    routes = _http_routes("gorontalo_gateway.meta")
    assert {gateway["livenessProbe"]["httpGet"]["path"], gateway["readinessProbe"]["httpGet"]["path"]} <= routes
    assert set(env["GATEWAY_SERVICES"].split(",")) == set(SERVICES)

    streams, env = _http_container("streams")
    assert streams["args"] == ["streams"]
    assert {p["name"]: p["containerPort"] for p in streams["ports"]} == {
        "http": _port(streams_config.DEFAULT_BIND),
        "metrics": streams_config.DEFAULT_METRICS_PORT,
    }
    assert _port(env["GATEWAY_STREAMS_BIND"]) == _port(streams_config.DEFAULT_BIND)
    source = (manifests.ROOT / "gateway/src/gorontalo_gateway/streams/asgi.py").read_text(encoding="utf-8")
    for probe in ("livenessProbe", "readinessProbe"):
        assert f'request.path == "{streams[probe]["httpGet"]["path"]}"' in source

    web, env = _http_container("web")
    assert [p["containerPort"] for p in web["ports"]] == [_port(WebSettings().bind)] == [_port(env["WEB_BIND"])]
    web_routes = _http_routes("gorontalo_web.blueprints.health")
    assert {web["livenessProbe"]["httpGet"]["path"], web["readinessProbe"]["httpGet"]["path"]} <= web_routes
    assert urlparse(env["GATEWAY_URL"]).port == _port(_http_container("gateway")[1]["GATEWAY_BIND"])


def _callers_in_code() -> dict[str, set[str]]:
    """Who calls whom, read from each service's source: identity's address (JWKS, contacts), or
    service_address("<other>"); the gateway fronts every service it is given."""
    callers = {name: {"gateway"} for name in SERVICES}
    for caller in SERVICES:
        source = "\n".join(p.read_text(encoding="utf-8") for p in manifests.ROOT.glob(f"svc-{caller}/src/**/*.py"))
        for target in SERVICES:
            if target == caller:
                continue
            if f'service_address("{target}")' in source or (target == "identity" and "identity_addr" in source):
                callers[target].add(caller)
    return callers


def test_network_policies_admit_exactly_the_callers_the_code_has():
    policies = _by_kind("province", "NetworkPolicy")
    for target, expected in _callers_in_code().items():
        grpc_port = _port(SERVICES[target]["address"])
        rule = next(
            r for r in policies[target]["spec"]["ingress"] if {"port": grpc_port, "protocol": "TCP"} in r["ports"]
        )
        allowed = {peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for peer in rule["from"]}
        assert allowed == expected, target
    assert _callers_in_code()["tax"] == {"gateway", "permits", "assist"}
    assert _callers_in_code()["identity"] == {"gateway", *(set(SERVICES) - {"identity"})}


def test_metrics_are_never_routed_by_the_ingress():
    metrics_ports = {SERVICES[n]["metrics_port"] for n in SERVICES} | {9100, 9106}
    for ingress in _by_kind("province", "Ingress").values():
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["name"] in {"gateway", "web", "streams"}
                assert backend["port"].get("number") not in metrics_ports
                assert "metrics" not in path["path"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_certificates_name_each_process_by_its_spiffe_identity(overlay):
    from servicekit.pki.identity import PeerIdentity

    agency = _by_kind(overlay, "ConfigMap")["gorontalo-platform"]["data"]["AGENCY_CODE"]
    for certificate in _by_kind(overlay, "Certificate").values():
        name = certificate["metadata"]["name"]
        identity = PeerIdentity.of(name, agency)
        assert certificate["spec"]["uris"] == [identity.uri]
        assert identity.dns_name in certificate["spec"]["dnsNames"]
        assert certificate["spec"]["secretName"] == f"{name}-tls"
