"""The citizen's rights under UU 27/2022: who read my data, and everything held about me."""

import pytest

from gorontalo_identity.service_layer import credentials, ektp, privacy, services
from servicekit.errors import NotFound

SITI_NIK = "7571014101900003"


@pytest.fixture
def siti_with_history(ident):
    """Siti with an account, one credential, one e-KTP check and one officer read."""
    siti = ident.at_level_two(ident.signup(phone="0812-3456-7890"))
    credential = credentials.issue(ident.uow(), ident.keys, ident.clock, siti.id)
    client, header = ident.api_client(name="Bank SulutGo")
    ektp.verify_ektp(
        ident.uow(),
        ident.clock,
        authorization=header,
        nik=SITI_NIK,
        full_name="Siti Rahma",
        birth_date="1990-01-01",
        purpose="Pembukaan rekening",
    )
    ident.officer(ident.agency(), "petugas.kota", ["75.71"], full_name="Petugas Kota")
    officer = ident.principal_of("petugas.kota")  # verified by the wall clock: log in before time moves
    ident.clock.advance(minutes=5)
    ektp.lookup_resident(ident.uow(), ident.clock, officer, nik=SITI_NIK, purpose="Verifikasi izin usaha")
    return siti, credential, client


def test_export_holds_account_resident_credentials_and_access_log(ident, siti_with_history):
    siti, credential, client = siti_with_history
    data = privacy.export(ident.uow(), siti.id)

    assert (data.account.id, data.account.nik, data.account.phone, data.account.full_name) == (
        siti.id,
        SITI_NIK,
        "+6281234567890",
        "Siti Rahma",
    )
    assert (data.resident.nik, data.resident.kk_number, data.resident.address, data.resident.village_code) == (
        SITI_NIK,
        ident.KOTA_KK,
        "Jl. Nani Wartabone 1",
        "75.71.01.1001",
    )
    assert [(c.id, c.token, c.revoked) for c in data.credentials] == [(credential.id, credential.token, False)]
    assert [(e.actor_role, e.actor_name, e.agency, e.purpose) for e in data.access_log] == [
        ("officer", "Petugas Kota", "DPMPTSP Kota Gorontalo", "Verifikasi izin usaha"),  # newest first
        ("relying_party", "Bank SulutGo", "Bank SulutGo", "Pembukaan rekening"),
    ]


def test_the_access_log_pages(ident, siti_with_history):
    siti, _, _ = siti_with_history
    first = privacy.access_log(ident.uow(), siti.id, 0, 1)
    second = privacy.access_log(ident.uow(), siti.id, 1, 1)
    assert [e.actor_role for e in first + second] == ["officer", "relying_party"]
    assert privacy.access_log(ident.uow(), siti.id, 2, 10) == []


def test_one_residents_reads_are_not_in_anothers_export(ident, siti_with_history):
    nur = ident.signup(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    data = privacy.export(ident.uow(), nur.id)
    assert data.access_log == [] and data.credentials == [] and data.resident.nik == ident.NUR_NIK


def test_a_revoked_credential_is_still_part_of_the_export(ident, siti_with_history):
    siti, credential, _ = siti_with_history
    credentials.revoke(ident.uow(), ident.clock, siti.id, credential.id)
    [exported] = privacy.export(ident.uow(), siti.id).credentials
    assert exported.revoked and exported.revoked_at == ident.clock()


def test_accounts_without_register_data_have_nothing_to_export(ident):
    # Citizens can only sign up from the register, so the accounts without a NIK are staff accounts.
    operator = services.create_staff(
        ident.uow(),
        ident.passwords,
        ident.clock,
        role="operator",
        username="operator",
        full_name="Operator Provinsi",
        password=ident.PASSWORD,
    )
    for account_id in (operator.id, "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(NotFound):
            privacy.export(ident.uow(), account_id)
        with pytest.raises(NotFound):
            privacy.access_log(ident.uow(), account_id, 0, 10)
