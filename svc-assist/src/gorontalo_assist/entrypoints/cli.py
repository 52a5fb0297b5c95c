"""gorontalo-assist: serve (the gRPC service) and evaluate (retrieval figures on the question set).

No `migrate`: the service keeps no database (its index is rebuilt from the sources in memory).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from servicekit import logging as json_logging
from servicekit.server import Registration, ServiceRuntime

from ..bootstrap import SERVICE_NAME, bootstrap, build_assistant, load_settings


def serve(_args) -> int:
    from gorontalo.assist.v1 import assist_pb2_grpc

    from ..service_layer.library import Refresher
    from .grpc_servicer import AssistServicer

    settings = load_settings()
    json_logging.configure("assist", settings.log_level)
    app = bootstrap(settings)
    refresher = Refresher(app.library, app.refresh_seconds)
    refresher.start()
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier,
        bus=None,
        registrations=[
            Registration(assist_pb2_grpc.add_AssistServiceServicer_to_server, AssistServicer(app), SERVICE_NAME)
        ],
        catalog=app.catalog,
        on_stop=[refresher.stop],
    ).run()
    return 0


def evaluate(args) -> int:
    from ..service_layer import evaluation

    library, assistant = build_assistant(args.sources, min_coverage=args.min_coverage)
    library.refresh()
    for state in library.states():
        if state.stale:
            print(f"source {state.name} unreadable ({state.problem}): figures would be meaningless", file=sys.stderr)
            return 1
    questions = evaluation.load_questions(open(args.file, encoding="utf-8").read() if args.file else None)
    if args.sweep:
        for floor in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            report, _ = evaluation.evaluate(dataclasses.replace(assistant, min_coverage=floor), questions)
            print(f"min coverage {floor:.1f}: " + "; ".join(report.lines()[1:5]))
        return 0
    report, misses = evaluation.evaluate(assistant, questions)
    print(f"min coverage: {assistant.min_coverage}; sources: {args.sources}")
    print("\n".join(report.lines()))
    if args.misses:
        print("\n".join(misses))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-assist", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "serve", help="run the gRPC service (sources refreshed every ASSIST_REFRESH_SECONDS)"
    ).set_defaults(func=serve)
    evaluator = commands.add_parser(
        "evaluate", help="print top-1 and top-3 retrieval accuracy and the refusal share on the question set"
    )
    evaluator.add_argument("file", nargs="?", metavar="CSV", help="question,expected rows (default: the shipped set)")
    evaluator.add_argument(
        "--sources",
        choices=("packages", "services"),
        default="packages",
        help="read the permit catalog, complaint categories, tax rules and SMS format from their owners' "
        "installed packages (default, the [evaluate] extra) or from the running services over gRPC",
    )
    evaluator.add_argument(
        "--min-coverage", type=float, default=None, help="the 'tidak tahu' floor (default ASSIST_MIN_COVERAGE)"
    )
    evaluator.add_argument("--misses", action="store_true", help="also list every miss")
    evaluator.add_argument("--sweep", action="store_true", help="the figures for a range of floors")
    evaluator.set_defaults(func=evaluate)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
