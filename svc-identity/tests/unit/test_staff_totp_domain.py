"""Staff's second factor, the rules alone: which codes a step accepts, once, and the trail's day range."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pyotp

from gorontalo_identity.domain import audit, totp

NOW = dt.datetime(2026, 12, 6, 9, 0, 10, tzinfo=dt.UTC)


def _enrolment(**kw) -> totp.TotpEnrolment:
    return totp.TotpEnrolment(account_id="a1", secret=kw.pop("secret", totp.new_secret()), created_at=NOW, **kw)


def test_the_uri_is_what_authenticator_apps_read():
    secret = totp.new_secret()
    uri = totp.provisioning_uri(secret, "petugas.kota")
    parsed = urllib.parse.urlparse(uri)
    query = urllib.parse.parse_qs(parsed.query)
    assert (parsed.scheme, parsed.netloc) == ("otpauth", "totp")
    assert query["secret"] == [secret] and query["issuer"] == ["Gorontalo Satu"]
    assert urllib.parse.unquote(parsed.path) == "/Gorontalo Satu:petugas.kota"
    assert len(secret) == 32  # 160 bits in base32


def test_the_current_code_and_one_step_either_side_are_accepted_no_further():
    enrolment = _enrolment()
    app = pyotp.TOTP(enrolment.secret)
    step = totp.step_of(NOW)
    assert totp.matching_step(enrolment, app.at(NOW), NOW) == step
    assert totp.matching_step(enrolment, app.at(NOW - dt.timedelta(seconds=30)), NOW) == step - 1
    assert totp.matching_step(enrolment, app.at(NOW + dt.timedelta(seconds=30)), NOW) == step + 1
    assert totp.matching_step(enrolment, app.at(NOW - dt.timedelta(seconds=90)), NOW) is None
    assert totp.matching_step(enrolment, "12345", NOW) is None
    assert totp.matching_step(enrolment, "abcdef", NOW) is None


def test_a_code_is_not_accepted_twice_nor_an_older_one_after_it():
    enrolment = _enrolment()
    app = pyotp.TOTP(enrolment.secret)
    step = totp.step_of(NOW)
    enrolment.last_used_step = step
    assert totp.matching_step(enrolment, app.at(NOW), NOW) is None
    assert totp.matching_step(enrolment, app.at(NOW - dt.timedelta(seconds=30)), NOW) is None
    assert totp.matching_step(enrolment, app.at(NOW + dt.timedelta(seconds=30)), NOW) == step + 1


def test_staff_roles():
    assert all(totp.is_staff(role) for role in ("officer", "operator", "admin"))
    assert not totp.is_staff("citizen") and not totp.is_staff("service")


def test_trail_dates_are_whole_wita_days():
    since, before = audit.day_range(dt.date(2026, 12, 6), dt.date(2026, 12, 6))
    assert since == dt.datetime(2026, 12, 5, 16, 0, tzinfo=dt.UTC)
    assert before == dt.datetime(2026, 12, 6, 16, 0, tzinfo=dt.UTC)
    assert audit.day_range(None, None) == (None, None)
