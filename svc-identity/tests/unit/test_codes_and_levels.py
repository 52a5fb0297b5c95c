"""Issue 14's domain: one-time codes, levels of assurance, who may check a resident in person."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gorontalo_identity.domain import assurance, codes, model

NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def _code(**overrides) -> codes.VerificationCode:
    values = dict(
        id="c1",
        account_id="a1",
        purpose=codes.SIGNUP,
        code_hash="h",
        phone="+6281234567890",
        created_at=NOW,
        expires_at=NOW + codes.CODE_LIFETIME,
    )
    return codes.VerificationCode(**(values | overrides))


def test_a_code_is_six_digits_leading_zeros_kept_from_the_whole_range():
    assert codes.new_code(lambda n: 42) == "000042"
    assert codes.new_code(lambda n: n - 1) == "999999"
    drawn = {codes.new_code() for _ in range(200)}
    assert all(re.fullmatch(r"\d{6}", c) for c in drawn) and len(drawn) > 190


@pytest.mark.parametrize("given", ["12345", "1234567", "12a456", " 123456", "", None])
def test_only_six_digits_are_a_code(given):
    assert not codes.well_formed(given)


def test_a_code_lives_ten_minutes_and_is_good_once():
    code = _code()
    assert code.state(NOW) == code.state(NOW + dt.timedelta(minutes=9, seconds=59)) == codes.USABLE
    assert code.state(NOW + dt.timedelta(minutes=10)) == codes.EXPIRED
    code.used_at = NOW
    assert code.state(NOW) == codes.USED


def test_five_wrong_tries_wear_a_code_out():
    code = _code(attempts=4)
    assert code.state(NOW) == codes.USABLE and code.attempts_left == 1
    code.attempts = 5
    assert code.state(NOW) == codes.EXHAUSTED and code.attempts_left == 0


def test_the_sign_up_sms_says_what_the_code_is_for_how_long_and_to_keep_it():
    assert codes.sms_text(codes.SIGNUP, "123456") == (
        "Kode verifikasi Gorontalo Satu: 123456. Berlaku 10 menit. Jangan berikan kepada siapa pun."
    )
    for purpose in codes.PURPOSES:
        text = codes.sms_text(purpose, "000777")
        assert "000777" in text and "10 menit" in text and len(text) <= 160  # one SMS


def _citizen(**overrides) -> model.Account:
    values = dict(id="a1", role="citizen", full_name="Siti", password_hash="x", created_at=NOW)
    return model.Account(**(values | overrides))


def test_levels_of_assurance_follow_what_was_proven():
    legacy = _citizen(phone="+6281234567890")  # an account from before codes: the number never proven
    assert (legacy.acr, legacy.required_action) == (0, "verify_phone")
    legacy.verify_phone("+6281234567890", NOW)
    assert (legacy.acr, legacy.required_action) == (1, "")
    legacy.in_person_checked_at = NOW
    assert legacy.acr == 2
    legacy.release_phone()  # an officer recorded a new number: level 2 waits for its code
    assert (legacy.acr, legacy.phone, legacy.required_action) == (0, None, "verify_phone")
    for role in ("officer", "operator", "admin"):
        staff = model.Account(id="s", role=role, full_name="P", password_hash="x", created_at=NOW)
        assert (staff.acr, staff.required_action) == (2, "")


def test_only_an_active_account_is_active():
    assert _citizen().active
    assert not _citizen(status=model.PENDING).active
    assert not _citizen(status=model.CLOSED_TAKEOVER).active


@pytest.mark.parametrize(
    ("agency", "allowed"),
    [
        ("disdukcapil-75", True),
        ("kelurahan-7571", True),
        ("Kelurahan-7571", True),
        ("dpmptsp-7571", False),
        ("bapenda-75", False),
        ("", False),
        ("x-disdukcapil-75", False),
    ],
)
def test_only_population_registry_desks_check_in_person(agency, allowed):
    assert assurance.may_check_in_person(agency, assurance.DEFAULT_AGENCY_PREFIXES) is allowed


def test_a_challenge_is_unguessable_stored_by_hash_and_one_time():
    first, second = assurance.new_challenge(), assurance.new_challenge()
    assert first != second and len(first) >= 32
    assert assurance.challenge_hash(first) == assurance.challenge_hash(f" {first} ") != first
    challenge = assurance.InPersonChallenge(
        "i", "a1", assurance.challenge_hash(first), NOW, NOW + dt.timedelta(minutes=10)
    )
    assert challenge.usable(NOW) and not challenge.usable(NOW + dt.timedelta(minutes=10))
    challenge.used_at = NOW
    assert not challenge.usable(NOW)
