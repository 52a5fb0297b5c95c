"""Render a kustomization the way `kubectl kustomize` does, for the features deploy/k8s uses.

Debian 12 ships no current kustomize and CI may have no kubectl, so each overlay's output is kept in
deploy/k8s/rendered/<overlay>.yaml, written by this script and checked to be current by
tests/deploy/test_manifests.py (which also compares it with kustomize's output where kustomize runs).

Supported, and nothing else (an unknown field is an error, never silently ignored):
  resources (files and directories holding a kustomization.yaml), namespace,
  labels (pairs, without selectors or templates), images (newName, newTag), patches (inline
  JSON 6902 operations with a kind/name target).

    python deploy/k8s/render.py            # rewrite every overlay's rendered file
    python deploy/k8s/render.py --check    # exit 1 when one is stale
"""

from __future__ import annotations

import argparse
import copy
import pathlib
import sys

import yaml

K8S = pathlib.Path(__file__).resolve().parent
OVERLAYS = K8S / "overlays"
RENDERED = K8S / "rendered"
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "patches"}
CLUSTER_SCOPED = {"Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "ClusterIssuer"}
# kustomize's legacy output order: what others depend on comes first.
KIND_ORDER = [
    "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
    "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
    "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
    "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
]  # fmt: skip
KIND_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]


class KustomizeError(ValueError):
    pass


def load_documents(path: pathlib.Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def build(directory: pathlib.Path) -> list[dict]:
    """The resources of the kustomization in `directory`, transformed as kustomize would."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise KustomizeError(f"{directory}: render.py does not implement {sorted(unknown)}")
    resources: list[dict] = []
    for entry in kustomization.get("resources", []):
        target = (directory / entry).resolve()
        resources += build(target) if target.is_dir() else load_documents(target)
    for patch in kustomization.get("patches", []):
        _apply_patch(resources, patch, directory)
    if "namespace" in kustomization:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = kustomization["namespace"]
    for label in kustomization.get("labels", []):
        if label.get("includeSelectors") or label.get("includeTemplates"):
            raise KustomizeError(f"{directory}: labels with selectors or templates are not implemented")
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
    for image in kustomization.get("images", []):
        for resource in resources:
            _set_image(resource, image)
    _refuse_duplicates(resources, directory)
    return resources


def _apply_patch(resources: list[dict], patch: dict, directory: pathlib.Path) -> None:
    if set(patch) != {"target", "patch"} or set(patch["target"]) - {"kind", "name"}:
        raise KustomizeError(f"{directory}: only inline JSON 6902 patches with a kind/name target: {patch}")
    matched = [r for r in resources if _matches(r, patch["target"])]
    if not matched:
        raise KustomizeError(f"{directory}: patch target {patch['target']} matches no resource")
    for resource in matched:
        for operation in yaml.safe_load(patch["patch"]):
            _json6902(resource, operation)


def _matches(resource: dict, target: dict) -> bool:
    return (
        target.get("kind", resource["kind"]) == resource["kind"]
        and target.get("name", resource["metadata"]["name"]) == resource["metadata"]["name"]
    )


def _json6902(document: dict, operation: dict) -> None:
    """RFC 6902 add, replace and remove (the operations the overlays use)."""
    *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in operation["path"].lstrip("/").split("/")]
    node = document
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    op = operation["op"]
    if isinstance(node, list):
        index = len(node) if last == "-" else int(last)
        if op == "add":
            node.insert(index, copy.deepcopy(operation["value"]))
        elif op == "replace":
            node[index] = copy.deepcopy(operation["value"])
        elif op == "remove":
            del node[index]
        else:
            raise KustomizeError(f"JSON 6902 op {op!r} is not implemented")
    elif op in ("add", "replace"):
        if op == "replace" and last not in node:
            raise KustomizeError(f"replace of a missing path {operation['path']}")
        node[last] = copy.deepcopy(operation["value"])
    elif op == "remove":
        del node[last]
    else:
        raise KustomizeError(f"JSON 6902 op {op!r} is not implemented")


def _set_image(node, image: dict) -> None:
    """kustomize's image transformer: every containers[]/initContainers[] image of that name."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers") and isinstance(value, list):
                for container in value:
                    name, _, _tag = container.get("image", "").partition(":")
                    if name == image["name"]:
                        container["image"] = image.get("newName", name) + (
                            f":{image['newTag']}" if "newTag" in image else (f":{_tag}" if _tag else "")
                        )
            else:
                _set_image(value, image)
    elif isinstance(node, list):
        for item in node:
            _set_image(item, image)


def identity(resource: dict) -> tuple[str, str, str, str]:
    metadata = resource["metadata"]
    return (resource["apiVersion"], resource["kind"], metadata.get("namespace", ""), metadata["name"])


def _refuse_duplicates(resources: list[dict], directory: pathlib.Path) -> None:
    seen = set()
    for resource in resources:
        key = identity(resource)
        if key in seen:
            raise KustomizeError(f"{directory}: {key} is defined twice")
        seen.add(key)


def _order(resource: dict) -> tuple:
    kind = resource["kind"]
    if kind in KIND_ORDER:
        rank = KIND_ORDER.index(kind)
    elif kind in KIND_LAST:
        rank = 1000 + KIND_LAST.index(kind)
    else:
        rank = len(KIND_ORDER)
    return (rank, kind, resource["metadata"].get("namespace", ""), resource["metadata"]["name"])


def render(overlay: pathlib.Path) -> str:
    resources = sorted(build(overlay), key=_order)
    header = (
        f"# Rendered from deploy/k8s/overlays/{overlay.name} by deploy/k8s/render.py: do not edit;\n"
        "# run `python deploy/k8s/render.py` after changing the base or the overlay.\n"
    )
    return header + "---\n".join(yaml.safe_dump(r, sort_keys=False, width=120) for r in resources)


def overlays() -> list[pathlib.Path]:
    return sorted(p for p in OVERLAYS.iterdir() if (p / "kustomization.yaml").is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail when a rendered file is not current")
    args = parser.parse_args(argv)
    stale = []
    for overlay in overlays():
        output = RENDERED / f"{overlay.name}.yaml"
        text = render(overlay)
        if args.check:
            if not output.is_file() or output.read_text(encoding="utf-8") != text:
                stale.append(str(output))
        else:
            RENDERED.mkdir(exist_ok=True)
            output.write_text(text, encoding="utf-8")
            print(f"wrote {output.relative_to(K8S.parent.parent)}")
    if stale:
        print("stale (run python deploy/k8s/render.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
