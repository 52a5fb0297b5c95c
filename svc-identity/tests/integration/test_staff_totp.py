"""Staff sign-in with a second factor (issue 16): enrol an authenticator app, confirm it, and from then on
the log-in needs its current code, once; the enrolment-only token when TOTP is mandatory; an admin reset.
On SQLite and PostgreSQL (the root `database_url` fixture)."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
import sqlalchemy as sa

from gorontalo_identity.adapters.tables import staff_totp
from gorontalo_identity.service_layer import services
from gorontalo_identity.service_layer import staff_totp as use_cases
from servicekit.errors import FailedPrecondition, InvalidArgument, Unauthenticated

PASSWORD = "kata-sandi-aman"


@pytest.fixture
def officer(ident):
    return ident.officer(ident.agency(), "petugas.kota", ["75.71"])


def _login(ident, username="petugas.kota", otp="", **extra):
    return services.login(
        ident.uow(), ident.passwords, ident.keys, ident.clock, username=username, password=PASSWORD, otp=otp, **extra
    )


def _enrol(ident, account) -> pyotp.TOTP:
    enrollment = use_cases.start_enrollment(ident.uow(), ident.clock, account)
    app = pyotp.parse_uri(enrollment.otpauth_uri)
    assert app.secret == enrollment.secret
    use_cases.confirm_enrollment(ident.uow(), ident.keys, ident.clock, account, app.at(ident.clock()))
    return app


def _violation(error) -> tuple[str, str]:
    [violation] = error.violations
    return violation.field, violation.reason


def test_without_an_app_the_login_asks_for_enrolment_and_still_works(ident, officer):
    session = _login(ident)
    assert session.access_token and session.required_action == "enroll_totp"
    assert ident.verifier().verify(session.access_token).role == "officer"


def test_enrolled_login_needs_the_current_code_once(ident, officer):
    app = _enrol(ident, officer)
    [row] = ident.rows(staff_totp)
    assert row.confirmed_at is not None and app.secret not in row.secret_encrypted  # encrypted at rest

    with pytest.raises(Unauthenticated):  # the password first: no hint about the code to a guesser
        services.login(ident.uow(), ident.passwords, ident.keys, ident.clock, username="petugas.kota", password="x")
    with pytest.raises(InvalidArgument) as missing:
        _login(ident)
    assert _violation(missing.value) == ("otp", "otp_required")

    # The enrolment used the current step's code: the same code does not sign in (no replay).
    with pytest.raises(InvalidArgument) as replayed:
        _login(ident, otp=app.at(ident.clock()))
    assert _violation(replayed.value) == ("otp", "otp_invalid")

    ident.clock.advance(seconds=30)
    session = _login(ident, otp=app.at(ident.clock()))
    assert session.access_token and session.required_action == ""
    with pytest.raises(InvalidArgument):
        _login(ident, otp=app.at(ident.clock()))  # the same code twice within its window


def test_wrong_codes_count_as_failed_logins_and_lock_the_account(ident, officer):
    app = _enrol(ident, officer)
    ident.clock.advance(seconds=30)
    right = app.at(ident.clock())
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(InvalidArgument):
            _login(ident, otp=wrong)
    with pytest.raises(Unauthenticated):  # locked: even the right code and password answer login_failed
        _login(ident, otp=right)


def test_enrolment_is_refused_twice_and_for_citizens(ident, officer):
    _enrol(ident, officer)
    with pytest.raises(FailedPrecondition) as again:
        use_cases.start_enrollment(ident.uow(), ident.clock, officer)
    assert again.value.reason == "totp_already_enrolled"
    citizen = ident.signup()
    with pytest.raises(FailedPrecondition):
        use_cases.enrollee(ident.uow(), ident.keys, ident.principal_of(ident.SITI_NIK), "", ident.clock())
    assert citizen.role == "citizen"


def test_a_wrong_first_code_does_not_confirm(ident, officer):
    enrollment = use_cases.start_enrollment(ident.uow(), ident.clock, officer)
    with pytest.raises(InvalidArgument) as wrong:
        use_cases.confirm_enrollment(ident.uow(), ident.keys, ident.clock, officer, "000000")
    assert _violation(wrong.value) == ("code", "otp_invalid")
    assert not use_cases.is_enrolled(ident.uow(), officer.id)
    # Starting again replaces the unconfirmed secret.
    again = use_cases.start_enrollment(ident.uow(), ident.clock, officer)
    assert again.secret != enrollment.secret and len(ident.rows(staff_totp)) == 1


def test_mandatory_totp_gives_only_an_enrolment_token(ident, officer):
    session = _login(ident, totp_required=True)
    assert (session.access_token, session.refresh_token, session.required_action) == ("", "", "enroll_totp")
    with pytest.raises(Unauthenticated):  # not a bearer token anywhere
        ident.verifier().verify(session.enrollment_token)
    account = use_cases.enrollee(ident.uow(), ident.keys, None, session.enrollment_token, ident.clock())
    assert account.id == officer.id
    enrollment = use_cases.start_enrollment(ident.uow(), ident.clock, account)
    token = use_cases.confirm_enrollment(
        ident.uow(), ident.keys, ident.clock, account, pyotp.TOTP(enrollment.secret).at(ident.clock())
    )
    assert ident.verifier().verify(token.access_token).subject == officer.id
    ident.clock.advance(minutes=11)
    with pytest.raises(Unauthenticated):
        use_cases.enrollee(ident.uow(), ident.keys, None, session.enrollment_token, ident.clock())


def test_an_admin_reset_lets_the_officer_enrol_again(ident, officer):
    _enrol(ident, officer)
    use_cases.reset(ident.uow(), ident.clock, officer.id)
    assert _login(ident).required_action == "enroll_totp"


def test_citizens_are_not_asked_for_a_code(ident):
    ident.signup()
    assert _login(ident, username=ident.SITI_NIK).required_action == ""


def test_concurrent_use_of_one_step_is_decided_by_the_database(ident, officer):
    _enrol(ident, officer)
    step = int(ident.clock().timestamp()) // 30 + 1
    with ident.uow() as uow:
        assert uow.totp.use_step(officer.id, step)
        assert not uow.totp.use_step(officer.id, step)
        uow.commit()
    with ident.engine.connect() as connection:
        assert connection.execute(sa.select(staff_totp.c.last_used_step)).scalar_one() == step
    assert dt.timedelta(seconds=30)  # steps are 30 seconds
