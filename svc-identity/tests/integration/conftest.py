"""Shared fixtures of svc-identity's use-case tests.

Same pattern as test_accounts.py's `env` (which keeps its own fixture): a real database
from the root `database_url` fixture (SQLite and PostgreSQL), a controllable clock, real
AES-GCM PII keys and Ed25519 signing keys in tmp_path, and a small register imported
with import_register. Fixture names differ from `env` on purpose.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import uuid

import pytest
import sqlalchemy as sa

from gorontalo.identity.v1 import identity_pb2_grpc
from gorontalo_identity.adapters import sms
from gorontalo_identity.adapters.signing import KeyRing
from gorontalo_identity.adapters.tables import deliveries
from gorontalo_identity.bootstrap import SERVICE_NAME, bootstrap, migrations_path
from gorontalo_identity.domain.model import normalise_phone
from gorontalo_identity.entrypoints.grpc_servicer import IdentityServicer
from gorontalo_identity.service_layer import admin, assurance, services, sessions, signup
from gorontalo_identity.service_layer.register_import import import_register
from gorontalo_identity.service_layer.unit_of_work import IdentityUnitOfWork
from servicekit import db, testing_pki
from servicekit.auth import Principal, TokenVerifier
from servicekit.config import ServiceSettings
from servicekit.messaging import outbox
from servicekit.pii import PiiCipher
from servicekit.revocation import RevocationList
from servicekit.server import Registration, ServiceRuntime

COLUMNS = ("nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "address", "village_code")

SITI_NIK = "7571014101900003"  # Kota Barat, woman (41 = 1 + 40), born 1990-01-01, serial 0003
NUR_NIK = "7571014201900004"  # same family, born 1990-01-02
AHMAD_NIK = "7504011503850001"  # Popayato (Pohuwato), man, born 1985-03-15
KOTA_KK = "7571010101100001"
POHUWATO_KK = "7504010202100002"
PASSWORD = "kata-sandi-aman"

SITI = {
    "nik": SITI_NIK,
    "kk_number": KOTA_KK,
    "full_name": "Siti Rahma",
    "birth_place": "Gorontalo",
    "birth_date": "1990-01-01",
    "sex": "P",
    "address": "Jl. Nani Wartabone 1",
    "village_code": "75.71.01.1001",
}
NUR = {
    "nik": NUR_NIK,
    "kk_number": KOTA_KK,
    "full_name": "Nur Aini",
    "birth_place": "Gorontalo",
    "birth_date": "1990-01-02",
    "sex": "P",
    "address": "Jl. Nani Wartabone 1",
    "village_code": "75.71.01.1001",
}
AHMAD = {
    "nik": AHMAD_NIK,
    "kk_number": POHUWATO_KK,
    "full_name": "Ahmad Katili",
    "birth_place": "Marisa",
    "birth_date": "1985-03-15",
    "sex": "L",
    "address": "Jl. Trans Sulawesi 7",
    "village_code": "75.04.01.2004",
}
BASE_ROWS = (SITI, NUR, AHMAD)


def register_csv(rows, columns=COLUMNS) -> str:
    """A register file as Disdukcapil hands it over (no quoting needed for these values)."""
    lines = [",".join(columns)]
    lines += [",".join(row.get(c, "") for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


class Clock:
    """Time stands still until a test moves it. Starts a minute before the real current second, so
    tokens it stamps also pass verifiers that use the wall clock (TokenVerifier, PyJWT, which refuse an
    `iat` in the future) even after a test's sign-ups have moved it a second each."""

    def __init__(self):
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


class FastPasswords:
    """The PasswordHasher protocol without argon2's ~0.2 s per call (argon2 is covered by
    test_accounts.py and the gRPC test, which uses the real bootstrap)."""

    def hash(self, password: str) -> str:
        salt = secrets.token_hex(8)
        return f"{salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"

    def verify(self, password_hash: str | None, password: str) -> bool:
        if not password_hash:
            return False
        salt, _, digest = password_hash.partition("$")
        return hmac.compare_digest(digest, hashlib.sha256((salt + password).encode()).hexdigest())


