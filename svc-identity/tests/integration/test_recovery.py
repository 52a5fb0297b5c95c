"""Issue 14: a forgotten password reset by SMS, telling nobody whether a NIK has an account; the reset
ends every session and drops level 2 to 1 (an SMS alone may be a SIM swap)."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from gorontalo_identity.adapters.throttle import FailureThrottle
from gorontalo_identity.service_layer import recovery, services, sessions
from gorontalo_identity.service_layer.throttling import AbuseLimits
from servicekit import ratelimit
from servicekit.errors import InvalidArgument, ResourceExhausted, Unauthenticated

PHONE = "081234567890"
UNKNOWN_NIK = "7571014101909999"
NEW_PASSWORD = "kata-sandi-baru-22"


def _request(ident, username, **kwargs):
    return recovery.request_password_reset(ident.uow(), ident.clock, username=username, **kwargs)


def _confirm(ident, username, code, password=NEW_PASSWORD, **kwargs):
    return recovery.confirm_password_reset(
        ident.uow(),
        ident.passwords,
        ident.keys,
        ident.clock,
        username=username,
        code=code,
        new_password=password,
        **kwargs,
    )


def _refused(call, *args, **kwargs):
    with pytest.raises(Exception) as caught:
        call(*args, **kwargs)
    error = caught.value
    return type(error), error.reason, [(v.field, v.reason) for v in error.violations], error.params


def _throttle() -> FailureThrottle:
    storage = ratelimit.open_storage("redis://127.0.0.1:6379/0")
    assert not isinstance(storage, ratelimit.storage.MemoryStorage), "these tests need Redis"
    return FailureThrottle(
        ratelimit.RateLimits(storage, f"test-{uuid.uuid4().hex}"), lambda v: hashlib.sha256(v.encode()).hexdigest()
    )


def test_a_reset_request_answers_alike_and_texts_only_the_accounts_own_number(ident):
    ident.signup()
    before = len(ident.sms())
    ident.clock.advance(seconds=1)
    for username in (ident.SITI_NIK, UNKNOWN_NIK, "081399998888", "no.such.officer"):
        assert _request(ident, username) is None
    [reset] = ident.sms()[before:]
    assert reset["to"] == "+6281234567890" and reset["kind"] == "code_reset"
    assert "atur ulang kata sandi" in reset["message"]


def test_confirming_with_a_wrong_code_or_for_an_unknown_nik_fails_alike(ident):
    ident.signup()
    ident.clock.advance(seconds=1)
    _request(ident, ident.SITI_NIK)
    code = ident.last_code(PHONE, kind="code_reset")
    wrong = "000000" if code != "000000" else "111111"
    refusal = (InvalidArgument, "invalid_argument", [("code", "code_invalid")], {})
    assert _refused(_confirm, ident, ident.SITI_NIK, wrong) == refusal
    assert _refused(_confirm, ident, UNKNOWN_NIK, code) == refusal
    assert _refused(_confirm, ident, "081399998888", code) == refusal
    # A weak new password is named, for anyone alike, before the code is looked at.
    assert _refused(_confirm, ident, UNKNOWN_NIK, code, password="short")[2] == [("new_password", "password_weak")]
    assert _confirm(ident, ident.SITI_NIK, code).acr == 1


def test_a_reset_ends_every_session_and_drops_level_two_to_one(ident):
    siti = ident.signup()
    ident.check_in_person(ident.principal_of(ident.SITI_NIK), ident.desk_officer())
    verifier = ident.identity_verifier()
    phone_session, tablet_session = ident.login(ident.SITI_NIK), ident.login(ident.SITI_NIK)
    assert phone_session.acr == 2 and verifier.verify(tablet_session.access_token).acr == 2

    ident.clock.advance(seconds=1)
    _request(ident, "+62 812-3456-7890")  # by phone number, typed any way
    fresh = _confirm(ident, ident.SITI_NIK, ident.last_code(PHONE, kind="code_reset"))

    assert (fresh.acr, verifier.verify(fresh.access_token).acr) == (1, 1)
    for old in (phone_session, tablet_session):
        with pytest.raises(Unauthenticated) as caught:
            verifier.verify(old.access_token)
        assert caught.value.reason == "token_revoked"
        with pytest.raises(Unauthenticated):
            sessions.refresh(ident.uow(), ident.keys, ident.clock, old.refresh_token)
    assert _refused(ident.login, ident.SITI_NIK)[:2] == (Unauthenticated, "login_failed")  # the old password
    assert ident.login(ident.SITI_NIK, NEW_PASSWORD).acr == 1
    [changed] = [e for e in ident.events("gorontalo.identity.citizen.assurance_changed") if e["data"]["acr"] == 1]
    assert changed["data"] == {
        "citizen_id": siti.id,
        "acr": 1,
        "reason": "password_reset_sms",
        "officer_id": "",
        "regency_code": "75.71",
    }
    assert services.get_account(ident.uow(), siti.id).in_person_checked_at is None


def test_a_reset_code_is_single_use_and_expires(ident):
    ident.signup()
    ident.clock.advance(seconds=1)
    _request(ident, ident.SITI_NIK)
    code = ident.last_code(PHONE, kind="code_reset")
    _confirm(ident, ident.SITI_NIK, code)
    assert _refused(_confirm, ident, ident.SITI_NIK, code, password="yet-another-1")[2] == [("code", "code_invalid")]
    ident.clock.advance(seconds=1)
    _request(ident, ident.SITI_NIK)
    late = ident.last_code(PHONE, kind="code_reset")
    ident.clock.advance(minutes=10, seconds=1)
    assert _refused(_confirm, ident, ident.SITI_NIK, late, password="yet-another-1")[2] == [("code", "code_invalid")]


def test_a_locked_account_is_unlocked_by_its_reset(ident):
    ident.signup()
    for _ in range(5):
        _refused(ident.login, ident.SITI_NIK, "wrong-password")
    ident.clock.advance(seconds=1)
    _request(ident, ident.SITI_NIK)
    _confirm(ident, ident.SITI_NIK, ident.last_code(PHONE, kind="code_reset"))
    assert ident.login(ident.SITI_NIK, NEW_PASSWORD).access_token


def test_reset_requests_are_limited_per_username_and_address_alike_for_unknown_niks(ident):
    ident.signup()
    throttle = _throttle()
    limits = AbuseLimits(code_requests_per_phone="2/hour", code_requests_per_address="5/hour")
    answers = []
    for username in (ident.SITI_NIK, UNKNOWN_NIK):
        for _ in range(2):
            _request(ident, username, throttle=throttle, limits=limits, client_address="198.51.100.1")
        answers.append(
            _refused(_request, ident, username, throttle=throttle, limits=limits, client_address="198.51.100.2")
        )
    assert answers[0] == answers[1] and answers[0][:2] == (ResourceExhausted, "too_many_attempts")
    # The address: 4 spent, one left for any username; then none.
    _request(ident, "7571014201900004", throttle=throttle, limits=limits, client_address="198.51.100.1")
    refused = _refused(
        _request, ident, "7504011503850001", throttle=throttle, limits=limits, client_address="198.51.100.1"
    )
    assert refused[0] is ResourceExhausted
