"""gorontalo-disaster: serve, and list recent reports for the BPBD's duty officer."""
from __future__ import annotations

import argparse
import json
import sys

from servicekit import logging as json_logging
from servicekit.errors import ServiceError, describe
from servicekit.server import Registration, ServiceRuntime

from ..bootstrap import SERVICE_NAME, bootstrap, load_settings
from ..service_layer import services


def serve(_args) -> int:
    from gorontalo.disaster.v1 import disaster_pb2_grpc

    from .grpc_servicer import DisasterServicer

    settings = load_settings()
    json_logging.configure("disaster", settings.log_level)
    app = bootstrap(settings, register_metrics=True)
    ServiceRuntime.from_settings(
        settings, verifier=app.verifier, bus=app.bus,
        registrations=[Registration(disaster_pb2_grpc.add_DisasterServiceServicer_to_server,
                                    DisasterServicer(app), SERVICE_NAME)],
    ).run()
    return 0


def recent(args) -> int:
    """Newest reports as JSON lines (without the reporter's account id)."""
    app = bootstrap()
    try:
        reports, _ = services.list_reports(app.uow(), hazard=args.hazard or "", page_size=args.limit)
    except ServiceError as error:
        print(describe(error), file=sys.stderr)
        return 1
    for report in reports:
        print(json.dumps({
            "id": report.id, "hazard": report.hazard, "latitude": report.latitude,
            "longitude": report.longitude, "source": report.source, "verified_reporter": report.verified_reporter,
            "observed_at": report.observed_at.isoformat(), "received_at": report.received_at.isoformat(),
            "description": report.description,
        }, ensure_ascii=False))
    return 0


def import_cap(args) -> int:
    """Import a CAP 1.2 file from another agency (e.g. BMKG); its event goes out through the outbox."""
    from ..service_layer import alerts

    app = bootstrap()
    try:
        with open(args.path, "rb") as handle:
            document = handle.read()
        alert, created = alerts.import_cap(app.uow(), app.clock, None, document)
    except OSError as error:
        print(f"cannot read {args.path}: {error}", file=sys.stderr)
        return 1
    except ServiceError as error:
        print(describe(error), file=sys.stderr)
        return 1
    print(json.dumps({"id": alert.id, "identifier": alert.identifier, "sender": alert.sender,
                      "source": alert.source, "hazard": alert.hazard, "created": created}))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-disaster", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server and the complaints consumer").set_defaults(func=serve)
    latest = commands.add_parser("recent", help="print the newest reports as JSON lines")
    latest.add_argument("--hazard", help="only this hazard, e.g. banjir")
    latest.add_argument("--limit", type=int, default=20, help="how many (at most 100)")
    latest.set_defaults(func=recent)
    importer = commands.add_parser("import-cap", help="import a CAP 1.2 alert file (BMKG and other agencies)")
    importer.add_argument("path")
    importer.set_defaults(func=import_cap)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
