"""gorontalo-identity: serve, create staff accounts, seed demo accounts, rotate keys."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import secrets
import sys

from servicekit import db, keys, notify
from servicekit import logging as json_logging
from servicekit.config import ServiceSettings
from servicekit.errors import AlreadyExists, ServiceError, describe
from servicekit.server import Registration, ServiceRuntime

from ..bootstrap import KEY_LAYOUT, SERVICE_NAME, bootstrap, service_keys
from ..messages import CATALOG, translate
from ..service_layer import admin, register_import, services
from . import sample_register

DEMO_ACCOUNTS = [
    {"role": "admin", "username": "admin", "full_name": "Admin Diskominfo Provinsi Gorontalo"},
    {"role": "operator", "username": "operator", "full_name": "Operator Pemantauan Provinsi"},
    {
        "role": "officer",
        "username": "petugas.kota",
        "full_name": "Petugas DPMPTSP Kota Gorontalo",
        "agency": ("dpmptsp-7571", "DPMPTSP Kota Gorontalo", "75.71"),
        "jurisdiction": ["75.71"],
    },
    {
        "role": "officer",
        "username": "petugas.pohuwato",
        "full_name": "Petugas DPMPTSP Kabupaten Pohuwato",
        "agency": ("dpmptsp-7504", "DPMPTSP Kabupaten Pohuwato", "75.04"),
        "jurisdiction": ["75.04"],
    },
    {
        "role": "officer",
        "username": "dispatcher",
        "full_name": "Dispatcher Go-Gorontalo",
        "agency": ("diskominfo-75", "Diskominfo Provinsi Gorontalo", "75"),
        "jurisdiction": ["75"],
    },
    {
        "role": "officer",
        "username": "petugas.pupr.kota",
        "full_name": "Petugas Dinas PUPR Kota Gorontalo",
        "agency": ("dinas-pupr-7571", "Dinas PUPR Kota Gorontalo", "75.71"),
        "jurisdiction": ["75.71"],
    },
    {
        "role": "officer",
        "username": "kepala.pupr.kota",
        "full_name": "Kepala Dinas PUPR Kota Gorontalo",
        "agency": ("dinas-pupr-7571", "Dinas PUPR Kota Gorontalo", "75.71"),
        "jurisdiction": ["75.71"],
        "agency_head": True,
    },
    {
        "role": "officer",
        "username": "bapenda.provinsi",
        "full_name": "Petugas Bapenda Provinsi Gorontalo",
        "agency": ("bapenda-75", "Bapenda Provinsi Gorontalo", "75"),
        "jurisdiction": ["75"],
    },
    {
        "role": "officer",
        "username": "petugas.bpbd",
        "full_name": "Petugas BPBD Provinsi Gorontalo",
        "agency": ("bpbd-75", "BPBD Provinsi Gorontalo", "75"),
        "jurisdiction": ["75"],
    },
    # In-person checks (level 2) and takeover repair: a kelurahan desk of Kota Gorontalo and the
    # province's Disdukcapil (agency codes starting with IDENTITY_IN_PERSON_AGENCY_PREFIXES).
    {
        "role": "officer",
        "username": "petugas.kelurahan.kota",
        "full_name": "Petugas Pelayanan Kelurahan Kota Gorontalo",
        "agency": ("kelurahan-7571", "Pelayanan Adminduk Kelurahan Kota Gorontalo", "75.71"),
        "jurisdiction": ["75.71"],
    },
    {
        "role": "officer",
        "username": "petugas.disdukcapil.prov",
        "full_name": "Petugas Disdukcapil Provinsi Gorontalo",
        "agency": ("disdukcapil-75", "Dinas Kependudukan dan Pencatatan Sipil Provinsi Gorontalo", "75"),
        "jurisdiction": ["75"],
    },
    {
        "role": "officer",
        "username": "petugas.bpbd.bonebolango",
        "full_name": "Petugas BPBD Kabupaten Bone Bolango",
        "agency": ("bpbd-7503", "BPBD Kabupaten Bone Bolango", "75.03"),
        "jurisdiction": ["75.03"],
    },
]
DEMO_REGISTER_SIZE = 300


def serve(_args) -> int:
    from gorontalo.identity.v1 import identity_pb2_grpc

    from .grpc_servicer import IdentityServicer

    settings = ServiceSettings.from_env("identity")
    json_logging.configure("identity", settings.log_level)
    app = bootstrap(settings)
    on_stop = []
    if app.notify_interval_seconds > 0:  # 0: another process (or a cron) drains the SMS queue
        sender_loop = notify.SenderLoop(app.sender(), app.notify_interval_seconds).start()
        on_stop.append(lambda: sender_loop.stop(settings.grace_seconds))
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier(),
        bus=app.bus,
        registrations=[
            Registration(identity_pb2_grpc.add_IdentityServiceServicer_to_server, IdentityServicer(app), SERVICE_NAME)
        ],
        on_stop=on_stop,
        catalog=app.catalog,
    ).run()
    return 0


def send_sms(args) -> int:
    """Drain identity's SMS queue once: for set-ups with IDENTITY_NOTIFY_INTERVAL_SECONDS=0 (a cron)."""
    app = bootstrap()
    result = app.sender().send_due()
    print(json.dumps(vars(result)))
    return 0


