"""deploy/k8s validates offline against the schemas of a pinned Kubernetes and the vendored CRDs,
and each overlay's rendered file is what its kustomization produces (issue 18, "Kubernetes")."""

from __future__ import annotations

import copy
import shutil
import subprocess

import jsonschema
import kubernetes_validate
import pytest

from . import manifests

FILES = manifests.manifest_files()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(manifests.K8S)) for p in FILES])
def test_every_manifest_validates(path):
    resources = manifests.documents(path)
    assert resources, f"{path} holds no resource"
    for resource in resources:
        manifests.validate(resource)


@pytest.mark.parametrize("overlay", manifests.overlay_names())
def test_rendered_overlay_is_current(overlay):
    expected = manifests.render.render(manifests.K8S / "overlays" / overlay)
    written = (manifests.K8S / "rendered" / f"{overlay}.yaml").read_text(encoding="utf-8")
    assert written == expected, "run: python deploy/k8s/render.py"


def _kustomize_command():
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        probe = subprocess.run(["kubectl", "kustomize", "--help"], capture_output=True, timeout=60)
        if probe.returncode == 0:
            return ["kubectl", "kustomize"]
    return None


@pytest.mark.parametrize("overlay", manifests.overlay_names())
def test_rendered_overlay_equals_kustomize_output(overlay):
    """Where kustomize runs, render.py's output is the same set of resources, field for field."""
    command = _kustomize_command()
    if command is None:
        pytest.skip("neither kustomize nor kubectl kustomize is installed: the rendered file is checked by render.py")
    done = subprocess.run(
        [*command, str(manifests.K8S / "overlays" / overlay)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    theirs = {manifests.render.identity(r): r for r in manifests.load_yaml_all(done.stdout)}
    ours = {manifests.render.identity(r): r for r in manifests.rendered(overlay)}
    assert sorted(ours) == sorted(theirs)
    for key, resource in ours.items():
        assert resource == theirs[key], key


def test_every_overlay_is_rendered():
    rendered = sorted(p.stem for p in (manifests.K8S / "rendered").glob("*.yaml"))
    assert rendered == manifests.overlay_names()


def _deployment():
    return next(r for r in manifests.rendered("province") if r["kind"] == "Deployment")


def test_the_check_refuses_an_unknown_field():
    broken = copy.deepcopy(_deployment())
    broken["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {"grpc": {"port": 1}}
    with pytest.raises(kubernetes_validate.ValidationError):
        manifests.validate(broken)


def test_the_check_refuses_a_wrong_type():
    broken = copy.deepcopy(_deployment())
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        manifests.validate(broken)


def test_the_crd_check_refuses_a_misspelt_field_and_a_bad_enum():
    cluster = next(r for r in manifests.rendered("province") if r["kind"] == "Cluster")
    misspelt = copy.deepcopy(cluster)
    misspelt["spec"]["instance"] = 3
    with pytest.raises(jsonschema.ValidationError):
        manifests.validate(misspelt)
    certificate = next(r for r in manifests.rendered("province") if r["kind"] == "Certificate")
    bad = copy.deepcopy(certificate)
    bad["spec"]["privateKey"]["algorithm"] = "DSA"
    with pytest.raises(jsonschema.ValidationError):
        manifests.validate(bad)
