"""Issue 12: migration 0004 brings every stored phone number (encrypted) and its HMAC index to E.164,
so residents whose accounts were created the old way still log in by phone, however they type it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from gorontalo_identity.adapters import migration_context
from gorontalo_identity.adapters.signing import KeyRing
from gorontalo_identity.adapters.tables import accounts
from gorontalo_identity.bootstrap import Argon2Passwords, migrations_path
from gorontalo_identity.service_layer import services
from gorontalo_identity.service_layer.unit_of_work import IdentityUnitOfWork
from servicekit import db
from servicekit.auth import TokenVerifier
from servicekit.pii import PiiCipher


def _upgrade(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", migrations_path())
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _old_account(connection, cipher, passwords, stored_phone: str, *, created_minutes_ago: int, nik: str) -> str:
    """An account row as the code before 0004 wrote it: the number encrypted and indexed as stored."""
    account_id = str(uuid.uuid4())
    connection.execute(
        accounts.insert().values(
            id=account_id,
            role="citizen",
            full_name="Warga Lama",
            jurisdiction=[],
            agency_head=False,
            nik_encrypted=cipher.encrypt(nik, f"nik:{account_id}"),
            nik_index=cipher.index(nik, "nik"),
            phone_encrypted=cipher.encrypt(stored_phone, f"phone:{account_id}"),
            phone_index=cipher.index(stored_phone, "phone"),
            password_hash=passwords.hash("kata-sandi-lama"),
            regency_code="75.71",
            agency="",
            failed_logins=0,
            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=created_minutes_ago),
        )
    )
    return account_id


@pytest.fixture
def old_database(database_url, tmp_path):
    engine = db.make_engine(database_url)
    _upgrade(engine, "0003")
    cipher = PiiCipher.from_file(tmp_path / "pii.json")
    passwords = Argon2Passwords()
    with engine.begin() as connection:
        ids = {
            # the identity normaliser's own output, the form a resident writes, the SMS gateways' form
            "e164": _old_account(
                connection, cipher, passwords, "+6281234567890", created_minutes_ago=50, nik="7571014101900003"
            ),
            "national": _old_account(
                connection, cipher, passwords, "081311112222", created_minutes_ago=40, nik="7571014201900004"
            ),
            "no_plus": _old_account(
                connection, cipher, passwords, "6285299998888", created_minutes_ago=30, nik="7504011503850001"
            ),
            # the same number as "e164", written another way, on a newer account
            "duplicate": _old_account(
                connection, cipher, passwords, "0812-3456-7890", created_minutes_ago=20, nik="7504011503850002"
            ),
        }
    yield engine, cipher, passwords, ids
    engine.dispose()


def test_without_the_keys_the_migration_refuses_instead_of_half_migrating(old_database):
    engine, *_ = old_database
    with pytest.raises(RuntimeError, match="re-encrypts"):
        db.migrate(engine, migrations_path())


def test_old_accounts_log_in_by_phone_in_every_form_after_the_migration(old_database, tmp_path):
    engine, cipher, passwords, ids = old_database
    with migration_context.pii_cipher(cipher):
        db.migrate(engine, migrations_path())
    factory = db.session_factory(engine)
    uow = lambda: IdentityUnitOfWork(factory, cipher)  # noqa: E731
    clock = lambda: dt.datetime.now(dt.UTC)  # noqa: E731
    keys = KeyRing(tmp_path / "keys")

    def subject_for(username: str) -> str:
        session = services.login(uow(), passwords, keys, clock, username=username, password="kata-sandi-lama")
        return TokenVerifier(keys.public_key).verify(session.access_token).subject

    for key, forms in {
        "e164": ["081234567890", "6281234567890", "+62 812-3456-7890"],
        "national": ["081311112222", "6281311112222", "+6281311112222"],
        "no_plus": ["085299998888", "6285299998888", "+62 852 9999 8888"],
    }.items():
        for typed in forms:
            assert subject_for(typed) == ids[key], (key, typed)
    with uow() as found:
        stored = {k: found.accounts.get(v).phone for k, v in ids.items()}
    assert stored == {
        "e164": "+6281234567890",
        "national": "+6281311112222",
        "no_plus": "+6285299998888",
        "duplicate": None,
    }  # the older account keeps a number held twice
    with engine.connect() as connection:
        rows = connection.execute(sa.select(accounts.c.id, accounts.c.phone_index)).all()
    assert {r.id: r.phone_index for r in rows}[ids["national"]] == cipher.index("+6281311112222", "phone")
    # Running the migrations again changes nothing.
    with migration_context.pii_cipher(cipher):
        db.migrate(engine, migrations_path())