def create_staff(args) -> int:
    password = os.environ.get("GORONTALO_NEW_PASSWORD") or getpass.getpass("Password: ")
    app = bootstrap()
    try:
        account = services.create_staff(
            app.uow(),
            app.passwords,
            app.clock,
            role=args.role,
            username=args.username,
            full_name=args.full_name,
            password=password,
            agency=args.agency or "",
            jurisdiction=args.jurisdiction or [],
        )
    except ServiceError as error:
        print(describe(error, catalog=CATALOG), file=sys.stderr)
        return 1
    print(json.dumps({"id": account.id, "role": account.role, "username": account.username}))
    return 0


def _demo_staff(app, spec: dict, password: str) -> None:
    with app.uow() as uow:
        if uow.accounts.by_username(spec["username"]):
            return  # seeded on an earlier run: hashing its password again costs ~0.1 s at every make run
    try:
        if spec["role"] != "officer":
            services.create_staff(
                app.uow(),
                app.passwords,
                app.clock,
                password=password,
                role=spec["role"],
                username=spec["username"],
                full_name=spec["full_name"],
            )
            return
        code, name, region = spec["agency"]
        with app.uow() as uow:
            agency = uow.agencies.by_code(code)
        agency = agency or admin.create_agency(app.uow(), app.clock, code=code, name=name, region_code=region)
        admin.create_officer(
            app.uow(),
            app.passwords,
            app.clock,
            agency_id=agency.id,
            username=spec["username"],
            full_name=spec["full_name"],
            password=password,
            jurisdiction=spec["jurisdiction"],
            agency_head=spec.get("agency_head", False),
        )
    except AlreadyExists:
        pass


def seed_demo(args) -> int:
    """Demo staff accounts and a generated register, once; passwords are kept in var/ (never printed)."""
    app = bootstrap()
    path = app.settings.var_dir / "demo-credentials.json"
    credentials = json.loads(path.read_text()) if path.exists() else {}
    for spec in DEMO_ACCOUNTS:
        password = credentials.get(spec["username"]) or secrets.token_urlsafe(12)
        _demo_staff(app, spec, password)
        credentials[spec["username"]] = password
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(credentials, handle, indent=2)
    register_path = app.settings.var_dir / "demo-register.csv"
    rows = sample_register.generate(DEMO_REGISTER_SIZE, seed=2026)
    register_path.write_text(sample_register.to_csv(rows))
    report = register_import.import_register(app.uow(), app.clock, register_path.read_text())
    if not args.quiet:
        # The path only: start-up output ends up in logs, and logs are read by more people than
        # should hold an admin password.
        print(
            f"Demo staff accounts ({len(DEMO_ACCOUNTS)}): usernames and passwords are in {path} "
            "(readable only by this user)"
        )
        sample = rows[0]
        print(
            f"Demo register: {len(rows)} generated residents in {register_path} "
            f"({report.created} new). Sign up as one of them, e.g."
        )
        print(f"  NIK {sample['nik']}  name {sample['full_name']!r}  birth date {sample['birth_date']}")
    return 0