class IdentityEnv:
    # The register's values, reachable from tests (under --import-mode=importlib a test module
    # cannot import this conftest).
    SITI, NUR, AHMAD, BASE_ROWS = SITI, NUR, AHMAD, BASE_ROWS
    SITI_NIK, NUR_NIK, AHMAD_NIK, KOTA_KK, POHUWATO_KK = SITI_NIK, NUR_NIK, AHMAD_NIK, KOTA_KK, POHUWATO_KK
    PASSWORD, COLUMNS = PASSWORD, COLUMNS
    register_csv = staticmethod(register_csv)

    def __init__(self, database_url: str, tmp_path):
        self.database_url = database_url
        self.is_postgres = database_url.startswith("postgresql")
        self.engine = db.make_engine(database_url)
        db.migrate(self.engine, migrations_path())
        self.cipher = PiiCipher.from_file(tmp_path / "pii.json")
        self.factory = db.session_factory(self.engine)
        self.clock = Clock()
        self.keys = KeyRing(tmp_path / "keys")
        self.passwords = FastPasswords()
        # This replica's revoked tokens in memory (its own, added at commit; IdentityApp.revocations).
        self.revocations = RevocationList()

    def uow(self) -> IdentityUnitOfWork:
        return IdentityUnitOfWork(self.factory, self.cipher, revocations=self.revocations)

    # -- use cases with sensible defaults ------------------------------------------------------
    def import_rows(self, rows):
        return import_register(self.uow(), self.clock, register_csv(rows))

    def register(self, **overrides):
        """Sign-up's first step: a pending account, and its code queued for SMS. A second passes first
        (whole seconds, as tokens carry them), so that the queue's order by time is the order of
        sign-ups under the standing test clock."""
        self.clock.advance(seconds=1)
        data = {
            "nik": SITI_NIK,
            "full_name": "Siti Rahma",
            "birth_date": "1990-01-01",
            "phone": "081234567890",
            "password": PASSWORD,
        } | overrides
        return signup.register_citizen(self.uow(), self.passwords, self.clock, **data)

    def activate(self, nik: str = SITI_NIK, code: str | None = None, phone: str = "081234567890"):
        """Sign-up's second step, with the code the phone received unless `code` is given."""
        return signup.activate_citizen(
            self.uow(), self.keys, self.clock, nik=nik, code=code if code is not None else self.last_code(phone)
        )

    def signup(self, **overrides):
        """Register and activate (the code read from the SMS queue): the account, active at level 1."""
        pending = self.register(**overrides)
        if pending.status != "pending_verification":
            return pending  # a retried sign-up of an active account
        self.activate(pending.nik, phone=overrides.get("phone", "081234567890"))
        return services.get_account(self.uow(), pending.id)

    # -- the SMS queue, read as the phones would -------------------------------------------------------
    def sms(self, phone: str | None = None) -> list[dict]:
        """Queued SMS oldest first, decrypted: {"to", "message", "kind", "status", "id"}."""
        wanted = normalise_phone(phone) if phone else None
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(deliveries).order_by(deliveries.c.created_at, deliveries.c.id)).all()
        found = []
        for row in rows:
            to = self.cipher.decrypt(row.destination_encrypted, sms.DESTINATION_CONTEXT)
            if wanted is None or to == wanted:
                message = sms.read_message(self.cipher, row.message)
                found.append({"to": to, "message": message, "kind": row.kind, "status": row.status, "id": row.id})
        return found

    def last_code(self, phone: str = "081234567890", kind: str | None = None) -> str:
        messages = [m for m in self.sms(phone) if kind is None or m["kind"] == kind]
        assert messages, f"no SMS to {phone}"
        return code_in(messages[-1]["message"])

    def login(self, username: str, password: str = PASSWORD):
        return services.login(self.uow(), self.passwords, self.keys, self.clock, username=username, password=password)

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(self.keys.public_key)

    def identity_verifier(self, revocations: RevocationList | None = None) -> TokenVerifier:
        """Identity's own verifier as IdentityApp.verifier() makes it: `revocations` (default this
        replica's) loaded from the table, then kept in memory."""
        revocations = self.revocations if revocations is None else revocations
        sessions.load_revocations(self.uow(), revocations, self.clock())
        return TokenVerifier(self.keys.public_key, revocations=revocations)

    def principal_of(self, username: str, password: str = PASSWORD) -> Principal:
        """Log in and verify the access token exactly as every service does."""
        return self.verifier().verify(self.login(username, password).access_token)

    def agency(self, code="dpmptsp-7571", name="DPMPTSP Kota Gorontalo", region_code="75.71"):
        return admin.create_agency(self.uow(), self.clock, code=code, name=name, region_code=region_code)

    def officer(self, agency, username: str, jurisdiction, full_name="Petugas Kota", agency_head=False):
        return admin.create_officer(
            self.uow(),
            self.passwords,
            self.clock,
            agency_id=agency.id,
            username=username,
            full_name=full_name,
            password=PASSWORD,
            jurisdiction=list(jurisdiction),
            agency_head=agency_head,
        )

    def desk_officer(self, username="petugas.kelurahan.kota", code="kelurahan-7571", region="75.71") -> Principal:
        """An officer of a population-registry desk (kelurahan or Disdukcapil), signed in: may check
        residents in person within `region`."""
        with self.uow() as uow:
            agency = uow.agencies.by_code(code)
        agency = agency or self.agency(code=code, name=f"Pelayanan {code}", region_code=region)
        self.officer(agency, username, [region], full_name=f"Petugas {code}")
        return self.principal_of(username)

    def at_level_two(self, account):
        """`account` checked in person (see mark_checked_in_person), as it is now."""
        mark_checked_in_person(self.uow, account.id, self.clock())
        return services.get_account(self.uow(), account.id)

    def check_in_person(self, citizen: Principal, officer: Principal, nik: str = SITI_NIK, **extra):
        """The resident shows a fresh QR, the officer confirms it against the e-KTP: level 2."""
        started = assurance.start_in_person_check(self.uow(), self.clock, citizen)
        return assurance.confirm_in_person_check(
            self.uow(),
            self.clock,
            officer,
            challenge=started.challenge,
            nik=nik,
            purpose="Aktivasi IKD di loket",
            **extra,
        )

    def api_client(self, name="Bank SulutGo Cabang Gorontalo", rate_limit_per_minute=60):
        client, secret = admin.create_api_client(
            self.uow(), self.clock, name=name, rate_limit_per_minute=rate_limit_per_minute
        )
        return client, basic(client.id, secret)

    @staticmethod
    def basic(client_id: str, secret: str) -> str:
        return basic(client_id, secret)

    # -- what is in the database ------------------------------------------------------------------
    def rows(self, table) -> list:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(table)).all()

    def count(self, table) -> int:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()

    def events(self, type_: str | None = None) -> list[dict]:
        """Outbox envelopes in order (optionally of one type), each with its raw text under '_raw'."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(outbox).order_by(outbox.c.seq)).all()
        found = []
        for row in rows:
            if type_ is None or row.subject == type_:
                found.append(json.loads(row.envelope) | {"_raw": row.envelope})
        return found


def code_in(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


def queued_code(uow_factory, phone: str) -> str:
    """The code of the newest SMS to `phone` in identity's queue, as its phone would read it."""
    wanted = normalise_phone(phone)
    with uow_factory() as uow:
        rows = uow.session.execute(sa.select(deliveries).order_by(deliveries.c.created_at)).all()
        for row in reversed(rows):
            if uow.cipher.decrypt(row.destination_encrypted, sms.DESTINATION_CONTEXT) == wanted:
                return code_in(sms.read_message(uow.cipher, row.message))
    raise AssertionError(f"no SMS to {phone[:5]}...")


