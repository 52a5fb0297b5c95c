"""gorontalo-disaster: serve, and list recent reports for the BPBD's duty officer."""

from __future__ import annotations

import argparse
import json
import sys

from servicekit import db, keys
from servicekit import logging as json_logging
from servicekit.errors import ServiceError, describe
from servicekit.server import Registration, ServiceRuntime

from ..bootstrap import KEY_LAYOUT, SERVICE_NAME, bootstrap, load_settings
from ..messages import CATALOG, translate
from ..service_layer import services


def serve(_args) -> int:
    from gorontalo.disaster.v1 import disaster_pb2_grpc

    from .grpc_servicer import DisasterServicer

    settings = load_settings()
    json_logging.configure("disaster", settings.log_level)
    app = bootstrap(settings, register_metrics=True)
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier,
        bus=app.bus,
        registrations=[
            Registration(disaster_pb2_grpc.add_DisasterServiceServicer_to_server, DisasterServicer(app), SERVICE_NAME)
        ],
        catalog=app.catalog,
        on_stop=[app.close],
    ).run()
    return 0


def recent(args) -> int:
    """Newest reports as JSON lines (without the reporter's account id)."""
    app = bootstrap()
    try:
        reports, _ = services.list_reports(app.uow(), hazard=args.hazard or "", page_size=args.limit)
    except ServiceError as error:
        print(describe(error, catalog=CATALOG), file=sys.stderr)
        return 1
    for report in reports:
        print(
            json.dumps(
                {
                    "id": report.id,
                    "hazard": report.hazard,
                    "latitude": report.latitude,
                    "longitude": report.longitude,
                    "source": report.source,
                    "verified_reporter": report.verified_reporter,
                    "observed_at": report.observed_at.isoformat(),
                    "received_at": report.received_at.isoformat(),
                    "description": report.description,
                },
                ensure_ascii=False,
            )
        )
    return 0


def import_cap(args) -> int:
    """Import CAP 1.2 files from other agencies (e.g. a BMKG national feed); events go out through the outbox.

    One JSON line per file: imported (created or already there), skipped (valid CAP with no area in or
    near Gorontalo) or refused (not valid CAP 1.2, or a DTD). Exit 1 only when a file was refused or unreadable.
    """
    from ..service_layer import alerts

    app = bootstrap()
    counts = {"imported": 0, "skipped": 0, "refused": 0}
    for path in args.paths:
        try:
            with open(path, "rb") as handle:
                document = handle.read()
            alert, created = alerts.import_cap(app.uow(), app.clock, None, document)
        except OSError as error:
            counts["refused"] += 1
            print(json.dumps({"path": path, "refused": "unreadable"}))
            print(f"{path}: cannot read: {error}", file=sys.stderr)
            continue
        except alerts.ImportSkipped as skipped:
            counts["skipped"] += 1
            [why] = skipped.violations
            print(
                json.dumps(
                    {
                        "path": path,
                        "identifier": skipped.identifier,
                        "sender": skipped.sender,
                        "skipped": why.reason,
                        "detail": translate(why.reason, "en", **why.params),
                    }
                )
            )
            continue
        except ServiceError as error:
            counts["refused"] += 1
            reason = error.violations[0].reason if error.violations else error.reason
            print(json.dumps({"path": path, "refused": reason}))
            print(f"{path}: {describe(error, catalog=CATALOG)}", file=sys.stderr)
            continue
        counts["imported"] += 1
        print(
            json.dumps(
                {
                    "path": path,
                    "id": alert.id,
                    "identifier": alert.identifier,
                    "sender": alert.sender,
                    "source": alert.source,
                    "hazard": alert.hazard,
                    "created": created,
                    "active": alert.is_active(app.clock()),
                }
            )
        )
    print("imported {imported}, skipped {skipped}, refused {refused}".format(**counts), file=sys.stderr)
    return 1 if counts["refused"] else 0


def migrate(_args) -> int:
    from ..bootstrap import migrations_path

    settings = load_settings()
    json_logging.configure("disaster", settings.log_level)
    return db.run_migrate_command(settings.database_url, migrations_path())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-disaster", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server and the complaints consumer").set_defaults(func=serve)
    commands.add_parser(
        "migrate", help="bring the database to the newest schema (run once per release when MIGRATE_ON_START=false)"
    ).set_defaults(func=migrate)
    latest = commands.add_parser("recent", help="print the newest reports as JSON lines")
    latest.add_argument("--hazard", help="only this hazard, e.g. banjir")
    latest.add_argument("--limit", type=int, default=20, help="how many (at most 100)")
    latest.set_defaults(func=recent)
    importer = commands.add_parser(
        "import-cap",
        help="import CAP 1.2 alert files (BMKG and other agencies); alerts for elsewhere are skipped and reported",
    )
    importer.add_argument("paths", nargs="+", metavar="FILE")
    importer.set_defaults(func=import_cap)
    keys.add_commands(commands, KEY_LAYOUT)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