def import_register_command(args) -> int:
    app = bootstrap()
    text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8-sig").read()
    report = register_import.import_register(app.uow(), app.clock, text)
    for line, problems in report.rejected:
        for problem in problems:
            print(f"line {line}: {problem.field}: {translate(problem.reason, 'en', **problem.params)}", file=sys.stderr)
    if not report.ok:
        print(f"rejected {len(report.rejected)} row(s); nothing was imported", file=sys.stderr)
        return 1
    print(json.dumps({"created": report.created, "updated": report.updated, "unchanged": report.unchanged}))
    return 0


def generate_register_command(args) -> int:
    text = sample_register.to_csv(sample_register.generate(args.count, seed=args.seed, regency=args.regency))
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    return 0


def rotate_keys(_args) -> int:
    """Development: a signing key used at once. Shared keys (IDENTITY_KEYS_DIR) rotate with `keys rotate`."""
    if service_keys(ServiceSettings.from_env("identity")).managed:
        print("IDENTITY_KEYS_DIR is set: rotate with `gorontalo-identity keys rotate --dir DIR`", file=sys.stderr)
        return 1
    app = bootstrap(migrate=False)
    kid = app.keys.add_key()
    app.keys.reload()
    print(json.dumps({"new_kid": kid, "jwks_kids": [k["kid"] for k in app.keys.jwks()["keys"]]}))
    print(
        "Restart svc-identity to sign with the new key; tokens signed before stay valid until they expire.",
        file=sys.stderr,
    )
    return 0


def migrate(_args) -> int:
    from ..adapters import migration_context
    from ..bootstrap import migrations_path

    settings = ServiceSettings.from_env("identity")
    json_logging.configure("identity", settings.log_level)
    cipher = service_keys(settings).pii_cipher()  # the serving replicas' keys, never a new one
    with migration_context.pii_cipher(cipher):  # 0004 re-encrypts phone numbers
        return db.run_migrate_command(settings.database_url, migrations_path())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-identity", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server").set_defaults(func=serve)
    commands.add_parser(
        "migrate", help="bring the database to the newest schema (run once per release when MIGRATE_ON_START=false)"
    ).set_defaults(func=migrate)
    staff = commands.add_parser(
        "create-staff",
        help="create an admin, operator or officer account (password from $GORONTALO_NEW_PASSWORD or a prompt)",
    )
    staff.add_argument("--role", required=True, choices=["admin", "operator", "officer"])
    staff.add_argument("--username", required=True)
    staff.add_argument("--full-name", required=True)
    staff.add_argument("--agency")
    staff.add_argument("--jurisdiction", nargs="*", help="region codes, e.g. 75.71")
    staff.set_defaults(func=create_staff)
    seed = commands.add_parser("seed-demo", help="create the demo staff accounts (idempotent)")
    seed.add_argument("--quiet", action="store_true")
    seed.set_defaults(func=seed_demo)
    commands.add_parser("rotate-keys", help="add a new signing key (development keys in VAR_DIR)").set_defaults(
        func=rotate_keys
    )
    keys.add_commands(commands, KEY_LAYOUT)
    commands.add_parser("send-sms", help="send the SMS (one-time codes) that are due, once").set_defaults(func=send_sms)
    importer = commands.add_parser("import-register", help="import a population register CSV (all or nothing)")
    importer.add_argument("file", help="CSV path, or - for standard input")
    importer.set_defaults(func=import_register_command)
    generator = commands.add_parser("generate-register", help="write a generated sample register CSV")
    generator.add_argument("--count", type=int, default=1000)
    generator.add_argument("--seed", type=int, default=1)
    generator.add_argument("--regency", help="only villages of this regency, e.g. 75.71")
    generator.add_argument("--output", default="-")
    generator.set_defaults(func=generate_register_command)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