@pytest.fixture
def code_sent():
    """queued_code(uow_factory, phone): for tests with an app of their own (app.uow)."""
    return queued_code


def mark_checked_in_person(uow_factory, account_id: str, at: dt.datetime) -> None:
    """Level 2 without the officer's visit (no access-log entry, no event): for tests about what
    level 2 allows, not about how it is reached."""
    with uow_factory() as uow:
        account = uow.accounts.get(account_id)
        account.in_person_checked_at = at
        uow.accounts.save(account)
        uow.commit()


@pytest.fixture
def checked_in_person():
    """mark_checked_in_person(uow_factory, account_id, at)."""
    return mark_checked_in_person


def _grpc_app(tmp_path, register: str, transport, **settings):
    """A real app from bootstrap() on SQLite, for the in-process gRPC tests. The bus is created, never
    started (events stay in the outbox); rate limits get a namespace of the test's own."""
    values = dict(
        name="identity",
        listen="127.0.0.1:0",
        metrics_port=0,
        database_url=f"sqlite:///{tmp_path / 'identity.db'}",
        nats_url="nats://127.0.0.1:1",
        stream="GORONTALO_TEST",
        identity_addr="127.0.0.1:1",
        var_dir=tmp_path,
        grace_seconds=1.0,
        max_workers=4,
        log_level="INFO",
        rate_limit_namespace=f"test-{uuid.uuid4().hex}",
    )
    application = bootstrap(ServiceSettings(**(values | settings)), transport=transport)
    assert (
        import_register(application.uow(), application.clock, register).created
        == len(register.strip().splitlines()) - 1
    )
    return application


@pytest.fixture
def grpc_app():
    """grpc_app(tmp_path, register_csv_text, transport, **settings): for a test module's own `app` fixture."""
    return _grpc_app


@pytest.fixture
def stub(app):
    """The module's `app` served by the platform's runtime (interceptors, access rules, rich errors)."""
    runtime = ServiceRuntime(
        tls=testing_pki.server_source("identity"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=app.verifier(),
        bus=None,
        max_workers=4,
        registrations=[
            Registration(identity_pb2_grpc.add_IdentityServiceServicer_to_server, IdentityServicer(app), SERVICE_NAME)
        ],
        catalog=app.catalog,
    )
    server, _health, port = runtime.build()
    server.start()
    channel = testing_pki.test_channel(f"127.0.0.1:{port}")
    stub = identity_pb2_grpc.IdentityServiceStub(channel)
    # The same server as another machine would reach it, e.g. stub.calling_as("inbox") for GetContact.
    stub.calling_as = lambda service: identity_pb2_grpc.IdentityServiceStub(
        testing_pki.test_channel(f"127.0.0.1:{port}", service, expect="identity")
    )
    try:
        yield stub
    finally:
        channel.close()
        server.stop(None)


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture
def ident_empty(database_url, tmp_path):
    """Migrated database, no register, no accounts."""
    environment = IdentityEnv(database_url, tmp_path)
    yield environment
    environment.engine.dispose()


@pytest.fixture
def ident(ident_empty):
    """Like ident_empty, with Siti, Nur (Kota Gorontalo) and Ahmad (Pohuwato) in the register."""
    report = ident_empty.import_rows(BASE_ROWS)
    assert report.ok and report.created == 3
    return ident_empty
