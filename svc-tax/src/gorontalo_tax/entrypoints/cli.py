"""gorontalo-tax: serve, show or check the PKB rate table, quote a PKB."""
from __future__ import annotations

import argparse
import json
import sys

from servicekit import logging as json_logging
from servicekit.server import Registration, ServiceRuntime

from .. import bootstrap as composition
from ..adapters import rate_table
from ..domain.model import MAX_TAXABLE_VALUE, VEHICLE_TYPES
from ..domain.pkb import RateTableError


def serve(_args) -> int:
    from gorontalo.tax.v1 import tax_pb2_grpc

    from .grpc_servicer import TaxServicer

    settings = composition.load_settings()
    json_logging.configure("tax", settings.log_level)
    app = composition.bootstrap(settings)
    ServiceRuntime(
        listen=settings.listen, metrics_port=settings.metrics_port, verifier=app.verifier,
        registrations=[Registration(tax_pb2_grpc.add_TaxServiceServicer_to_server,
                                    TaxServicer(app), composition.SERVICE_NAME)],
        bus=app.bus, grace_seconds=settings.grace_seconds, max_workers=settings.max_workers,
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
    print(json.dumps({
        "vehicle_type": args.vehicle_type, "taxable_value": args.taxable_value,
        "ownership_order": args.ownership_order, "weight_permille": assessment.weight_permille,
        "rate_basis_points": assessment.rate_basis_points, "annual_pkb": assessment.annual_pkb,
        "annual_opsen_pkb": assessment.annual_opsen_pkb,
        "annual_total": assessment.annual_pkb + assessment.annual_opsen_pkb,
    }))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-tax", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server").set_defaults(func=serve)
    show = commands.add_parser("rates", help="print the effective PKB rate table ($TAX_RATES_PATH or the default)")
    show.add_argument("--file", help="check this rate table file instead of the effective one")
    show.set_defaults(func=rates)
    estimate = commands.add_parser("quote", help="compute the annual PKB and opsen for a vehicle")
    estimate.add_argument("--vehicle-type", required=True, choices=VEHICLE_TYPES)
    estimate.add_argument("--taxable-value", required=True, type=int, help="NJKB in whole rupiah")
    estimate.add_argument("--ownership-order", type=int, default=1, help="1 for the owner's first vehicle")
    estimate.set_defaults(func=quote)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
