"""gorontalo-complaints: serve, and look a complaint up by the tracking code a caller reads out."""
from __future__ import annotations

import argparse
import json
import sys

from servicekit import logging as json_logging
from servicekit.config import ServiceSettings
from servicekit.errors import ServiceError
from servicekit.i18n import translate
from servicekit.server import Registration, ServiceRuntime

from ..bootstrap import SERVICE_NAME, bootstrap
from ..service_layer import services


def serve(_args) -> int:
    from gorontalo.complaints.v1 import complaints_pb2_grpc

    from .grpc_servicer import ComplaintsServicer

    settings = ServiceSettings.from_env("complaints")
    json_logging.configure("complaints", settings.log_level)
    app = bootstrap(settings)
    ServiceRuntime(
        listen=settings.listen, metrics_port=settings.metrics_port, verifier=app.verifier,
        registrations=[Registration(complaints_pb2_grpc.add_ComplaintsServiceServicer_to_server,
                                    ComplaintsServicer(app), SERVICE_NAME)],
        bus=app.bus, grace_seconds=settings.grace_seconds, max_workers=settings.max_workers,
    ).run()
    return 0


def _describe(error: ServiceError) -> str:
    lines = [translate(error.reason, "en", **error.params)]
    lines += [f"  {v.field}: {translate(v.reason, 'en', **v.params)}" for v in error.violations]
    return "\n".join(lines)


def lookup(args) -> int:
    """The public view of a complaint, as anyone holding the code sees it (no reporter is ever shown)."""
    app = bootstrap()
    try:
        view = services.get_complaint(app.uow(), None, args.tracking_code)
    except ServiceError as error:
        print(_describe(error), file=sys.stderr)
        return 1
    print(json.dumps({
        "tracking_code": view.tracking_code, "status": view.status, "category": view.category,
        "title": view.title, "description": view.description, "region_code": view.region_code,
        "filed_at": view.filed_at.isoformat() if view.filed_at else "",
    }, ensure_ascii=False, indent=2))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-complaints", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server").set_defaults(func=serve)
    find = commands.add_parser("lookup", help="show the public part of a complaint by tracking code "
                               "(case-insensitive, dashes optional)")
    find.add_argument("tracking_code")
    find.set_defaults(func=lookup)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
