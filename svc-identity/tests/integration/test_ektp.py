"""e-KTP checks by relying parties and officers' reads of the register, each one recorded."""

import base64

import pytest

from gorontalo_identity.adapters.tables import access_log, ektp_checks
from gorontalo_identity.service_layer import ektp, privacy
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, NotFound, PermissionDenied, ResourceExhausted, Unauthenticated

SITI_NIK = "7571014101900003"
PURPOSE = "Pembukaan rekening tabungan"


def _verify(ident, authorization, **overrides):
    data = {"nik": SITI_NIK, "full_name": "Siti Rahma", "birth_date": "1990-01-01", "purpose": PURPOSE} | overrides
    return ektp.verify_ektp(ident.uow(), ident.clock, authorization=authorization, **data)


def _outcomes(ident):
    return [r.outcome for r in sorted(ident.rows(ektp_checks), key=lambda r: r.id)]


@pytest.fixture
def bank(ident):
    """(client, Authorization header value) of a relying party."""
    return ident.api_client()


@pytest.mark.parametrize(
    "overrides,expected",
    [
        ({}, True),
        ({"full_name": "  SITI rahma "}, True),
        ({"full_name": "Siti Rahmawati"}, False),
        ({"birth_date": "1990-01-02"}, False),
        ({"nik": "7571014101900004"}, False),  # well formed, not in the register
        ({"nik": "7571014201900004", "full_name": "Nur Aini", "birth_date": "1990-01-02"}, True),
    ],
)
def test_verify_ektp_answers_only_match_or_no_match(ident, bank, overrides, expected):
    answer = _verify(ident, bank[1], **overrides)
    assert answer is expected  # a bool, never the record


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Basic",
        "Bearer abc.def.ghi",
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"rp_unknown:secret").decode(),
        "Basic " + base64.b64encode(b"no-colon-at-all").decode(),
    ],
)
def test_missing_or_malformed_client_credentials_are_unauthenticated(ident, bank, authorization):
    with pytest.raises(Unauthenticated) as caught:
        _verify(ident, authorization)
    assert caught.value.reason == "client_unauthenticated"
    assert ident.count(ektp_checks) == 0 and ident.count(access_log) == 0


def test_a_wrong_secret_of_a_real_client_is_unauthenticated(ident, bank):
    client, _ = bank
    with pytest.raises(Unauthenticated) as caught:
        _verify(ident, ident.basic(client.id, "not-the-secret"))
    assert caught.value.reason == "client_unauthenticated"
    other, other_header = ident.api_client(name="RS Aloei Saboe")
    with pytest.raises(Unauthenticated):  # another client's secret
        _verify(ident, ident.basic(client.id, base64.b64decode(other_header[6:]).decode().partition(":")[2]))
    assert ident.count(ektp_checks) == 0


def test_non_ascii_basic_credentials_are_unauthenticated(ident, bank):
    with pytest.raises(Unauthenticated):
        _verify(ident, "Basic \u00e9t\u00e9")


def test_the_rate_limit_is_per_client_and_per_minute(ident):
    client, header = ident.api_client(rate_limit_per_minute=3)
    _, other_header = ident.api_client(name="RS Aloei Saboe", rate_limit_per_minute=3)
    for _ in range(3):
        assert _verify(ident, header) is True
    with pytest.raises(ResourceExhausted) as caught:
        _verify(ident, header)
    assert (caught.value.reason, caught.value.params) == ("client_rate_limited", {"limit": 3})
    assert _verify(ident, other_header) is True  # another client has its own budget
    ident.clock.advance(seconds=61)
    assert _verify(ident, header) is True
    assert [
        (r.client_id, r.outcome)
        for r in sorted(ident.rows(ektp_checks), key=lambda r: r.id)
        if r.client_id == client.id
    ] == [(client.id, "match")] * 3 + [(client.id, "rate_limited"), (client.id, "match")]


