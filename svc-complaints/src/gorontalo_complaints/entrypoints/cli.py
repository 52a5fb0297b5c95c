"""gorontalo-complaints: serve, look a complaint up by tracking code, train the category model, check deadlines,
send and list notifications to reporters."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import pathlib
import sys

from servicekit import db, keys, notify, scheduled
from servicekit import logging as json_logging
from servicekit.config import ServiceSettings
from servicekit.errors import ServiceError, describe
from servicekit.notify.sender import PENDING as DELIVERIES_PENDING
from servicekit.server import Registration, ServiceRuntime
from servicekit.stop_signal import wait_for_stop_signal

from .. import bootstrap as composition
from ..bootstrap import SERVICE_NAME, bootstrap
from ..domain import dates
from ..service_layer import deadlines, notifications, photos, services

log = logging.getLogger(__name__)


def _deadline_sweep(app) -> None:
    """Deadlines swept every COMPLAINTS_DEADLINE_CHECK_SECONDS (0 turns it off; cron can run check-deadlines)."""
    result = deadlines.check_deadlines(app.uow, app.clock)
    photos.discard_stale_uploads(app.uow, app.photo_store, app.clock)
    if result.breaches or result.closed:
        log.info("deadline sweep: %d breaches, %d closed", len(result.breaches), len(result.closed))


def serve(_args) -> int:
    from gorontalo.complaints.v1 import complaints_pb2_grpc

    from .grpc_servicer import ComplaintsServicer

    settings = ServiceSettings.from_env("complaints")
    json_logging.configure("complaints", settings.log_level)
    app = bootstrap(settings)
    from prometheus_client import REGISTRY

    from ..adapters.state_metrics import ComplaintStateCollector

    REGISTRY.register(ComplaintStateCollector(app.engine))
    # Read at scrape, so the gauge is right also when a cron runs `send-notifications --once`.
    DELIVERIES_PENDING.labels(notifications.SENDER).set_function(app.sender().pending_count)
    on_stop = []
    if app.deadline_check_seconds > 0:
        # Claimed per period in the database: of several replicas, one sweeps.
        sweep = scheduled.Periodic(
            "complaints-deadline-sweep",
            app.deadline_check_seconds,
            lambda: _deadline_sweep(app),
            engine=app.engine,
            first_at_once=False,
        ).start()
        on_stop.append(sweep.stop)
    if app.notify_interval_seconds > 0:  # 0: a cron runs `send-notifications --once` instead
        sender_loop = notify.SenderLoop(app.sender(), app.notify_interval_seconds).start()
        on_stop.append(lambda: sender_loop.stop(settings.grace_seconds))
    ServiceRuntime.from_settings(
        settings,
        verifier=app.verifier,
        bus=app.bus,
        registrations=[
            Registration(
                complaints_pb2_grpc.add_ComplaintsServiceServicer_to_server, ComplaintsServicer(app), SERVICE_NAME
            )
        ],
        on_stop=on_stop,
        catalog=app.catalog,
    ).run()
    return 0


def train_model(args) -> int:
    """Train from the labelled file (plus the dispatchers' corrections unless --no-corrections), print the
    held-out scores, and write the model file the service loads."""
    settings = ServiceSettings.from_env("complaints")
    extra = []
    if not args.no_corrections:
        app = bootstrap(settings, classifier=False)  # no model needed to read the corrections
        with app.uow() as uow:
            extra = uow.corrections.examples()
    path = pathlib.Path(args.output) if args.output else composition.model_path(settings)
    source = pathlib.Path(args.data) if args.data else composition.training_path()
    _model, result = composition.train_model(path, source, extra)
    print(
        f"examples: {result.samples} ({len(extra)} from dispatcher corrections); "
        f"held-out share {int(composition.sk_classifier.HELD_OUT_SHARE * 100)}%"
    )
    print(f"accuracy: {result.accuracy:.3f}")
    print(result.report)
    print(f"model written to {path}")
    return 0


def evaluate_model(args) -> int:
    """Train on the labelled file alone (no corrections: they may hold held-out texts filed for real) and
    print per-category precision and recall on the held-out set."""
    from ..domain import model as domain_model

    source = pathlib.Path(args.data) if args.data else composition.training_path()
    heldout = pathlib.Path(args.heldout) if args.heldout else composition.heldout_path()
    classifier = composition.sk_classifier
    trained = classifier.new_pipeline().fit(*zip(*classifier.read_examples(source), strict=False))
    result = classifier.evaluate(trained, classifier.read_examples(heldout), domain_model.CATEGORIES)
    print(f"trained on {source.name}; evaluated on {result.samples} held-out texts ({heldout.name})")
    print(result.table())
    return 0


def _moment(raw: str) -> dt.datetime:
    # A drill's clock must be unambiguous: a time without its zone is refused, not taken as UTC.
    if dt.datetime.fromisoformat(raw.strip()).tzinfo is None:
        raise argparse.ArgumentTypeError("--now needs a time zone, e.g. 2026-12-01T09:00:00+08:00")
    try:
        return dates.parse_moment(raw)
    except dates.OutOfRange:
        raise argparse.ArgumentTypeError(f"--now must lie between {dates.EARLIEST} and {dates.LATEST}") from None


def check_deadlines(args) -> int:
    # --now moves the clock (a drill, a replay after an outage, the end-to-end tests).
    app = bootstrap(clock=composition.fixed_clock(args.now) if args.now else None)
    result = deadlines.check_deadlines(app.uow, app.clock)
    discarded = photos.discard_stale_uploads(app.uow, app.photo_store, app.clock)
    for code, deadline in result.breaches:
        print(f"breached {deadline}: {code}")
    for code in result.closed:
        print(f"closed automatically: {code}")
    print(f"{len(result.breaches)} breaches, {len(result.closed)} closed, {discarded} unused uploads discarded")
    return 0


def open311_key(args) -> int:
    """Keys for Open311 clients: shown once at creation, stored as a hash, revocable."""
    from ..service_layer import open311

    app = bootstrap(classifier=False)
    if args.action == "create":
        try:
            key_id, api_key = open311.create_key(app.uow(), app.clock, name=args.name or "")
        except ServiceError as error:
            print(describe(error, catalog=app.catalog), file=sys.stderr)
            return 1
        print(json.dumps({"id": key_id, "name": args.name, "api_key": api_key}))
        return 0
    if args.action == "revoke":
        with app.uow() as uow:
            done = uow.open311_keys.revoke(args.id or "", app.clock())
            uow.commit()
        print("revoked" if done else "no such active key")
        return 0 if done else 1
    with app.uow() as uow:
        for row in uow.open311_keys.all():
            state = "revoked" if row["revoked_at"] else "active"
            print(f"{row['id']}  {state:8} {row['name']}")
    return 0


def send_notifications(args) -> int:
    """Deliver due notifications: one pass with --once (cron), else every --interval seconds until Ctrl-C."""
    json_logging.configure("complaints", ServiceSettings.from_env("complaints").log_level)
    app = bootstrap(classifier=False)
    sender = app.sender()
    if args.once:
        result = sender.send_due()
        pending = sender.refresh_pending()
        print(
            f"{result.sent} sent, {result.retried} to retry, {result.failed} given up, {result.capped} capped, "
            f"{result.skipped} taken by another sender; {pending} pending"
        )
        return 0
    loop = notify.SenderLoop(sender, args.interval or app.notify_interval_seconds or 5.0).start()
    wait_for_stop_signal()
    loop.stop()  # after the row in hand
    return 0


def list_notifications(args) -> int:
    """Contact notifications (newest first) with masked destinations: what was sent, when, how often tried."""
    from ..domain.notifications import mask_destination

    app = bootstrap(classifier=False)
    with app.uow() as uow:
        rows = uow.notifications.latest(tracking_code=(args.tracking_code or "").strip().upper(), limit=args.limit)
    for row in rows:
        try:
            destination = mask_destination(
                app.cipher.decrypt(row["destination_encrypted"], notifications.CONTACT_CONTEXT)
            )
        except Exception:  # noqa: BLE001 - a lost key: the row is still worth listing
            destination = "(cannot decrypt)"
        print(
            json.dumps(
                {
                    "id": row["id"],
                    "tracking_code": row["tracking_code"],
                    "kind": row["kind"],
                    "channel": row["channel"],
                    "destination": destination,
                    "state": row["state"],
                    "attempts": row["attempts"],
                    "provider_message_id": row["provider_message_id"],
                    "last_error": row["last_error"],
                    "created_at": row["created_at"].isoformat(),
                    "message": row["message"],
                },
                ensure_ascii=False,
            )
        )
    return 0


def lookup(args) -> int:
    """The public view of a complaint, as anyone holding the code sees it (no reporter is ever shown)."""
    app = bootstrap()
    try:
        view = services.get_complaint(app.uow(), None, args.tracking_code)
    except ServiceError as error:
        print(describe(error, catalog=app.catalog), file=sys.stderr)
        return 1
    print(
        json.dumps(
            {
                "tracking_code": view.tracking_code,
                "status": view.status,
                "category": view.category,
                "title": view.title,
                "description": view.description,
                "region_code": view.region_code,
                "filed_at": view.filed_at.isoformat() if view.filed_at else "",
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return 0


def migrate(_args) -> int:
    settings = ServiceSettings.from_env("complaints")
    json_logging.configure("complaints", settings.log_level)
    return db.run_migrate_command(settings.database_url, composition.migrations_path())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gorontalo-complaints", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the gRPC server").set_defaults(func=serve)
    commands.add_parser(
        "migrate", help="bring the database to the newest schema (run once per release when MIGRATE_ON_START=false)"
    ).set_defaults(func=migrate)
    find = commands.add_parser(
        "lookup", help="show the public part of a complaint by tracking code (case-insensitive, dashes optional)"
    )
    find.add_argument("tracking_code")
    find.set_defaults(func=lookup)
    train = commands.add_parser("train-model", help="train the category suggestion model and print its scores")
    train.add_argument(
        "--data",
        help="labelled CSV (text,category); default $COMPLAINTS_TRAINING_PATH or "
        "the one in the package (gorontalo_complaints/data/training.csv)",
    )
    train.add_argument(
        "--output", help="model file; default $COMPLAINTS_MODEL_PATH or $VAR_DIR/" + composition.MODEL_FILENAME
    )
    train.add_argument("--no-corrections", action="store_true", help="ignore the dispatchers' stored corrections")
    train.set_defaults(func=train_model)
    evaluate = commands.add_parser(
        "evaluate-model",
        help="per-category precision and recall on the held-out texts (data/heldout.csv), which are never trained on",
    )
    evaluate.add_argument("--data", help="labelled CSV to train on; default as train-model")
    evaluate.add_argument("--heldout", help="held-out CSV; default $COMPLAINTS_HELDOUT_PATH or the package's")
    evaluate.set_defaults(func=evaluate_model)
    sweep = commands.add_parser(
        "check-deadlines", help="record breached deadlines and close resolved complaints past their confirmation window"
    )
    sweep.add_argument("--now", type=_moment, help="the moment to check at (ISO 8601 with zone); default: now")
    sweep.set_defaults(func=check_deadlines)
    open311 = commands.add_parser("open311-key", help="create, list or revoke Open311 client api_keys")
    open311.add_argument("action", choices=("create", "list", "revoke"))
    open311.add_argument("--name", help="the client's name (create)")
    open311.add_argument("--id", help="the key id (revoke)")
    open311.set_defaults(func=open311_key)
    send = commands.add_parser("send-notifications", help="deliver pending notifications to reporters' contacts")
    send.add_argument("--once", action="store_true", help="one pass, then exit (cron)")
    send.add_argument(
        "--interval", type=float, help="seconds between passes (default COMPLAINTS_NOTIFY_INTERVAL_SECONDS)"
    )
    send.set_defaults(func=send_notifications)
    listing = commands.add_parser("list-notifications", help="contact notifications with masked destinations")
    listing.add_argument("--tracking-code", help="only this complaint's")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(func=list_notifications)
    keys.add_commands(commands, composition.KEY_LAYOUT)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
