"""Use cases and repository of svc-identity on SQLite and PostgreSQL."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from gorontalo_identity.adapters import sms
from gorontalo_identity.adapters.signing import KeyRing
from gorontalo_identity.adapters.tables import accounts, deliveries
from gorontalo_identity.bootstrap import Argon2Passwords, migrations_path
from gorontalo_identity.service_layer import services, signup
from gorontalo_identity.service_layer.register_import import import_register
from gorontalo_identity.service_layer.unit_of_work import IdentityUnitOfWork
from servicekit import db
from servicekit.auth import TokenVerifier
from servicekit.errors import AlreadyExists, InvalidArgument, Unauthenticated
from servicekit.messaging import outbox
from servicekit.pii import PiiCipher

NIK = "7571014101900003"
REGISTER = """nik,kk_number,full_name,birth_place,birth_date,sex,address,village_code
7571014101900003,7571010101100001,Siti Rahma,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001
7571014101900004,7571010101100001,Nur Aini,Gorontalo,1990-01-01,P,Jl. Nani Wartabone 1,75.71.01.1001
"""


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def env(database_url, tmp_path):
    engine = db.make_engine(database_url)
    db.migrate(engine, migrations_path())
    cipher = PiiCipher.from_file(tmp_path / "pii.json")
    factory = db.session_factory(engine)
    clock = Clock()
    uow = lambda: IdentityUnitOfWork(factory, cipher)  # noqa: E731
    report = import_register(uow(), clock, REGISTER)
    assert report.ok and report.created == 2
    yield {
        "uow": uow,
        "engine": engine,
        "clock": clock,
        "keys": KeyRing(tmp_path / "keys"),
        "passwords": Argon2Passwords(),
        "cipher": cipher,
    }
    engine.dispose()


def _register(env, **overrides):
    data = {
        "nik": NIK,
        "full_name": "Siti  Rahma",
        "birth_date": "1990-01-01",
        "phone": "0812-3456-7890",
        "password": "kata-sandi-aman",
    } | overrides
    env["clock"].now += dt.timedelta(milliseconds=1)  # the SMS queue's order is the order of sign-ups
    pending = signup.register_citizen(env["uow"](), env["passwords"], env["clock"], **data)
    assert pending.status == "pending_verification"
    signup.activate_citizen(env["uow"](), env["keys"], env["clock"], nik=data["nik"], code=_last_code(env))
    return services.get_account(env["uow"](), pending.id)


def _last_code(env) -> str:
    """The code of the newest SMS in identity's queue (the text is stored encrypted)."""
    with env["engine"].connect() as connection:
        row = connection.execute(sa.select(deliveries).order_by(deliveries.c.created_at.desc())).first()
    return re.search(r"\d{6}", sms.read_message(env["cipher"], row.message)).group(0)


def test_register_encrypts_personal_numbers_and_records_one_event(env):
    account = _register(env)
    with env["engine"].connect() as connection:
        row = connection.execute(sa.select(accounts)).one()
        events = connection.execute(sa.select(outbox)).all()
        queued = connection.execute(sa.select(deliveries)).one()
    stored = " ".join(str(value) for value in row)
    assert NIK not in stored and "6281234567890" not in stored and "81234567890" not in stored
    # The SMS queue holds neither the number nor the code as they are.
    code = re.search(r"\d{6}", sms.read_message(env["cipher"], queued.message)).group(0)
    assert not [v for v in map(str, queued) if "81234567890" in v or code in v]
    assert row.full_name == "Siti Rahma"  # the register's spelling, not the typed one
    assert len(events) == 1 and events[0].subject == "gorontalo.identity.citizen.registered"
    assert NIK not in events[0].envelope
    found = env["uow"]()
    with found:
        again = found.accounts.by_nik(NIK)
    assert again.id == account.id and again.phone == "+6281234567890" and again.regency_code == "75.71"