def test_the_window_slides(ident):
    _, header = ident.api_client(rate_limit_per_minute=3)
    for _ in range(3):
        _verify(ident, header)
        ident.clock.advance(seconds=20)
    # t=60: the check at t=0 is exactly a minute old and still counts.
    with pytest.raises(ResourceExhausted):
        _verify(ident, header)


def test_refused_attempts_do_not_use_up_the_budget(ident):
    _, header = ident.api_client(rate_limit_per_minute=3)
    for _ in range(3):
        _verify(ident, header)  # t = 0, 1, 2
        ident.clock.advance(seconds=1)
    ident.clock.advance(seconds=27)
    with pytest.raises(ResourceExhausted):
        _verify(ident, header)  # t = 30: the limit is reached, rightly refused
    ident.clock.advance(seconds=31)
    # t = 61: only the checks at t = 1 and t = 2 were served within the last minute.
    assert _verify(ident, header) is True


def test_every_authenticated_call_is_recorded_with_its_outcome(ident, bank):
    client, header = bank
    _verify(ident, header)
    _verify(ident, header, full_name="Orang Lain")
    _verify(ident, header, nik="7571014101900099")
    with pytest.raises(InvalidArgument) as caught:
        _verify(ident, header, nik="123", purpose="")
    assert {(v.field, v.reason) for v in caught.value.violations} == {
        ("nik", "nik_not_16_digits"),
        ("purpose", "required"),
    }
    rows = sorted(ident.rows(ektp_checks), key=lambda r: r.id)
    assert [(r.client_id, r.outcome) for r in rows] == [
        (client.id, "match"),
        (client.id, "no_match"),
        (client.id, "no_match"),
        (client.id, "invalid"),
    ]
    assert [r.purpose for r in rows[:3]] == [PURPOSE] * 3
    assert rows[0].nik_index == rows[1].nik_index != rows[2].nik_index and rows[3].nik_index is None
    assert all(SITI_NIK not in " ".join(map(str, row)) for row in rows)  # keyed hash only
    assert [r.at for r in rows] == [rows[0].at] * 4


@pytest.mark.parametrize("padding", [0, 2])
def test_a_purpose_at_the_length_limit_is_accepted(request, ident, bank, padding):
    # 200 characters is the documented maximum; surrounding spaces are not part of the purpose.
    purpose = " " * padding + "p" * 200
    assert _verify(ident, bank[1], purpose=purpose) is True
    [row] = ident.rows(ektp_checks)
    assert row.purpose.strip() == "p" * 200


