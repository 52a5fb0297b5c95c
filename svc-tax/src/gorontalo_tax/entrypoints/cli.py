"""gorontalo-tax: serve, show or check the PKB rate table, quote a PKB, import tax objects, generate bills."""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

from servicekit import db, keys
from servicekit import logging as json_logging
from servicekit.errors import Validator
from servicekit.server import Registration, ServiceRuntime

from .. import bootstrap as composition
from .. import messages
from ..adapters import rate_table
from ..domain.dates import EARLIEST, LATEST, date_field
from ..domain.model import MAX_TAXABLE_VALUE, VEHICLE_TYPES
from ..domain.pkb import RateTableError
from ..service_layer import imports


def serve(_args) -> int:
    from gorontalo.tax.v1 import tax_pb2_grpc

    from .grpc_servicer import TaxServicer

    settings = composition.load_settings()
    json_logging.configure("tax", settings.log_level)
    app = composition.bootstrap(settings)
    from prometheus_client import REGISTRY

    from ..adapters.bill_metrics import BillStatusCollector

    REGISTRY.register(BillStatusCollector(app.session_factory))
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier,
        bus=app.bus,
        catalog=messages.CATALOG,
        registrations=[
            Registration(tax_pb2_grpc.add_TaxServiceServicer_to_server, TaxServicer(app), composition.SERVICE_NAME)
        ],
    ).run()
    return 0


def rates(args) -> int:
    """Print the effective rate table; with --file, check that file instead (before deploying it)."""
    try:
        table = rate_table.load(args.file) if args.file else composition.load_rates()
    except (RateTableError, OSError) as error:
        print(f"invalid rate table: {error}", file=sys.stderr)
        return 1
    print(json.dumps(table.to_dict(), indent=2))
    return 0


def quote(args) -> int:
    """The annual PKB and opsen a vehicle would be assessed, without registering anything."""
    if not 1 <= args.taxable_value <= MAX_TAXABLE_VALUE or args.ownership_order < 1:
        print("taxable value must be 1..10^12 rupiah and the ownership order at least 1", file=sys.stderr)
        return 1
    try:
        table = composition.load_rates()
    except (RateTableError, OSError) as error:
        print(f"invalid rate table: {error}", file=sys.stderr)
        return 1
    assessment = table.assess(args.vehicle_type, args.taxable_value, args.ownership_order)
    print(
        json.dumps(
            {
                "vehicle_type": args.vehicle_type,
                "taxable_value": args.taxable_value,
                "ownership_order": args.ownership_order,
                "weight_permille": assessment.weight_permille,
                "rate_basis_points": assessment.rate_basis_points,
                "annual_pkb": assessment.annual_pkb,
                "annual_opsen_pkb": assessment.annual_opsen_pkb,
                "annual_total": assessment.annual_pkb + assessment.annual_opsen_pkb,
            }
        )
    )
    return 0


def import_objects(args) -> int:
    """Load vehicles and properties (CSV, columns in imports.COLUMNS): all rows or none; re-running changes nothing."""
    try:
        text = pathlib.Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"cannot read {args.file}: {error}", file=sys.stderr)
        return 1
    app = composition.bootstrap()
    report = imports.import_objects(app.uow(), app.rates, app.cipher, app.clock, text)
    for error in report.errors:
        print(
            json.dumps(
                {
                    "line": error.line,
                    "field": error.field,
                    "reason": error.reason,
                    "detail": messages.translate(error.reason, **error.params),
                },
                ensure_ascii=False,
            ),
            file=sys.stderr,
        )
    if report.errors:
        print(f"{len(report.errors)} problem(s); nothing imported", file=sys.stderr)
        return 1
    print(json.dumps({"created": report.created, "unchanged": report.unchanged}))
    return 0


def generate_bills(args) -> int:
    """Issue the annual PKB and PBB-P2 bills of a tax year; running it again issues nothing twice."""
    due = None
    if args.due_date:
        checked = Validator()
        due = date_field(checked, "due_date", args.due_date)
        if not checked.ok:
            print(f"--due-date must be YYYY-MM-DD between {EARLIEST} and {LATEST}", file=sys.stderr)
            return 1
    app = composition.bootstrap()
    report = imports.generate_bills(app.uow, app.pbb_rates, app.clock, args.year, due)
    print(
        json.dumps(
            {
                "tax_year": args.year,
                "issued": report.issued,
                "existing": report.existing,
                "nothing_owed": report.nothing_owed,
            }
        )
    )
    return 0