def test_a_duplicate_nik_is_refused_and_a_phone_in_use_moves_to_whoever_proves_it(env):
    siti = _register(env)
    with pytest.raises(AlreadyExists):
        signup.register_citizen(
            env["uow"](),
            env["passwords"],
            env["clock"],
            nik=NIK,
            full_name="Siti Rahma",
            birth_date="1990-01-01",
            phone="081299999999",
            password="another-password",
        )
    nur = _register(env, nik="7571014101900004", full_name="nur aini")  # the same phone number
    assert nur.phone == "+6281234567890" and nur.acr == 1
    siti = services.get_account(env["uow"](), siti.id)
    assert siti.phone is None and siti.acr == 0 and siti.required_action == "verify_phone"
    with env["engine"].connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(accounts)).scalar() == 2
        types = [row.subject for row in connection.execute(sa.select(outbox).order_by(outbox.c.seq))]
    assert types == [
        "gorontalo.identity.citizen.registered",
        "gorontalo.identity.citizen.assurance_changed",  # Siti lost the number: acr 1 -> 0
        "gorontalo.identity.citizen.registered",
    ]


def test_invalid_input_reports_every_field(env):
    with pytest.raises(InvalidArgument) as caught:
        signup.register_citizen(
            env["uow"](),
            env["passwords"],
            env["clock"],
            nik="123",
            full_name="",
            birth_date="1990-02-30",
            phone="999",
            password="short",
        )
    fields = {v.field: v.reason for v in caught.value.violations}
    assert fields == {
        "nik": "nik_not_16_digits",
        "full_name": "required",
        "birth_date": "invalid_date",
        "phone": "phone_invalid",
        "password": "password_weak",
    }


def test_login_by_nik_or_phone_and_token_claims(env):
    account = _register(env)
    for username in (NIK, "081234567890", "+62 812 3456 7890"):
        session = services.login(
            env["uow"](), env["passwords"], env["keys"], env["clock"], username=username, password="kata-sandi-aman"
        )
        assert session.expires_in == 900 and session.refresh_token
    # Verified as every other service does; the clock here is the real one, so sign with it.
    fresh = services.login(
        env["uow"](),
        env["passwords"],
        env["keys"],
        lambda: dt.datetime.now(dt.UTC),
        username=NIK,
        password="kata-sandi-aman",
    )
    principal = TokenVerifier(env["keys"].public_key).verify(fresh.access_token)
    assert principal.subject == account.id and principal.role == "citizen" and principal.jurisdiction == ()
    assert principal.acr == 1 and fresh.acr == 1 and fresh.required_action == ""


def test_lockout_after_five_failures_within_fifteen_minutes(env):
    _register(env)
    login = lambda password: services.login(
        env["uow"](),
        env["passwords"],
        env["keys"],
        env["clock"],  # noqa: E731
        username=NIK,
        password=password,
    )
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            login("wrong-password")
    with pytest.raises(Unauthenticated) as locked:
        login("wrong-password")
    # Locked now, but answered as any failure: "locked" would confirm the NIK has an account.
    assert locked.value.reason == "login_failed"
    with pytest.raises(Unauthenticated):
        login("kata-sandi-aman")  # even the right password waits out the lock
    env["clock"].now += dt.timedelta(minutes=16)
    assert login("kata-sandi-aman").access_token


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(env):
    _register(env)
    for _ in range(8):
        with pytest.raises(Unauthenticated):
            services.login(env["uow"](), env["passwords"], env["keys"], env["clock"], username=NIK, password="nope")
        env["clock"].now += dt.timedelta(minutes=4)


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(env):
    with pytest.raises(Unauthenticated) as unknown:
        services.login(
            env["uow"](),
            env["passwords"],
            env["keys"],
            env["clock"],
            username="7571014101909999",
            password="whatever-123",
        )
    assert unknown.value.reason == "login_failed"


def test_officer_needs_agency_and_gorontalo_jurisdiction(env):
    with pytest.raises(InvalidArgument) as caught:
        services.create_staff(
            env["uow"](),
            env["passwords"],
            env["clock"],
            role="officer",
            username="p1",
            full_name="Petugas",
            password="kata-sandi-aman",
            agency="",
            jurisdiction=["73.71"],
        )
    assert {v.field for v in caught.value.violations} == {"username", "agency", "jurisdiction"}
    officer = services.create_staff(
        env["uow"](),
        env["passwords"],
        env["clock"],
        role="officer",
        username="petugas.kota",
        full_name="Petugas Kota",
        password="kata-sandi-aman",
        agency="DPMPTSP Kota Gorontalo",
        jurisdiction=["7571"],
    )
    assert officer.jurisdiction == ["75.71"]
