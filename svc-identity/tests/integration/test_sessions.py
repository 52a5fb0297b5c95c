"""Sessions: access token plus a rotating refresh token; reuse ends the whole chain."""

import datetime as dt

import pytest
import sqlalchemy as sa

from gorontalo_identity.adapters.tables import refresh_tokens
from gorontalo_identity.service_layer import sessions
from servicekit.auth import TokenVerifier
from servicekit.errors import Unauthenticated


def _refresh(ident, token):
    return sessions.refresh(ident.uow(), ident.keys, ident.clock, token)


def _refused(call, *args) -> str:
    with pytest.raises(Unauthenticated) as caught:
        call(*args)
    return caught.value.reason


@pytest.fixture
def siti(ident):
    return ident.signup()


def test_login_returns_an_access_and_a_refresh_token(ident, siti):
    session = ident.login(ident.SITI_NIK)
    assert session.access_token.count(".") == 2 and session.refresh_token
    assert (session.expires_in, session.refresh_expires_in) == (15 * 60, 30 * 24 * 3600)
    principal = TokenVerifier(ident.keys.public_key).verify(session.access_token)
    assert (principal.subject, principal.role, principal.agency, principal.jurisdiction) == (siti.id, "citizen", "", ())
    # The refresh token is kept only as a hash.
    [row] = [r for r in ident.rows(refresh_tokens) if r.id == session.refresh_token.partition(".")[0]]
    assert session.refresh_token.partition(".")[2] not in " ".join(str(v) for v in row)


def test_refresh_rotates_and_the_old_token_is_spent(ident, siti):
    first = ident.login(ident.SITI_NIK)
    second = _refresh(ident, first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert ident.verifier().verify(second.access_token).subject == siti.id
    assert _refused(_refresh, ident, first.refresh_token) in ("refresh_reused", "refresh_invalid")


def test_reuse_of_a_rotated_token_revokes_the_whole_chain(ident, siti):
    first = ident.login(ident.SITI_NIK)
    second = _refresh(ident, first.refresh_token)
    newest = _refresh(ident, second.refresh_token)
    other_device = ident.login(ident.SITI_NIK)  # a separate chain

    assert _refused(_refresh, ident, first.refresh_token) == "refresh_reused"

    # The thief's copy and the legitimate newest token are both dead now.
    assert _refused(_refresh, ident, newest.refresh_token) == "refresh_invalid"
    assert _refused(_refresh, ident, second.refresh_token) == "refresh_invalid"
    assert _refused(_refresh, ident, first.refresh_token) == "refresh_invalid"  # reported once, then plain dead
    family = {r.family_id for r in ident.rows(refresh_tokens) if r.id == newest.refresh_token.partition(".")[0]}
    chain = [r for r in ident.rows(refresh_tokens) if r.family_id in family]
    assert len(chain) == 3 and all(r.revoked_at is not None for r in chain)
    # ...while the other chain is untouched.
    assert _refresh(ident, other_device.refresh_token).refresh_token


def test_logout_revokes_the_chain(ident, siti):
    first = ident.login(ident.SITI_NIK)
    second = _refresh(ident, first.refresh_token)
    other_device = ident.login(ident.SITI_NIK)

    sessions.logout(ident.uow(), ident.clock, second.refresh_token)

    assert _refused(_refresh, ident, second.refresh_token) == "refresh_invalid"
    assert _refused(_refresh, ident, first.refresh_token) == "refresh_invalid"
    assert _refresh(ident, other_device.refresh_token).refresh_token
    sessions.logout(ident.uow(), ident.clock, second.refresh_token)  # logging out twice is harmless


def test_refresh_tokens_expire_after_thirty_days(ident, siti):
    session = ident.login(ident.SITI_NIK)
    ident.clock.advance(days=29, hours=23)
    still_alive = _refresh(ident, session.refresh_token)
    ident.clock.advance(days=31)
    assert _refused(_refresh, ident, still_alive.refresh_token) == "refresh_invalid"


def test_an_unused_token_presented_after_31_days_is_refused(ident, siti):
    session = ident.login(ident.SITI_NIK)
    ident.clock.advance(days=31)
    assert _refused(_refresh, ident, session.refresh_token) == "refresh_invalid"


@pytest.mark.parametrize(
    "garbage", ["", "garbage", "a.b", ".", "not-a-uuid.secret", "00000000-0000-0000-0000-000000000000.secret"]
)
def test_garbage_is_refused_as_invalid(ident, siti, garbage):
    assert _refused(_refresh, ident, garbage) == "refresh_invalid"
    assert _refused(sessions.logout, ident.uow(), ident.clock, garbage) == "refresh_invalid"


def test_a_known_id_with_a_wrong_secret_is_invalid_and_does_not_end_the_chain(ident, siti):
    session = ident.login(ident.SITI_NIK)
    token_id = session.refresh_token.partition(".")[0]
    assert _refused(_refresh, ident, f"{token_id}.forged-secret") == "refresh_invalid"
    assert _refresh(ident, session.refresh_token).refresh_token


def test_a_locked_account_cannot_refresh(ident, siti):
    session = ident.login(ident.SITI_NIK)
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            ident.login(ident.SITI_NIK, "wrong-password")
    with pytest.raises(Unauthenticated):
        ident.login(ident.SITI_NIK, "wrong-password")  # locked now (answered as any failure)
    assert _refused(_refresh, ident, session.refresh_token) == "refresh_invalid"


def test_an_officers_access_token_carries_agency_and_jurisdiction(ident):
    agency = ident.agency()
    officer = ident.officer(agency, "petugas.kota", ["7571.01", "75.71.02"])
    session = ident.login("Petugas.Kota")  # usernames are case-insensitive
    verifier = TokenVerifier(ident.keys.public_key)
    for token in (session.access_token, _refresh(ident, session.refresh_token).access_token):
        principal = verifier.verify(token)
        assert (principal.subject, principal.role, principal.agency, principal.jurisdiction) == (
            officer.id,
            "officer",
            "dpmptsp-7571",
            ("75.71.01", "75.71.02"),
        )
        assert principal.covers("75.71.01.1001") and not principal.covers("75.71.03")


def test_an_access_token_from_a_foreign_key_ring_is_rejected(ident, siti, tmp_path):
    from gorontalo_identity.adapters.signing import KeyRing

    foreign = KeyRing(tmp_path / "foreign-keys")  # same issuer and audience, another key
    token = foreign.issue_access_token(
        subject=siti.id, role="admin", agency="", jurisdiction=[], lifetime=dt.timedelta(minutes=15), now=ident.clock()
    )
    with pytest.raises(Unauthenticated) as caught:
        ident.verifier().verify(token)
    assert caught.value.reason == "token_invalid"


def test_refresh_tokens_are_stored_with_the_right_lifetimes(ident, siti):
    session = ident.login(ident.SITI_NIK)
    with ident.engine.connect() as connection:
        row = connection.execute(
            sa.select(refresh_tokens).where(refresh_tokens.c.id == session.refresh_token.partition(".")[0])
        ).one()
    issued, expires = row.issued_at, row.expires_at
    assert (expires - issued).days == 30 and row.used_at is None and row.revoked_at is None
