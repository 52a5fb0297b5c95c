"""The federation registry: instances owning region prefixes, validated when read."""

from __future__ import annotations

import pathlib

import pytest

from servicekit import config, federation

REPO = pathlib.Path(__file__).resolve().parents[4]
EXAMPLE = REPO / "deploy" / "federation.example.toml"

PROVINCE = '[[services.permits.instances]]\nname = "provinsi"\nagency = "75"\naddress = "p:1"\nregions = ["75"]\n'


def _kota(**overrides) -> str:
    fields = {"name": '"kota-gorontalo"', "agency": '"7571"', "address": '"k:1"', "regions": '["75.71"]'} | overrides
    return "[[services.permits.instances]]\n" + "".join(f"{key} = {value}\n" for key, value in fields.items())


def _load(tmp_path, text: str) -> federation.Federation:
    path = tmp_path / "services.toml"
    path.write_text(text, encoding="utf-8")
    return federation.load(str(path))


def test_the_example_file_validates_and_routes_by_the_longest_prefix():
    registry = federation.load(str(EXAMPLE))
    permits = registry.instances("permits")
    assert [i.name for i in permits] == ["provinsi", "kota-gorontalo"]
    assert registry.owner("permits", "75.71.01.1001").name == "kota-gorontalo"
    assert registry.owner("permits", "7571").name == "kota-gorontalo"
    assert registry.owner("permits", "75.04.01").name == "provinsi"
    assert registry.owner("complaints", "75.04.01").name == "pohuwato"
    assert registry.owner("permits", "31.71") is None
    assert registry.instance("complaints", "pohuwato").identity == "spiffe://gorontaloprov.go.id/agency/7504/complaints"
    # A bare address is the provincial instance.
    assert registry.provincial("tax").regions == ("75",)


def test_permit_numbers_name_their_owner_and_uuids_do_not():
    registry = federation.load(str(EXAMPLE))
    assert registry.owner_of_id("permits", "7571/DPMPTSP/2026/000123").name == "kota-gorontalo"
    assert registry.owner_of_id("permits", "7571-DPMPTSP-2026-000123").name == "kota-gorontalo"
    assert registry.owner_of_id("permits", "7504-DPMPTSP-2026-000001").name == "provinsi"
    assert registry.owner_of_id("permits", "75710123-aaaa-4bbb-8ccc-123456789abc") is None
    assert registry.owner_of_id("complaints", "GTO-7K3Q-95") is None


def test_an_officer_scope_is_the_instances_meeting_the_jurisdiction():
    registry = federation.load(str(EXAMPLE))
    names = lambda scope: [i.name for i in registry.within_scope("permits", scope)]  # noqa: E731
    # The province's instance keeps what Kota's officers' region had before Kota ran its own.
    assert names(["75.71.01"]) == ["provinsi", "kota-gorontalo"]
    assert names(["75.04"]) == ["provinsi"]
    assert [i.name for i in registry.within_scope("complaints", ["75.71"])] == ["provinsi"]
    assert names(None) == ["provinsi", "kota-gorontalo"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (PROVINCE + _kota(regions='["75.99"]'), r"regions: '75\.99' is not a Kemendagri region code"),
        (PROVINCE + _kota(regions='["7571"]'), r"'7571' is not a Kemendagri region code written with dots"),
        (PROVINCE + _kota(agency='"7504"'), r"75\.71 is outside agency 7504's own region 75\.04"),
        (PROVINCE + _kota(agency='"75.71"'), r"agency must be a province or regency kode"),
        (PROVINCE + _kota(name='"provinsi"', agency='"75"', regions='["75.71"]'), r"'provinsi' is used twice"),
        (PROVINCE + _kota() + _kota(name='"kota-2"'), r"region 75\.71 is owned by both 'kota-gorontalo' and 'kota-2'"),
        (_kota(), r"exactly one instance must be the province's"),
        (
            PROVINCE.replace('["75"]', '["75.01", "75.02", "75.03", "75.05"]') + _kota(),
            r"no instance owns 75\.04; every region",
        ),
        (PROVINCE + _kota(address='"no port"'), r"instances\[1\] \(kota-gorontalo\)\.address must be host:port"),
        (PROVINCE + _kota(colour='"red"'), r"unknown key\(s\) colour"),
        (PROVINCE + _kota(identity='"https://x"'), r"identity must be a spiffe:// URI"),
        ("[services.permits]\nmetrics_port = 1\n", r"services\.permits needs an address or instances"),
    ],
)
def test_a_broken_registry_is_refused_naming_the_file_key_and_reason(tmp_path, text, message):
    with pytest.raises(federation.FederationError, match=message) as refused:
        _load(tmp_path, text)
    assert str(tmp_path / "services.toml") in str(refused.value)
    assert "services.permits" in str(refused.value)


def test_a_province_owning_only_part_of_the_regions_is_refused_naming_the_gap(tmp_path):
    text = PROVINCE.replace('["75"]', '["75.01"]')
    with pytest.raises(federation.FederationError, match=r"no instance owns 75\.02, 75\.03, 75\.04, 75\.05, 75\.71"):
        _load(tmp_path, text)


def test_a_process_picks_its_instance_and_defaults_to_the_province(monkeypatch):
    monkeypatch.setenv("SERVICES_FILE", str(EXAMPLE))
    monkeypatch.delenv("PERMITS_ADDR", raising=False)
    monkeypatch.delenv("PERMITS_INSTANCE", raising=False)
    assert config.current_instance("permits").name == "provinsi"
    assert config.service_address("permits") == "127.0.0.1:50052"
    monkeypatch.setenv("PERMITS_INSTANCE", "kota-gorontalo")
    assert config.service_address("permits") == "permits.kotagorontalo.go.id:50052"
    monkeypatch.setenv("PERMITS_INSTANCE", "gorut")
    with pytest.raises(config.UnknownService, match="PERMITS_INSTANCE=gorut.*known: provinsi, kota-gorontalo"):
        config.current_instance("permits")


def test_the_repository_registry_is_one_provincial_instance_per_service(monkeypatch):
    monkeypatch.delenv("SERVICES_FILE", raising=False)
    registry = config.federation()
    assert all(len(registry.instances(name)) == 1 for name in registry.services)
    assert registry.provincial("permits").identity == "spiffe://gorontaloprov.go.id/agency/75/permits"