def generate_objects(args) -> int:
    """Sample master data (vehicles and properties) for the NIKs of a population register CSV."""
    from . import sample_objects

    try:
        niks = sample_objects.niks_from_register(pathlib.Path(args.register).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, KeyError) as error:
        print(f"cannot read the register {args.register}: {error}", file=sys.stderr)
        return 1
    pathlib.Path(args.output).write_text(
        sample_objects.to_csv(sample_objects.generate(niks, args.seed)), encoding="utf-8"
    )
    return 0


def bank_simulator(args) -> int:
    from . import bank_simulator as simulator

    if args.amount < 1:
        print("--amount must be a positive whole number of rupiah", file=sys.stderr)
        return 1
    try:
        return simulator.pay(args, composition.channels_path(composition.load_settings()))
    except (KeyError, OSError, ValueError) as error:  # no secret for the channel, gateway unreachable
        print(f"bank simulator: {error}", file=sys.stderr)
        return 1


def migrate(_args) -> int:
    settings = composition.load_settings()
    json_logging.configure("tax", settings.log_level)
    return db.run_migrate_command(settings.database_url, composition.migrations_path())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-tax", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server").set_defaults(func=serve)
    commands.add_parser(
        "migrate", help="bring the database to the newest schema (run once per release when MIGRATE_ON_START=false)"
    ).set_defaults(func=migrate)
    show = commands.add_parser("rates", help="print the effective PKB rate table ($TAX_RATES_PATH or the default)")
    show.add_argument("--file", help="check this rate table file instead of the effective one")
    show.set_defaults(func=rates)
    estimate = commands.add_parser("quote", help="compute the annual PKB and opsen for a vehicle")
    estimate.add_argument("--vehicle-type", required=True, choices=VEHICLE_TYPES)
    estimate.add_argument("--taxable-value", required=True, type=int, help="NJKB in whole rupiah")
    estimate.add_argument("--ownership-order", type=int, default=1, help="1 for the owner's first vehicle")
    estimate.set_defaults(func=quote)
    load = commands.add_parser("import-objects", help="import vehicles and properties from CSV (all or nothing)")
    load.add_argument("file", help=f"CSV with the columns {','.join(imports.COLUMNS)}")
    load.set_defaults(func=import_objects)
    sample = commands.add_parser("generate-objects", help="write sample vehicles and properties for a register's NIKs")
    sample.add_argument("--register", required=True, help="population register CSV with a nik column")
    sample.add_argument("--output", required=True)
    sample.add_argument("--seed", type=int, default=1)
    sample.set_defaults(func=generate_objects)
    generate = commands.add_parser("generate-bills", help="issue the annual bills of a tax year (idempotent)")
    generate.add_argument("--year", required=True, type=int, choices=range(2000, 2101), metavar="YEAR")
    generate.add_argument("--due-date", help="YYYY-MM-DD; default 30 June (PKB) and 31 August (PBB-P2)")
    generate.set_defaults(func=generate_bills)
    bank = commands.add_parser("bank-simulator", help="act as a bank: send signed payment notifications")
    bank_commands = bank.add_subparsers(dest="action", required=True)
    paying = bank_commands.add_parser("pay", help="notify the payment of a billing code, signed as a channel must")
    paying.add_argument("--billing-code", required=True)
    paying.add_argument("--amount", required=True, type=int, help="whole rupiah")
    paying.add_argument("--gateway", required=True, help="e.g. http://127.0.0.1:8080")
    paying.add_argument("--channel", default="bank-sulutgo")
    paying.add_argument("--transaction-id", help="the bank's transaction id (default: a fresh one)")
    paying.add_argument("--paid-at", help="ISO 8601 time the bank took the money (default: now)")
    paying.add_argument(
        "--secret-file",
        help="the channel secret, or a channels JSON file "
        "(default: $TAX_CHANNEL_SECRET, else the service's file in VAR_DIR)",
    )
    paying.add_argument("--replay", action="store_true", help="send the identical signed request twice")
    paying.add_argument("--forge", action="store_true", help="sign with a wrong secret (must be refused)")
    paying.add_argument("--timestamp-offset", type=int, default=0, help="seconds added to the timestamp")
    paying.set_defaults(func=bank_simulator)
    keys.add_commands(commands, composition.KEY_LAYOUT)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
