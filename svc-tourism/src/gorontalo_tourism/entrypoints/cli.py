"""gorontalo-tourism: serve, migrate, and import destinations (the whole file or nothing)."""

from __future__ import annotations

import argparse
import json
import sys

from servicekit import db
from servicekit import logging as json_logging
from servicekit.errors import ServiceError, describe
from servicekit.server import Registration, ServiceRuntime

from ..bootstrap import SERVICE_NAME, bootstrap, load_settings, migrations_path, seed_path
from ..messages import CATALOG


def serve(_args) -> int:
    from gorontalo.tourism.v1 import tourism_pb2_grpc

    from .grpc_servicer import TourismServicer

    settings = load_settings()
    json_logging.configure("tourism", settings.log_level)
    app = bootstrap(settings)
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier,
        bus=app.bus,
        registrations=[
            Registration(tourism_pb2_grpc.add_TourismServiceServicer_to_server, TourismServicer(app), SERVICE_NAME)
        ],
        catalog=app.catalog,
    ).run()
    return 0


def migrate(_args) -> int:
    settings = load_settings()
    json_logging.configure("tourism", settings.log_level)
    return db.run_migrate_command(settings.database_url, migrations_path())


def import_destinations(args) -> int:
    """One JSON line with the counts; on any problem every one is printed and nothing is written."""
    from ..service_layer import importing

    try:
        document = open(args.file, "rb").read() if args.file else seed_path().read_bytes()
    except OSError as error:
        print(f"{args.file}: cannot read: {error}", file=sys.stderr)
        return 1
    app = bootstrap()
    try:
        created, updated = importing.import_destinations(app.uow(), app.clock, None, document, offices=app.offices)
    except ServiceError as error:
        print(describe(error, args.lang, catalog=CATALOG), file=sys.stderr)
        return 1
    finally:
        app.engine.dispose()
    print(json.dumps({"created": created, "updated": updated}))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-tourism", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server and the permit revocations consumer").set_defaults(
        func=serve
    )
    commands.add_parser(
        "migrate", help="bring the database to the newest schema (run once per release when MIGRATE_ON_START=false)"
    ).set_defaults(func=migrate)
    importer = commands.add_parser(
        "import-destinations",
        help="import destinations from a JSON file (default: the shipped starting set); all or nothing",
    )
    importer.add_argument("file", nargs="?", metavar="FILE")
    importer.add_argument("--lang", choices=("id", "en"), default="id", help="language of the problems printed")
    importer.set_defaults(func=import_destinations)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
