"""gorontalo-permits: serve, migrate the database, check a permit catalog file."""

from __future__ import annotations

import argparse
import collections
import json
import sys

from servicekit import clients, db, keys
from servicekit import logging as json_logging
from servicekit.server import Registration, ServiceRuntime

from .. import bootstrap as composition
from .. import messages
from ..adapters import catalog as catalog_adapter
from ..domain.catalog import CatalogError


def serve(_args) -> int:
    from gorontalo.permits.v1 import permits_pb2_grpc

    from .grpc_servicer import PermitsServicer

    settings = composition.load_settings()
    json_logging.configure("permits", settings.log_level)
    app = composition.bootstrap(settings)
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier,
        bus=app.bus,
        on_stop=[app.close],
        catalog=messages.CATALOG,
        registrations=[
            Registration(
                permits_pb2_grpc.add_PermitsServiceServicer_to_server, PermitsServicer(app), composition.SERVICE_NAME
            )
        ],
    ).run()
    return 0


def precheck_worker(_args) -> int:
    from ..adapters.identity_register import IdentityRegister
    from ..adapters.ocr import TesseractOcr
    from . import precheck_worker as worker

    settings = composition.load_settings()
    json_logging.configure("permits", settings.log_level)
    return worker.main(
        settings,
        build_app=lambda s: composition.bootstrap(s, migrate=False),
        build_ocr=lambda: TesseractOcr(nice=worker.NICENESS),
        # identity admits this call by the permits certificate (peers): no token is sent.
        build_register=lambda s: IdentityRegister(clients.channel(s.identity_addr, "identity", caller=s.name)),
    )


def evaluate_precheck(args) -> int:
    from ..evaluation import report

    return report.main(count=args.count, seed=args.seed, output=args.output)


def precheck_figures(args) -> int:
    """Officers' dismissals of pre-check flags on real applications: the field figure of its precision."""
    import datetime as dt

    from ..service_layer import precheck

    settings = composition.load_settings()
    json_logging.configure("permits", settings.log_level)
    since = dt.datetime.fromisoformat(args.since).replace(tzinfo=dt.UTC) if args.since else None
    app = composition.bootstrap(settings, migrate=False)
    try:
        figures = precheck.field_figures(app.uow(), since)
    finally:
        app.close()
    print(json.dumps({"since": args.since or None, "flags": figures}, ensure_ascii=False))
    return 0


def migrate(_args) -> int:
    settings = composition.load_settings()
    json_logging.configure("permits", settings.log_level)
    return db.run_migrate_command(settings.database_url, composition.migrations_path())


def check_catalog(args) -> int:
    """Validate a catalog file before it is deployed; prints a summary or every problem."""
    path = args.path or composition.catalog_path()
    try:
        catalog = catalog_adapter.load(path)
    except CatalogError as error:
        print(f"invalid: {error}", file=sys.stderr)
        return 1
    by_risk = collections.Counter(t.risk_level for t in catalog.all())
    print(
        json.dumps(
            {"path": str(path), "permit_types": len(catalog), "by_risk_level": dict(sorted(by_risk.items()))},
            ensure_ascii=False,
        )
    )
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-permits", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "serve", help="run the gRPC server (migrates the database first unless MIGRATE_ON_START=false)"
    ).set_defaults(func=serve)
    commands.add_parser("migrate", help="bring the database to the newest schema").set_defaults(func=migrate)
    commands.add_parser(
        "precheck-worker",
        help="read uploaded documents (OCR) and write pre-check reports, at low priority, one at a time",
    ).set_defaults(func=precheck_worker)
    evaluate = commands.add_parser(
        "evaluate-precheck",
        help="field accuracy and flag precision/recall of the pre-check on synthetic labelled cards",
    )
    evaluate.add_argument("--count", type=int, default=200, help="how many card images (default 200)")
    evaluate.add_argument("--seed", type=int, default=22, help="random seed of the generated set")
    evaluate.add_argument("--output", help="also write the figures as JSON to this file")
    evaluate.set_defaults(func=evaluate_precheck)
    figures = commands.add_parser(
        "precheck-figures",
        help="pre-check flags raised and dismissed by officers, per kind (the published field precision)",
    )
    figures.add_argument("--since", help="only flags raised from this date (YYYY-MM-DD, UTC)")
    figures.set_defaults(func=precheck_figures)
    check = commands.add_parser(
        "check-catalog",
        help="validate a permit catalog JSON file (default: $PERMITS_CATALOG_PATH or the shipped catalog)",
    )
    check.add_argument("path", nargs="?")
    check.set_defaults(func=check_catalog)
    keys.add_commands(commands, composition.KEY_LAYOUT)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
