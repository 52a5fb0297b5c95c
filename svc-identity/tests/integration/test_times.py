"""Times written with a UTC offset read back as the same instant, on SQLite and PostgreSQL.

SQLite has no timestamp type: without servicekit.db.UtcDateTime it kept the wall-clock digits and
dropped the offset, so 10:00+07:00 came back as 10:00Z, seven hours late. Every repository that
stores a time is read back through the unit of work, as the use cases read it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from gorontalo_identity.domain.credentials import Credential
from gorontalo_identity.domain.model import AccessRecord, Account, Agency, ApiClient
from gorontalo_identity.domain.sessions import RefreshToken

WIB, WITA, WIT = (dt.timezone(dt.timedelta(hours=h)) for h in (7, 8, 9))
# One instant per zone; none of them is on the same UTC wall clock as its local digits.
MOMENTS = [
    dt.datetime(2026, 3, 1, 22, 50, 5, tzinfo=WIB),
    dt.datetime(2026, 3, 2, 0, 15, tzinfo=WITA),
    dt.datetime(2026, 3, 2, 8, 30, 0, 123000, tzinfo=WIT),
]


def _same_instant(read: dt.datetime, written: dt.datetime) -> None:
    assert read == written, f"{written.isoformat()} came back as {read.isoformat()}"
    assert read.utcoffset() == dt.timedelta(0)  # read back aware, in UTC


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.strftime("%z"))
def test_account_and_agency_times_round_trip(ident_empty, moment):
    account = Account(
        id=str(uuid.uuid4()),
        role="officer",
        full_name="Petugas",
        password_hash="x",
        created_at=moment,
        username=f"u{uuid.uuid4().hex[:8]}",
        jurisdiction=["75.71"],
        failed_logins=2,
        first_failed_at=moment,
        locked_until=moment + dt.timedelta(minutes=15),
    )
    agency = Agency(
        id=str(uuid.uuid4()), code=f"a-{uuid.uuid4().hex[:6]}", name="Dinas", region_code="75.71", created_at=moment
    )
    with ident_empty.uow() as uow:
        uow.accounts.add(account)
        uow.agencies.add(agency)
        uow.commit()
    with ident_empty.uow() as uow:
        read = uow.accounts.get(account.id)
        read_agency = uow.agencies.get(agency.id)
    _same_instant(read.created_at, moment)
    _same_instant(read.first_failed_at, moment)
    _same_instant(read.locked_until, moment + dt.timedelta(minutes=15))
    _same_instant(read_agency.created_at, moment)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.strftime("%z"))
def test_session_credential_client_and_access_log_times_round_trip(ident_empty, moment):
    later = moment + dt.timedelta(days=30)
    token = RefreshToken(
        id=str(uuid.uuid4()),
        family_id=str(uuid.uuid4()),
        account_id="acc",
        secret_hash="h",
        issued_at=moment,
        expires_at=later,
        used_at=moment,
        revoked_at=later,
    )
    credential = Credential(
        id=str(uuid.uuid4()), account_id="acc", token="jws", issued_at=moment, expires_at=later, revoked_at=moment
    )
    client = ApiClient(id=uuid.uuid4().hex, name="Bank", secret_hash="h", rate_limit_per_minute=5, created_at=moment)
    with ident_empty.uow() as uow:
        uow.refresh_tokens.add(token)
        uow.credentials.add(credential)
        uow.api_clients.add(client)
        uow.access_log.record("7571014101900003", AccessRecord("officer", "o-1", "Petugas", "Dinas", "cek", moment))
        uow.commit()
    with ident_empty.uow() as uow:
        read_token = uow.refresh_tokens.get(token.id)
        read_credential = uow.credentials.get(credential.id)
        read_client = uow.api_clients.get(client.id)
        [entry] = uow.access_log.for_nik("7571014101900003")
    for read, written in (
        (read_token.issued_at, moment),
        (read_token.expires_at, later),
        (read_token.used_at, moment),
        (read_token.revoked_at, later),
        (read_credential.issued_at, moment),
        (read_credential.expires_at, later),
        (read_credential.revoked_at, moment),
        (read_client.created_at, moment),
        (entry.at, moment),
    ):
        _same_instant(read, written)


def test_a_window_query_compares_instants_not_wall_clock_digits(ident_empty):
    """The e-KTP rate limit counts checks since an instant: a check at 08:00+08:00 (00:00Z) is not
    'since 07:30Z' however its digits were written."""
    with ident_empty.uow() as uow:
        uow.api_clients.record_check("client-1", dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA), "match", None, "cek")
        uow.commit()
    with ident_empty.uow() as uow:
        assert uow.api_clients.checks_since("client-1", dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.UTC)) == 0
        assert uow.api_clients.checks_since("client-1", dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)) == 1


def test_a_naive_time_is_refused_not_guessed(ident_empty):
    agency = Agency(
        id=str(uuid.uuid4()), code="naive", name="Dinas", region_code="75.71", created_at=dt.datetime(2026, 3, 2, 8, 0)
    )
    with pytest.raises(Exception, match="naive"), ident_empty.uow() as uow:
        uow.agencies.add(agency)
        uow.commit()