def test_a_check_on_a_registered_resident_shows_in_their_access_log(ident, bank):
    client, header = bank
    siti = ident.signup()
    nur = ident.signup(nik="7571014201900004", full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    _verify(ident, header, purpose="  Pembukaan rekening tabungan  ")
    _verify(ident, header, full_name="Nama Keliru", purpose="Pengajuan kredit usaha")  # no match: still logged
    _verify(ident, header, nik="7571014101900099")  # not in the register: nobody to tell

    entries = privacy.access_log(ident.uow(), siti.id, 0, 10)
    assert [(e.actor_role, e.actor_id, e.actor_name, e.agency, e.purpose) for e in entries] == [
        ("relying_party", client.id, client.name, client.name, "Pengajuan kredit usaha"),
        ("relying_party", client.id, client.name, client.name, PURPOSE),
    ]
    assert entries[0].at == ident.clock()
    assert privacy.access_log(ident.uow(), nur.id, 0, 10) == []
    assert ident.count(access_log) == 2


# -- officers and operators reading the register ----------------------------------------------------


@pytest.fixture
def staff(ident):
    """Principals from real access tokens: officers of Kota Gorontalo and of Pohuwato, an operator."""
    from gorontalo_identity.service_layer import services

    kota = ident.agency()
    pohuwato = ident.agency(code="dpmptsp-7504", name="DPMPTSP Kabupaten Pohuwato", region_code="75.04")
    ident.officer(kota, "petugas.kota", ["75.71"], full_name="Petugas Kota")
    ident.officer(pohuwato, "petugas.pohuwato", ["75.04"], full_name="Petugas Pohuwato")
    services.create_staff(
        ident.uow(),
        ident.passwords,
        ident.clock,
        role="operator",
        username="operator",
        full_name="Operator Provinsi",
        password=ident.PASSWORD,
    )
    return {name: ident.principal_of(name) for name in ("petugas.kota", "petugas.pohuwato", "operator")}


def _lookup(ident, principal, nik=SITI_NIK, purpose="Verifikasi berkas izin usaha"):
    return ektp.lookup_resident(ident.uow(), ident.clock, principal, nik=nik, purpose=purpose)


def test_an_officer_outside_their_jurisdiction_is_refused_and_nothing_is_logged(ident, staff):
    siti = ident.signup()
    with pytest.raises(PermissionDenied) as caught:
        _lookup(ident, staff["petugas.pohuwato"])  # Siti lives in 75.71.01.1001
    assert caught.value.reason == "outside_jurisdiction"
    assert privacy.access_log(ident.uow(), siti.id, 0, 10) == [] and ident.count(access_log) == 0


def test_an_officer_within_their_jurisdiction_reads_and_is_shown_to_the_resident(ident, staff):
    siti = ident.signup()
    officer = staff["petugas.kota"]
    resident = _lookup(ident, officer, purpose=" Verifikasi berkas izin usaha ")
    assert (resident.nik, resident.kk_number, resident.full_name, resident.village_code) == (
        SITI_NIK,
        "7571010101100001",
        "Siti Rahma",
        "75.71.01.1001",
    )
    [entry] = privacy.access_log(ident.uow(), siti.id, 0, 10)
    assert (entry.actor_role, entry.actor_id, entry.actor_name, entry.agency, entry.purpose, entry.at) == (
        "officer",
        officer.subject,
        "Petugas Kota",
        "DPMPTSP Kota Gorontalo",
        "Verifikasi berkas izin usaha",
        ident.clock(),
    )


def test_the_pohuwato_officer_reads_a_pohuwato_resident(ident, staff):
    assert _lookup(ident, staff["petugas.pohuwato"], nik=ident.AHMAD_NIK).regency_code == "75.04"
    with pytest.raises(PermissionDenied):
        _lookup(ident, staff["petugas.kota"], nik=ident.AHMAD_NIK)
    assert ident.count(access_log) == 1


def test_an_operator_reads_anywhere_and_is_logged(ident, staff):
    siti = ident.signup()
    assert _lookup(ident, staff["operator"]).nik == SITI_NIK
    assert _lookup(ident, staff["operator"], nik=ident.AHMAD_NIK).nik == ident.AHMAD_NIK
    [entry] = privacy.access_log(ident.uow(), siti.id, 0, 10)
    assert (entry.actor_role, entry.actor_name, entry.agency) == ("operator", "Operator Provinsi", "")


def test_an_unknown_nik_is_not_found(ident, staff):
    for principal in staff.values():
        with pytest.raises(NotFound):
            _lookup(ident, principal, nik="7571014101900099")
    assert ident.count(access_log) == 0


@pytest.mark.parametrize("role", ["citizen", "admin"])
def test_other_roles_may_not_read_the_register(ident, role):
    with pytest.raises(PermissionDenied):
        _lookup(ident, Principal(subject="someone", role=role))
    assert ident.count(access_log) == 0


def test_a_lookup_needs_a_well_formed_nik_and_a_purpose(ident, staff):
    with pytest.raises(InvalidArgument) as caught:
        _lookup(ident, staff["operator"], nik="75710141019", purpose="cek")
    assert {(v.field, v.reason) for v in caught.value.violations} == {
        ("nik", "nik_not_16_digits"),
        ("purpose", "too_short"),
    }
