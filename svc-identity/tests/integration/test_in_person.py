"""Issue 14: level 2 from an in-person check by a kelurahan or Disdukcapil officer, a takeover repaired by
one, a phone changed with codes to both numbers, and accounts from before codes verifying at log-in."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from gorontalo_identity.adapters.tables import accounts, credentials
from gorontalo_identity.service_layer import assurance, phone, privacy, services, sessions
from gorontalo_identity.service_layer import credentials as credential_cases
from servicekit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied, Unauthenticated

PHONE = "081234567890"


def _refused(call, *args, **kwargs):
    with pytest.raises(Exception) as caught:
        call(*args, **kwargs)
    return caught.value


def _confirm(ident, officer, challenge, nik=None, **extra):
    return assurance.confirm_in_person_check(
        ident.uow(),
        ident.clock,
        officer,
        challenge=challenge,
        nik=nik or ident.SITI_NIK,
        purpose="Aktivasi IKD di loket",
        **extra,
    )


def test_a_kelurahan_officer_checks_a_resident_in_person_and_it_is_in_her_access_log(ident):
    siti = ident.signup()
    citizen = ident.principal_of(ident.SITI_NIK)
    officer = ident.desk_officer()
    started = assurance.start_in_person_check(ident.uow(), ident.clock, citizen)
    assert started.expires_at == ident.clock() + dt.timedelta(minutes=10)
    assert assurance.own_challenge(ident.uow(), ident.clock, citizen, started.challenge) == started.challenge

    checked = _confirm(ident, officer, started.challenge)
    assert checked.acr == 2 and ident.login(ident.SITI_NIK).acr == 2
    [entry] = privacy.access_log(ident.uow(), siti.id, 0, 10)
    assert (entry.actor_role, entry.actor_id, entry.purpose) == ("officer", officer.subject, "Aktivasi IKD di loket")
    assert entry.agency == "Pelayanan kelurahan-7571"
    [event] = ident.events("gorontalo.identity.citizen.assurance_changed")
    assert event["data"] == {
        "citizen_id": siti.id,
        "acr": 2,
        "reason": "in_person",
        "officer_id": officer.subject,
        "regency_code": "75.71",
    }
    # One-time: the same QR does not work twice.
    again = _refused(_confirm, ident, officer, started.challenge)
    assert [(v.field, v.reason) for v in again.violations] == [("challenge", "challenge_invalid")]


def test_only_registry_desks_within_jurisdiction_check_and_a_wrong_e_ktp_burns_the_qr(ident):
    ident.signup()
    citizen = ident.principal_of(ident.SITI_NIK)
    started = assurance.start_in_person_check(ident.uow(), ident.clock, citizen)
    permits_officer = ident.officer(ident.agency(), "petugas.kota", ["75.71"])
    refused = _refused(_confirm, ident, ident.principal_of(permits_officer.username), started.challenge)
    assert isinstance(refused, PermissionDenied) and refused.reason == "in_person_agency_not_allowed"
    pohuwato = ident.desk_officer("petugas.kelurahan.pohuwato", "kelurahan-7504", "75.04")
    refused = _refused(_confirm, ident, pohuwato, started.challenge)
    assert isinstance(refused, PermissionDenied) and refused.reason == "outside_jurisdiction"
    # The province's Disdukcapil covers all of Gorontalo, but the e-KTP shown is Nur's.
    province = ident.desk_officer("petugas.disdukcapil.prov", "disdukcapil-75", "75")
    mismatch = _refused(_confirm, ident, province, started.challenge, nik=ident.NUR_NIK)
    assert [(v.field, v.reason) for v in mismatch.violations] == [("nik", "in_person_nik_mismatch")]
    assert _refused(_confirm, ident, province, started.challenge).violations[0].reason == "challenge_invalid"
    assert ident.login(ident.SITI_NIK).acr == 1


def test_a_qr_lasts_ten_minutes_and_shows_only_to_its_owner(ident):
    ident.signup()
    ident.signup(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    siti, nur = ident.principal_of(ident.SITI_NIK), ident.principal_of(ident.NUR_NIK)
    officer = ident.desk_officer()  # signed in now: its token would not verify in the test's future
    started = assurance.start_in_person_check(ident.uow(), ident.clock, siti)
    assert isinstance(_refused(assurance.own_challenge, ident.uow(), ident.clock, nur, started.challenge), NotFound)
    ident.clock.advance(minutes=10)
    assert isinstance(_refused(assurance.own_challenge, ident.uow(), ident.clock, siti, started.challenge), NotFound)
    assert _refused(_confirm, ident, officer, started.challenge).violations[0].reason == ("challenge_invalid")


def test_a_resident_who_lost_the_number_changes_it_in_person_and_verifies_the_new_one(ident):
    siti = ident.signup()
    ident.check_in_person(ident.principal_of(ident.SITI_NIK), ident.desk_officer(), new_phone="0813 5555 0001")
    account = services.get_account(ident.uow(), siti.id)
    assert (account.phone, account.acr, account.required_action) == (None, 0, "verify_phone")
    # The lost number no longer signs in nor receives a reset code.
    assert isinstance(_refused(ident.login, PHONE), Unauthenticated)
    session = ident.login(ident.SITI_NIK)
    assert (session.acr, session.required_action) == (0, "verify_phone")
    verified = phone.verify_phone(
        ident.uow(),
        ident.keys,
        ident.clock,
        ident.verifier().verify(session.access_token),
        code=ident.last_code("081355550001"),
    )
    assert verified.acr == 2 and ident.login("081355550001").acr == 2


def test_takeover_repair_closes_the_impostors_account_and_frees_the_nik(ident):
    impostor = ident.signup()  # with a KTP photocopy and their own phone
    # ... and a digital ID: issued before levels existed, or after an officer was fooled by the photocopy.
    impostor = ident.at_level_two(impostor)
    verifier = ident.identity_verifier()
    session = ident.login(ident.SITI_NIK)
    credential = credential_cases.issue(ident.uow(), ident.keys, ident.clock, impostor.id)
    officer = ident.desk_officer()

    citizen_try = _refused(
        assurance.repair_takeover,
        ident.uow(),
        ident.clock,
        ident.principal_of(ident.SITI_NIK),
        nik=ident.SITI_NIK,
        purpose="x" * 6,
    )
    assert isinstance(citizen_try, PermissionDenied)
    repair = assurance.repair_takeover(
        ident.uow(), ident.clock, officer, nik=ident.SITI_NIK, purpose="Pemilik asli datang dengan e-KTP"
    )
    # Sessions: the activation's, the log-in above, and the citizen's try.
    assert (repair.account_id, repair.sessions_revoked, repair.credentials_revoked) == (impostor.id, 3, 1)
    assert _refused(verifier.verify, session.access_token).reason == "token_revoked"
    assert isinstance(
        _refused(sessions.refresh, ident.uow(), ident.keys, ident.clock, session.refresh_token), Unauthenticated
    )
    assert isinstance(_refused(ident.login, ident.SITI_NIK), Unauthenticated)
    assert isinstance(_refused(ident.login, PHONE), Unauthenticated)
    assert [row.revoked_at is not None for row in ident.rows(credentials)] == [True]
    assert credential_cases.verify(ident.uow(), ident.keys, ident.clock, credential.token).status == "revoked"
    [closed] = [row for row in ident.rows(accounts) if row.id == impostor.id]
    assert (closed.status, closed.nik_index, closed.phone_index) == ("closed_takeover", None, None)
    [event] = ident.events("gorontalo.identity.citizen.takeover_repaired")
    assert event["data"] == {"citizen_id": impostor.id, "officer_id": officer.subject, "regency_code": "75.71"}

    # The resident signs up anew, with her own phone, and sees who repaired it.
    owner = ident.signup(phone="081300000077", password="milik-saya-sendiri")
    assert owner.id != impostor.id and owner.acr == 1
    [entry] = privacy.access_log(ident.uow(), owner.id, 0, 10)
    assert entry.purpose == "Pemilik asli datang dengan e-KTP"
    assert isinstance(
        _refused(assurance.repair_takeover, ident.uow(), ident.clock, officer, nik=ident.NUR_NIK, purpose="tidak ada"),
        NotFound,
    )


def test_a_phone_change_needs_the_codes_of_both_numbers(ident):
    siti = ident.signup()
    principal = ident.principal_of(ident.SITI_NIK)
    sent = phone.start_phone_change(ident.uow(), ident.clock, principal, new_phone="081300000055")
    assert sent.phones == ("+6281234567890", "+6281300000055")
    old, new = ident.last_code(PHONE, kind="code_change_old"), ident.last_code("081300000055", kind="code_change_new")
    wrong_old = "000000" if old != "000000" else "111111"
    refused = _refused(
        phone.confirm_phone_change, ident.uow(), ident.clock, principal, old_code=wrong_old, new_code=new
    )
    assert [(v.field, v.reason) for v in refused.violations] == [("old_code", "code_invalid")]
    changed = phone.confirm_phone_change(ident.uow(), ident.clock, principal, old_code=old, new_code=new)
    assert (changed.phone, changed.acr) == ("+6281300000055", 1)
    assert ident.login("081300000055").acr == 1 and isinstance(_refused(ident.login, PHONE), Unauthenticated)
    [event] = ident.events("gorontalo.identity.citizen.assurance_changed")
    assert (event["data"]["citizen_id"], event["data"]["reason"]) == (siti.id, "phone_changed")
    unchanged = _refused(phone.start_phone_change, ident.uow(), ident.clock, principal, new_phone="081300000055")
    assert [(v.field, v.reason) for v in unchanged.violations] == [("new_phone", "phone_unchanged")]


def _legacy_account(ident, nik=None, number="+6281234567890") -> str:
    """An account as identity wrote it before issue 14: active, its number on file but never proven."""
    account_id = str(uuid.uuid4())
    nik = nik or ident.SITI_NIK
    with ident.engine.begin() as connection:
        connection.execute(
            accounts.insert().values(
                id=account_id,
                role="citizen",
                full_name="Siti Rahma",
                jurisdiction=[],
                nik_encrypted=ident.cipher.encrypt(nik, f"nik:{account_id}"),
                nik_index=ident.cipher.index(nik, "nik"),
                phone_encrypted=ident.cipher.encrypt(number, f"phone:{account_id}"),
                phone_index=ident.cipher.index(number, "phone"),
                password_hash=ident.passwords.hash(ident.PASSWORD),
                regency_code="75.71",
                birth_date=dt.date(1990, 1, 1),
                created_at=ident.clock() - dt.timedelta(days=300),
            )
        )
    return account_id


def test_an_account_from_before_codes_signs_in_at_level_zero_and_verifies_its_phone(ident):
    account_id = _legacy_account(ident)
    session = ident.login(ident.SITI_NIK)
    assert (session.acr, session.required_action) == (0, "verify_phone")
    principal = ident.verifier().verify(session.access_token)
    assert principal.acr == 0
    sent = phone.send_phone_code(ident.uow(), ident.clock, principal)  # the number on file
    assert sent.phones == ("+6281234567890",)
    wrong = _refused(phone.verify_phone, ident.uow(), ident.keys, ident.clock, principal, code="12345x")
    assert isinstance(wrong, InvalidArgument)
    verified = phone.verify_phone(ident.uow(), ident.keys, ident.clock, principal, code=ident.last_code(PHONE))
    assert (verified.acr, verified.required_action) == (1, "")
    assert ident.login(ident.SITI_NIK).acr == 1
    [event] = ident.events("gorontalo.identity.citizen.assurance_changed")
    assert (event["data"]["citizen_id"], event["data"]["acr"], event["data"]["reason"]) == (
        account_id,
        1,
        "phone_verified",
    )
    again = _refused(phone.send_phone_code, ident.uow(), ident.clock, principal)
    assert isinstance(again, FailedPrecondition) and again.reason == "phone_already_verified"
