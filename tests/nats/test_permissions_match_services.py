"""deploy/nats/permissions.toml names every durable each service subscribes with, and its filter.

The nats-server users are rendered from that file; a consumer added to a bootstrap but not there
would be refused by the server, so this test fails first.
"""

from __future__ import annotations

import pathlib

from gorontalo_inbox.service_layer import subscriptions as inbox

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from gorontalo.disaster.v1 import events_pb2 as disaster_events
from gorontalo.identity.v1 import events_pb2 as identity_events
from gorontalo.permits.v1 import events_pb2 as permit_events
from gorontalo.tax.v1 import events_pb2 as tax_events
from gorontalo_disaster import bootstrap as disaster
from gorontalo_identity.service_layer import audit
from gorontalo_permits import bootstrap as permits
from gorontalo_permits.entrypoints import precheck_worker
from gorontalo_tax import bootstrap as tax
from servicekit.consumers import Subscription
from servicekit.nats_config import load_rules

DEPLOY = pathlib.Path(__file__).resolve().parents[2] / "deploy" / "nats"


def _consumed() -> dict[str, dict[str, str]]:
    def subject(durable, message):
        return Subscription.for_event(durable, message, handler=None).subject

    return {
        "identity": {audit.DURABLE: audit.SUBJECT},
        "permits": {
            permits.PAYMENTS_CONSUMER: subject(permits.PAYMENTS_CONSUMER, tax_events.PaymentReceived),
            precheck_worker.SUBMITTED_CONSUMER: subject(
                precheck_worker.SUBMITTED_CONSUMER, permit_events.ApplicationSubmitted
            ),
            precheck_worker.RESUBMITTED_CONSUMER: subject(
                precheck_worker.RESUBMITTED_CONSUMER, permit_events.ApplicationStatusChanged
            ),
        },
        "tax": {tax.TAKEOVERS_CONSUMER: subject(tax.TAKEOVERS_CONSUMER, identity_events.CitizenTakeoverRepaired)},
        "complaints": {},
        "disaster": {
            disaster.COMPLAINTS_CONSUMER: subject(disaster.COMPLAINTS_CONSUMER, complaint_events.ComplaintFiled),
            disaster.CONFIRMATIONS_CONSUMER: subject(
                disaster.CONFIRMATIONS_CONSUMER, complaint_events.CategoryConfirmed
            ),
            disaster.CLUSTER_CONSUMER: subject(disaster.CLUSTER_CONSUMER, disaster_events.ReportSubmitted),
        },
        "inbox": {durable: subject(durable, message) for durable, message, _ in inbox.CONSUMED},
    }


def test_every_service_s_consumers_are_declared_with_their_filters():
    rules = load_rules(DEPLOY)
    for service, consumed in _consumed().items():
        assert (rules["services"][service].get("consumers") or {}) == consumed, service


def test_each_service_publishes_only_its_own_subjects():
    rules = load_rules(DEPLOY)
    for service, entry in rules["services"].items():
        assert all(subject == f"gorontalo.{service}.>" for subject in entry["publish"]), service
