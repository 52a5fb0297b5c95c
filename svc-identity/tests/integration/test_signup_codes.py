"""Issue 14: a sign-up is active only with the SMS code; codes are short-lived, single-use,
attempt-limited, stored hashed; code requests are budgeted and never tell whether an account exists."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from gorontalo_identity.adapters.tables import accounts, verification_codes
from gorontalo_identity.adapters.throttle import FailureThrottle
from gorontalo_identity.service_layer import services, signup
from gorontalo_identity.service_layer.throttling import AbuseLimits
from servicekit import ratelimit
from servicekit.errors import InvalidArgument, ResourceExhausted, Unauthenticated

PHONE = "081234567890"


def _refused(call, *args, **kwargs):
    with pytest.raises(Exception) as caught:
        call(*args, **kwargs)
    return caught.value


def _shape(error):
    return type(error), error.reason, [(v.field, v.reason) for v in error.violations], error.params


def _throttle() -> FailureThrottle:
    storage = ratelimit.open_storage("redis://127.0.0.1:6379/0")
    assert not isinstance(storage, ratelimit.storage.MemoryStorage), "these tests need Redis"
    return FailureThrottle(
        ratelimit.RateLimits(storage, f"test-{uuid.uuid4().hex}"), lambda v: hashlib.sha256(v.encode()).hexdigest()
    )


def test_sign_up_is_pending_until_the_code_from_the_sms_activates_it(ident):
    pending = ident.register()
    assert (pending.status, pending.acr, pending.phone) == ("pending_verification", 0, None)
    assert ident.events() == []  # CitizenRegistered waits for the code
    [sms] = ident.sms(PHONE)
    assert sms["kind"] == "code_signup" and sms["message"].startswith("Kode verifikasi Gorontalo Satu: ")
    # The password alone does not sign in, answered as for an unknown NIK.
    assert _shape(_refused(ident.login, ident.SITI_NIK)) == (Unauthenticated, "login_failed", [], {})

    session = ident.activate(ident.SITI_NIK, code=ident.last_code(PHONE))
    principal = ident.verifier().verify(session.access_token)
    assert (session.acr, session.required_action, principal.acr, principal.subject) == (1, "", 1, pending.id)
    account = services.get_account(ident.uow(), pending.id)
    assert (account.status, account.phone, account.phone_verified, account.acr) == ("active", "+6281234567890", True, 1)
    [registered] = ident.events()
    assert registered["type"] == "gorontalo.identity.citizen.registered"
    assert registered["data"] == {"citizen_id": pending.id, "regency_code": "75.71"}
    assert ident.login("0812 3456 7890").acr == 1


def test_the_code_is_stored_only_as_a_keyed_hash(ident):
    ident.register()
    code = ident.last_code(PHONE)
    [row] = ident.rows(verification_codes)
    assert code not in " ".join(map(str, row)) and "81234567890" not in " ".join(map(str, row))
    assert row.code_hash != hashlib.sha256(code.encode()).hexdigest()


def test_wrong_expired_and_used_codes_are_refused_alike(ident):
    ident.register()
    code = ident.last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    refusal = (InvalidArgument, "invalid_argument", [("code", "code_invalid")], {})
    assert _shape(_refused(ident.activate, ident.SITI_NIK, code=wrong)) == refusal
    assert _shape(_refused(ident.activate, ident.SITI_NIK, code="12ab")) == refusal
    # A NIK without a pending sign-up answers the same: no oracle.
    assert _shape(_refused(ident.activate, ident.NUR_NIK, code=code)) == refusal
    ident.activate(ident.SITI_NIK, code=code)  # a wrong try before does not spend the code
    assert _shape(_refused(ident.activate, ident.SITI_NIK, code=code)) == refusal  # used

    ident.register(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    late = ident.last_code("081300000002")
    ident.clock.advance(minutes=10)
    assert _shape(_refused(ident.activate, ident.NUR_NIK, code=late)) == refusal  # expired
    assert ident.count(accounts) == 2 and len(ident.events("gorontalo.identity.citizen.registered")) == 1


def test_five_wrong_codes_wear_the_code_out_even_for_the_right_one_after(ident):
    ident.register()
    code = ident.last_code(PHONE)
    wrong = [f"{(int(code) + i) % 1_000_000:06d}" for i in range(1, 6)]
    for guess in wrong:
        assert _refused(ident.activate, ident.SITI_NIK, code=guess).violations[0].reason == "code_invalid"
    assert ident.rows(verification_codes)[0].attempts == 5
    assert _refused(ident.activate, ident.SITI_NIK, code=code).violations[0].reason == "code_invalid"
    # A new code (resend) starts afresh.
    ident.clock.advance(seconds=1)
    signup.resend_activation_code(ident.uow(), ident.clock, nik=ident.SITI_NIK)
    assert ident.activate(ident.SITI_NIK, code=ident.last_code(PHONE)).acr == 1


def test_a_new_sign_up_replaces_a_pending_one_and_its_code(ident):
    first = ident.register()
    old_code = ident.last_code(PHONE)
    second = ident.register(phone="081300000009", password="kata-sandi-lain")  # a mistyped number, say
    assert second.id != first.id and ident.count(accounts) == 1
    assert _refused(ident.activate, ident.SITI_NIK, code=old_code).violations[0].reason == "code_invalid"
    ident.activate(ident.SITI_NIK, code=ident.last_code("081300000009"))
    assert ident.login(ident.SITI_NIK, "kata-sandi-lain").acr == 1


def test_resend_answers_alike_and_sends_only_for_a_pending_sign_up(ident):
    ident.register()
    before = len(ident.sms())
    ident.clock.advance(seconds=1)
    for nik in (ident.SITI_NIK, ident.NUR_NIK, "7571014101909999"):
        assert signup.resend_activation_code(ident.uow(), ident.clock, nik=nik) is None
    assert len(ident.sms()) == before + 1  # Siti's new code only
    first, resent = ident.sms(PHONE)
    assert first["id"] != resent["id"] and first["kind"] == resent["kind"] == "code_signup"
    ident.activate(ident.SITI_NIK, code=ident.last_code(PHONE))
    signup.resend_activation_code(ident.uow(), ident.clock, nik=ident.SITI_NIK)  # active: nothing to send
    assert len(ident.sms()) == before + 1


def test_a_lapsed_pending_sign_up_is_not_revived_and_is_swept(ident):
    ident.register()
    ident.clock.advance(minutes=11)
    signup.resend_activation_code(ident.uow(), ident.clock, nik=ident.SITI_NIK)
    assert len(ident.sms()) == 1
    ident.register(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    assert [row.nik_index is not None for row in ident.rows(accounts)] == [True]  # Siti's lapsed one is gone


LIMITS = AbuseLimits(code_requests_per_phone="2/hour", code_requests_per_address="4/hour")


def test_code_requests_are_limited_per_phone_and_per_address(ident):
    throttle = _throttle()
    budget = dict(throttle=throttle, limits=LIMITS)
    for _ in range(2):
        ident.register(client_address="203.0.113.1", **budget)
    spent = _refused(ident.register, client_address="203.0.113.2", **budget)
    assert isinstance(spent, ResourceExhausted) and spent.retry_after >= 1  # the number's budget
    assert len(ident.sms(PHONE)) == 2
    # Another number from the first address: the address has 2 left of 4.
    nur = dict(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", client_address="203.0.113.1")
    ident.register(phone="081300000002", **nur, **budget)
    ident.register(phone="081300000003", **nur, **budget)
    assert isinstance(_refused(ident.register, phone="081300000004", **nur, **budget), ResourceExhausted)


def test_resend_requests_spend_the_same_budget_whether_or_not_a_sign_up_is_pending(ident):
    ident.register()
    throttle = _throttle()
    limits = AbuseLimits(code_requests_per_phone="2/hour")
    answers = {}
    for nik in (ident.SITI_NIK, "7571014101909999"):
        for _ in range(2):
            signup.resend_activation_code(ident.uow(), ident.clock, nik=nik, throttle=throttle, limits=limits)
        answers[nik] = _shape(
            _refused(signup.resend_activation_code, ident.uow(), ident.clock, nik=nik, throttle=throttle, limits=limits)
        )
    assert answers[ident.SITI_NIK] == answers["7571014101909999"]
    assert answers[ident.SITI_NIK][:2] == (ResourceExhausted, "too_many_attempts")


def test_guessing_codes_from_one_address_is_refused_before_the_code_is_checked(ident):
    ident.register()
    code = ident.last_code(PHONE)
    throttle = _throttle()
    limits = AbuseLimits(code_failures_per_address="3/hour")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        signup_error = _refused(
            signup.activate_citizen,
            ident.uow(),
            ident.keys,
            ident.clock,
            nik=ident.NUR_NIK,
            code=wrong,
            throttle=throttle,
            limits=limits,
            client_address="203.0.113.66",
        )
        assert signup_error.violations[0].reason == "code_invalid"
    blocked = _refused(
        signup.activate_citizen,
        ident.uow(),
        ident.keys,
        ident.clock,
        nik=ident.SITI_NIK,
        code=code,
        throttle=throttle,
        limits=limits,
        client_address="203.0.113.66",
    )
    assert isinstance(blocked, ResourceExhausted)
    assert ident.activate(ident.SITI_NIK, code=code).acr == 1  # the right code from elsewhere still works
