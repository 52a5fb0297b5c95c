"""Helpers of the payment tests: a payable fee bill and notifications signed as a bank signs them."""

import json
import secrets

import sqlalchemy as sa

from gorontalo_tax.domain.payments import sign
from gorontalo_tax.service_layer import billing, payments
from servicekit.messaging import outbox

from .billing_fixtures import citizen, officer

CHANNEL = "bank-sulutgo"


def fee_bill(app, reference: str, amount: int = 750_000, due_date: str = "", payer: str = "citizen-1"):
    bill, _ = billing.create_fee_bill(
        app.uow(),
        app.clock,
        officer("75.71"),
        caller="permits",
        caller_reference=reference,
        region_code="75.71",
        payer_id=payer,
        description="Retribusi PBG",
        amount=amount,
        due_date=due_date,
    )
    return bill


def checkout(app, bill_id: str, payer: str = "citizen-1"):
    return billing.checkout(app.uow(), app.clock, app.penalty, app.code_validity, citizen(payer), bill_id)


def body(code: str, amount: int, transaction_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "transaction_id": transaction_id or "TX-" + secrets.token_hex(6),
            "billing_code": code,
            "amount": amount,
            "paid_at": "2025-06-01T11:00:00+08:00",
        }
    ).encode()


def notify(app, raw: bytes, *, channel: str = CHANNEL, secret: str | None = None, offset: int = 0):
    stamp = str(int(app.clock().timestamp()) + offset)
    secret = app.channels[channel] if secret is None else secret
    return payments.notify(
        app.uow(),
        app.clock,
        app.penalty,
        app.channels,
        channel=channel,
        timestamp=stamp,
        signature=sign(secret, stamp, raw),
        body=raw,
    )


def events(app, event_type: str) -> list[dict]:
    with app.session_factory() as session:
        rows = session.execute(sa.select(outbox.c.envelope).where(outbox.c.subject == event_type)).scalars()
        return [json.loads(row)["data"] for row in rows]
