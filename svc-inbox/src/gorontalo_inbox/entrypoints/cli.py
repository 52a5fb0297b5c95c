"""gorontalo-inbox: serve; rebuild the read model from the stream; show a resident's timeline or notifications."""

from __future__ import annotations

import argparse
import json
import sys

from google.protobuf import json_format

from servicekit import db, keys, scheduled
from servicekit import logging as json_logging
from servicekit.auth import Principal
from servicekit.errors import ServiceError, describe
from servicekit.notify import SenderLoop
from servicekit.server import Registration, ServiceRuntime

from .. import metrics
from ..adapters import stream_replay
from ..adapters.consumer_pending import PendingProbe
from ..bootstrap import KEY_LAYOUT, SERVICE_NAME, bootstrap, delivery, due_scan_interval, load_settings, send_interval
from ..messages import CATALOG
from ..service_layer import reading, rebuild, reminders
from . import to_proto


def _json(message) -> dict:
    """As the gateway writes it, so the CLI's output and the API's compare equal."""
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def serve(_args) -> int:
    from gorontalo.inbox.v1 import inbox_pb2_grpc

    from .grpc_servicer import InboxServicer

    settings = load_settings()
    json_logging.configure("inbox", settings.log_level)
    app = bootstrap(settings)
    transport, cost_cap = delivery(settings)
    sender = SenderLoop(app.sender(transport, cost_cap), send_interval()).start()
    # Claimed per period in the database: of several replicas, one scans.
    due = scheduled.Periodic(
        "inbox-due-soon",
        due_scan_interval(),
        lambda: reminders.remind_due_bills(app.uow(), app.outbound),
        engine=app.engine,
    ).start()
    probe = PendingProbe(
        settings.nats_url,
        settings.stream,
        [s.durable for s in app.subscriptions],
        lambda durable, pending: metrics.CONSUMER_PENDING.labels(durable).set(pending),
    ).start()
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier,
        bus=app.bus,
        registrations=[
            Registration(inbox_pb2_grpc.add_InboxServiceServicer_to_server, InboxServicer(app), SERVICE_NAME)
        ],
        on_stop=[sender.stop, due.stop, probe.stop],
        catalog=app.catalog,
    ).run()
    return 0


def rebuild_command(args) -> int:
    """Replay the stream from its first message into the read model; nothing is sent."""
    settings = load_settings()
    json_logging.configure("inbox", settings.log_level)
    app = bootstrap(settings, deliver=False, phone_of=lambda _citizen_id: None)
    if not rebuild.is_empty(app.session_factory):
        if not args.truncate:
            print(
                "the read model is not empty: rebuild into an empty database (INBOX_DATABASE_URL), or stop "
                "`serve` and pass --truncate",
                file=sys.stderr,
            )
            return 2
        rebuild.truncate(app.session_factory, app.subscriptions)
    replayer = rebuild.Replayer(app.session_factory, settings.stream, app.subscriptions)
    stats = stream_replay.replay(settings.nats_url, settings.stream, replayer.apply)
    reminded = reminders.remind_due_bills(app.uow(), app.outbound)
    print(
        json.dumps(
            {
                "stream": settings.stream,
                "first_sequence": stats.first_sequence,
                "last_sequence": stats.last_sequence,
                "messages": stats.messages,
                "unreadable": stats.unreadable,
                "events": dict(replayer.outcome.applied),
                "due_soon_reminders": reminded,
            }
        )
    )
    app.engine.dispose()
    return 0


def _resident(args) -> Principal:
    return Principal(subject=args.citizen_id, role="citizen")


def _print_first_page(args, read) -> int:
    """`read(uow, principal)` for the resident of `args`, printed as JSON; a refusal in words, exit 1."""
    app = bootstrap(load_settings(), phone_of=lambda _citizen_id: None)
    try:
        answer = read(app.uow(), _resident(args))
    except ServiceError as error:
        print(describe(error, catalog=CATALOG), file=sys.stderr)
        return 1
    print(json.dumps(answer, ensure_ascii=False))
    return 0


def timeline(args) -> int:
    """A resident's timeline (first page) as the API's `items`, as JSON."""

    def read(uow, resident):
        page = reading.list_timeline(uow, resident, page_size=args.page_size, page_token="")
        return [_json(to_proto.timeline_item(item)) for item in page.items]

    return _print_first_page(args, read)


def notifications(args) -> int:
    """A resident's notifications (first page) as the API's `notifications`, as JSON."""

    def read(uow, resident):
        page = reading.list_notifications(uow, resident, page_size=args.page_size, page_token="")
        return [_json(to_proto.notification(n)) for n in page.notifications]

    return _print_first_page(args, read)


def remind(_args) -> int:
    """Write the due-soon reminders due now (serve does it every INBOX_DUE_SCAN_SECONDS)."""
    app = bootstrap(load_settings())
    print(json.dumps({"due_soon_reminders": reminders.remind_due_bills(app.uow(), app.outbound)}))
    return 0


def migrate(_args) -> int:
    from ..bootstrap import migrations_path

    settings = load_settings()
    json_logging.configure("inbox", settings.log_level)
    return db.run_migrate_command(settings.database_url, migrations_path())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-inbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="gRPC server, event consumers, SMS/e-mail sender, due-soon scan").set_defaults(
        func=serve
    )
    commands.add_parser(
        "migrate", help="bring the database to the newest schema (run once per release when MIGRATE_ON_START=false)"
    ).set_defaults(func=migrate)
    rebuilding = commands.add_parser(
        "rebuild", help="replay the JetStream stream from its start into an empty read model (sends nothing)"
    )
    rebuilding.add_argument(
        "--truncate", action="store_true", help="empty the read model first (stop `serve` on this database before)"
    )
    rebuilding.set_defaults(func=rebuild_command)
    for name, func in (("timeline", timeline), ("notifications", notifications)):
        shown = commands.add_parser(name, help=f"print a resident's {name} as JSON (what the API answers)")
        shown.add_argument("--citizen-id", required=True)
        shown.add_argument("--page-size", type=int, default=100)
        shown.set_defaults(func=func)
    commands.add_parser("remind-due", help="write the due-soon reminders due now").set_defaults(func=remind)
    keys.add_commands(commands, KEY_LAYOUT)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
