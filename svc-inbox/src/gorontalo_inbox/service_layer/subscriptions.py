"""Which projection applies which event, and under which durable consumer name."""

from __future__ import annotations

from gorontalo.complaints.v1 import events_pb2 as complaint_events
from gorontalo.disaster.v1 import events_pb2 as disaster_events
from gorontalo.identity.v1 import events_pb2 as identity_events
from gorontalo.permits.v1 import events_pb2 as permit_events
from gorontalo.tax.v1 import events_pb2 as tax_events

from .projections import complaints, disaster, identity, permits, tax

# (durable consumer, event message, projection). One durable per type: a slow or failing type never
# holds the others back. Durable names are part of the deployment (JetStream keeps their positions):
# renaming one replays its whole subject (harmless: the inbox rows make it a no-op, but slow).
CONSUMED = [
    ("inbox-identity-citizen-registered", identity_events.CitizenRegistered, identity.citizen_registered),
    ("inbox-identity-citizen-updated", identity_events.CitizenUpdated, identity.citizen_updated),
    ("inbox-identity-assurance-changed", identity_events.CitizenAssuranceChanged, identity.assurance_changed),
    ("inbox-identity-takeover-repaired", identity_events.CitizenTakeoverRepaired, identity.takeover_repaired),
    ("inbox-identity-credential-issued", identity_events.CredentialIssued, identity.credential_issued),
    ("inbox-identity-credential-revoked", identity_events.CredentialRevoked, identity.credential_revoked),
    ("inbox-permits-application-submitted", permit_events.ApplicationSubmitted, permits.application_submitted),
    (
        "inbox-permits-application-status",
        permit_events.ApplicationStatusChanged,
        permits.application_status_changed,
    ),
    ("inbox-permits-permit-issued", permit_events.PermitIssued, permits.permit_issued),
    ("inbox-permits-permit-revoked", permit_events.PermitRevokedEvent, permits.permit_revoked),
    ("inbox-tax-bill-issued", tax_events.BillIssued, tax.bill_issued),
    ("inbox-tax-bill-cancelled", tax_events.BillCancelled, tax.bill_cancelled),
    ("inbox-tax-objects-claimed", tax_events.ObjectsClaimed, tax.objects_claimed),
    ("inbox-tax-objects-released", tax_events.ObjectsReleased, tax.objects_released),
    ("inbox-tax-payment-received", tax_events.PaymentReceived, tax.payment_received),
    ("inbox-tax-payment-refused", tax_events.PaymentRefused, tax.payment_refused),
    ("inbox-complaints-filed", complaint_events.ComplaintFiled, complaints.complaint_filed),
    ("inbox-complaints-status", complaint_events.ComplaintStatusChanged, complaints.status_changed),
    ("inbox-complaints-update", complaint_events.ComplaintUpdatePosted, complaints.update_posted),
    ("inbox-disaster-alerts", disaster_events.AlertPublished, disaster.alert_published),
    ("inbox-disaster-reports", disaster_events.ReportSubmitted, disaster.report_submitted),
]

# Which events a projection has nothing to do for, told from the event alone: the bus acks them without
# a transaction or an inbox row (most disaster reports are anonymous; so are many complaints).
RELEVANT = {
    "inbox-tax-payment-refused": tax.refusal_has_payer,
    "inbox-complaints-filed": complaints.has_account,
    "inbox-complaints-status": complaints.has_account,
    "inbox-complaints-update": complaints.update_is_public,
    "inbox-disaster-alerts": disaster.alert_notifies,
    "inbox-disaster-reports": disaster.report_concerns_a_resident,
}
