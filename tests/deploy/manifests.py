"""The Kubernetes manifests of deploy/k8s as data, and the schemas they are checked against."""

from __future__ import annotations

import copy
import functools
import importlib.util
import pathlib

import jsonschema
import kubernetes_validate
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
# The Kubernetes release the manifests must be valid for (kubernetes-validate's bundled schemas).
KUBERNETES_VERSION = "1.33.0"


def _load_render():
    spec = importlib.util.spec_from_file_location("deploy_k8s_render", K8S / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render = _load_render()


def documents(path: pathlib.Path) -> list[dict]:
    return render.load_documents(path)


def manifest_files() -> list[pathlib.Path]:
    """Every file of resources: base, overlays, examples, rendered output and the vendored CRDs."""
    return sorted(p for p in K8S.rglob("*.yaml") if p.name != "kustomization.yaml")


@functools.cache
def rendered(overlay: str) -> list[dict]:
    """Parsed once per test process: callers copy before they change anything."""
    return documents(K8S / "rendered" / f"{overlay}.yaml")


def overlay_names() -> list[str]:
    return [p.name for p in render.overlays()]


def secret_examples() -> list[dict]:
    return [d for p in K8S.rglob("secrets.example.yaml") for d in documents(p)]


def _strict(schema):
    """kubectl's strict field validation: an object schema refuses fields it does not list."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if (
                node.get("type") == "object"
                and "properties" in node
                and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")
            ):
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


@functools.cache
def custom_schemas() -> dict[tuple[str, str], dict]:
    """(apiVersion, kind) -> the strict openAPIV3Schema of each vendored CRD (deploy/k8s/crds)."""
    schemas = {}
    for path in sorted((K8S / "crds").glob("*.yaml")):
        for crd in documents(path):
            spec = crd["spec"]
            for version in spec["versions"]:
                key = (f"{spec['group']}/{version['name']}", spec["names"]["kind"])
                schemas[key] = _strict(version["schema"]["openAPIV3Schema"])
    return schemas


def validate(resource: dict) -> None:
    """Raise when the resource does not match its schema: Kubernetes' own (strict) or a vendored CRD's."""
    key = (resource.get("apiVersion"), resource.get("kind"))
    schema = custom_schemas().get(key)
    if schema is not None:
        jsonschema.validate(resource, schema, cls=jsonschema.Draft7Validator)
        return
    kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def containers(resource: dict) -> list[dict]:
    """The containers of a workload (Deployment, StatefulSet, Job, CronJob)."""
    spec = resource.get("spec", {})
    if resource["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec.get("template", {}).get("spec", {}).get("containers", [])


def load_yaml(text: str):
    return yaml.safe_load(text)


def load_yaml_all(text: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(text) if doc]
