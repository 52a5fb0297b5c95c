"""A service's worker Deployments (permits' pre-check, issue 22): the service's image running another
command of its CLI, with the service's configuration, keys and certificate, and no traffic to it.

A worker is a Deployment whose container runs a service's image under another name than the service's.
Both sides are derived: the command from the service's console script, the callers it needs from the
source of that command's function in the service's CLI.
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import subprocess

import pytest

from . import manifests
from .test_drift import OVERLAYS, SERVICES, _by_kind, environment


def _image_name(container: dict) -> str | None:
    """permits for gorontalo/permits or registry.gorontaloprov.go.id/gorontalo/permits:0.1.0; None if not ours."""
    if "gorontalo/" not in container["image"]:
        return None
    return container["image"].rsplit("/", 1)[1].split(":")[0]


def _workers(overlay: str) -> list[tuple[str, dict, dict]]:
    """(service, worker Deployment, the service's own Deployment)."""
    deployments = _by_kind(overlay, "Deployment")
    found = []
    for name, deployment in deployments.items():
        image = _image_name(deployment["spec"]["template"]["spec"]["containers"][0])
        if image in SERVICES and name != image:
            found.append((image, deployment, deployments[image]))
    return found


def _pod(deployment: dict) -> tuple[dict, dict]:
    template = deployment["spec"]["template"]
    return template, template["spec"]["containers"][0]


def _selects(selector: dict, labels: dict) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def _selects_pod(pod_selector: dict, labels: dict) -> bool:
    """A NetworkPolicy's podSelector: the empty one selects every pod of the namespace."""
    assert set(pod_selector) <= {"matchLabels"}, "matchExpressions: not read here"
    return all(labels.get(key) == value for key, value in pod_selector.get("matchLabels", {}).items())


def test_the_province_runs_the_permits_pre_check_worker():
    assert [(service, d["metadata"]["name"]) for service, d, _ in _workers("province")] == [
        ("permits", "permits-precheck")
    ]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_worker_runs_a_command_its_service_s_cli_has(overlay):
    for service, worker, _server in _workers(overlay):
        args = _pod(worker)[1]["args"]
        assert args[0] not in {"serve", "migrate"}, worker["metadata"]["name"]
        script = shutil.which(f"gorontalo-{service}", path=str(manifests.ROOT / ".venv" / "bin"))
        assert script, f"gorontalo-{service} is not installed: make install"
        done = subprocess.run([script, *args, "--help"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_worker_has_its_service_s_configuration_keys_and_certificate(overlay):
    for service, worker, server in _workers(overlay):
        (worker_pod, worker_container), (server_pod, server_container) = _pod(worker), _pod(server)
        listen = f"{service.upper()}_LISTEN"
        server_env = {k: v for k, v in environment(overlay, server_container).items() if k != listen}
        assert environment(overlay, worker_container) == server_env
        assert worker_container["envFrom"] == server_container["envFrom"]

        def secrets(pod, container):
            volumes = {v["name"]: v.get("secret") for v in pod["spec"]["volumes"]}
            return {m["mountPath"]: volumes[m["name"]] for m in container["volumeMounts"] if volumes[m["name"]]}

        assert secrets(worker_pod, worker_container) == secrets(server_pod, server_container)
        mounted = {s["secretName"] for s in secrets(worker_pod, worker_container).values()}
        assert {f"{service}-tls", f"{service}-keys"} <= mounted, "its certificate and its service's keys"
        assert worker_pod["spec"]["securityContext"] == server_pod["spec"]["securityContext"]
        assert worker_container["securityContext"] == server_container["securityContext"]
        # One reader: the worker claims no document, two would read each one twice (even mid-rollout).
        assert worker["spec"]["replicas"] == 1 and worker["spec"]["strategy"] == {"type": "Recreate"}
        assert not [
            h
            for h in _by_kind(overlay, "HorizontalPodAutoscaler").values()
            if h["spec"]["scaleTargetRef"]["name"] == worker["metadata"]["name"]
        ]
        limits, requests = worker_container["resources"]["limits"], worker_container["resources"]["requests"]
        assert set(limits) == set(requests) == {"cpu", "memory"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_nothing_is_routed_to_a_worker(overlay):
    services = _by_kind(overlay, "Service").values()
    policies = _by_kind(overlay, "NetworkPolicy").values()
    for _service, worker, _server in _workers(overlay):
        pod, container = _pod(worker)
        labels = pod["metadata"]["labels"]
        assert "ports" not in container and not {"readinessProbe", "startupProbe"} & set(container)
        assert not [s["metadata"]["name"] for s in services if _selects(s["spec"].get("selector", {}), labels)]
        # Selected by a policy (the platform's default-deny-ingress selects every pod), admitted by none.
        isolating = [p for p in policies if _selects_pod(p["spec"]["podSelector"], labels)]
        assert isolating and all("Ingress" in p["spec"]["policyTypes"] for p in isolating)
        assert not [p["metadata"]["name"] for p in isolating if p["spec"].get("ingress")]


def _called_by(service: str, command: str) -> set[str]:
    """The services the command's function in the service's CLI calls (identity_addr, service_address)."""
    cli = importlib.import_module(f"gorontalo_{service}.entrypoints.cli")
    source = inspect.getsource(getattr(cli, command.replace("-", "_")))
    return {
        target
        for target in SERVICES
        if f'service_address("{target}")' in source or (target == "identity" and "identity_addr" in source)
    }


def test_the_services_a_worker_calls_admit_it():
    policies = _by_kind("province", "NetworkPolicy")
    for service, worker, _server in _workers("province"):
        labels = _pod(worker)[0]["metadata"]["labels"]
        admitting = {
            name
            for name, policy in policies.items()
            for rule in policy["spec"].get("ingress", [])
            for peer in rule.get("from", [])
            if _selects(peer.get("podSelector", {}).get("matchLabels", {}), labels)
        }
        expected = _called_by(service, _pod(worker)[1]["args"][0])
        assert admitting & set(SERVICES) == expected, worker["metadata"]["name"]
        assert {"nats", "gorontalo-pg"} <= admitting, "its database and broker, as its service's pods"
    assert _called_by("permits", "precheck-worker") == {"identity"}
