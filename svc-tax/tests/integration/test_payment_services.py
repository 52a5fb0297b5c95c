"""Payment notifications, receipts and reconciliation through the use cases, on SQLite and PostgreSQL."""

import datetime as dt
import json

import pytest
from limits import storage

from gorontalo_tax.adapters import receipts as receipt_documents
from gorontalo_tax.adapters.refusal_limiter import RefusalLimiter
from gorontalo_tax.domain import payments as rules
from gorontalo_tax.domain.billing import local_date
from gorontalo_tax.domain.payments import sign
from gorontalo_tax.service_layer import billing, payments, receipts
from servicekit.errors import ServiceError
from servicekit.ratelimit import RateLimits

from ..billing_fixtures import citizen, officer
from ..payment_fixtures import CHANNEL, body, checkout, events, fee_bill, notify


def _refused(call) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call()
    answer = json.loads(caught.value.http_body[1])
    assert caught.value.http_body[0] == "application/json"
    assert answer["status"] == "refused" and answer["reason"] == caught.value.reason
    return caught.value


def _reconciliation(app, who=None):
    return receipts.reconciliation(
        app.uow(), app.clock, who or officer("75"), channel=CHANNEL, date=local_date(app.clock()).isoformat()
    )


def test_a_signed_notification_pays_the_bill_once_and_issues_a_receipt(app):
    bill = fee_bill(app, "app-1")
    code = checkout(app, bill.id).code
    raw = body(code.code, code.amount, "TX-1")

    first = notify(app, raw)
    assert not first.duplicate
    paid = first.payment
    assert (paid.amount, paid.principal, paid.penalty, paid.bill_id) == (750_000, 750_000, 0, bill.id)
    assert rules.receipt_number_valid(paid.receipt_number) and paid.receipt_number.startswith("7571-2025-")

    again = notify(app, raw, offset=30)  # the bank retries the same notification, freshly stamped
    assert again.duplicate and again.payment == paid

    shown = billing.get_bill(app.uow(), app.clock, app.penalty, citizen(), bill.id)
    assert (shown.bill.status, shown.bill.receipt_number, shown.total) == ("paid", paid.receipt_number, 750_000)

    def listed(status):
        found, _ = billing.list_bills(
            app.uow(), app.clock, app.penalty, citizen(), page_size=50, page_token="", status=status
        )
        return [s.bill.id for s in found]

    assert bill.id in listed("paid") and bill.id not in listed("unpaid") and bill.id in listed("")
    with pytest.raises(ServiceError) as caught:
        listed("lunas")
    assert caught.value.violations[0].field == "status"
    [event] = events(app, "gorontalo.tax.payment.received")
    assert event == {
        "bill_id": bill.id,
        "caller": "permits",
        "caller_reference": "app-1",
        "amount": "750000",
        "channel": CHANNEL,
        "paid_at": app.clock().isoformat(),
        "receipt_number": paid.receipt_number,
        "tax_type": "retribusi",
        "owner_id": "citizen-1",
        "requested_by": "",  # billed in-process, not by a peer's certificate: the provincial instance's
    }
    day = _reconciliation(app)
    assert [p.receipt_number for p in day.payments] == [paid.receipt_number] and day.total == 750_000
    assert day.refused == []

    # a later notification with its own transaction id for the paid bill is refused
    refused = _refused(lambda: notify(app, body(code.code, code.amount, "TX-2")))
    assert refused.reason == rules.BILL_ALREADY_PAID
    assert [r.reason for r in _reconciliation(app).refused] == [rules.BILL_ALREADY_PAID]
    assert len(events(app, "gorontalo.tax.payment.received")) == 1
    # The signed refusal names the bill and its owner (whose inbox tells them); the code stays as claimed.
    [refusal] = events(app, "gorontalo.tax.payment.refused")
    assert refusal == {
        "channel": CHANNEL,
        "reason": rules.BILL_ALREADY_PAID,
        "channel_transaction_id": "TX-2",
        "billing_code": code.code,
        "bill_id": bill.id,
        "owner_id": "citizen-1",
    }


def test_forged_stale_unsigned_and_reused_notifications_change_nothing(app):
    bill = fee_bill(app, "app-2")
    code = checkout(app, bill.id).code
    raw = body(code.code, code.amount, "TX-9")
    forged = _refused(lambda: notify(app, raw, secret="x" * 64))
    stale = _refused(lambda: notify(app, raw, offset=-301))
    future = _refused(lambda: notify(app, raw, offset=301))
    unknown = _refused(lambda: notify(app, raw, channel="bank-palsu", secret="y" * 64))
    unsigned = _refused(
        lambda: payments.notify(
            app.uow(), app.clock, app.penalty, app.channels, channel=CHANNEL, timestamp="", signature="", body=raw
        )
    )
    stamp = str(int(app.clock().timestamp()))
    tampered = raw.replace(b'"amount": ', b'"amount": 1')  # signed body altered in transit
    altered = _refused(
        lambda: payments.notify(
            app.uow(),
            app.clock,
            app.penalty,
            app.channels,
            channel=CHANNEL,
            timestamp=stamp,
            signature=sign(app.channels[CHANNEL], stamp, raw),
            body=tampered,
        )
    )
    assert [e.reason for e in (forged, stale, future, unknown, unsigned, altered)] == [
        "signature_invalid",
        "timestamp_stale",
        "timestamp_stale",
        "channel_unknown",
        "signature_missing",
        "signature_invalid",
    ]
    assert all(e.status == "UNAUTHENTICATED" for e in (forged, stale, unknown, unsigned))
    assert billing.get_bill(app.uow(), app.clock, app.penalty, citizen(), bill.id).bill.status == "unpaid"

    # none of them took the transaction id: the bank's real notification still pays
    assert not notify(app, raw).duplicate
    reused = _refused(lambda: notify(app, body(code.code, code.amount + 1, "TX-9")))
    assert reused.reason == rules.TRANSACTION_ID_REUSED
    day = _reconciliation(app)
    assert len(day.payments) == 1 and day.total == code.amount
    # refusals that named no bill are the provincial Bapenda's (which contracts the channels) to see
    assert sorted(r.reason for r in day.refused) == sorted(
        [
            "signature_invalid",
            "timestamp_stale",
            "timestamp_stale",
            "signature_missing",
            "signature_invalid",
            "transaction_id_reused",
        ]
    )
    assert _reconciliation(app, officer("75.71")).refused == []
    assert len(events(app, "gorontalo.tax.payment.refused")) == 7
    # Unproven claims (and a reused transaction id) name no bill: a forger cannot make the platform tell a resident their payment failed.
    assert {(e["bill_id"], e["owner_id"]) for e in events(app, "gorontalo.tax.payment.refused")} == {("", "")}
    assert {e["reason"] for e in events(app, "gorontalo.tax.payment.refused")} >= {"channel_unknown"}


def test_amount_mismatch_expired_and_unknown_codes_are_refused_with_reasons(app, clock):
    bill = fee_bill(app, "app-3", amount=500_000)
    code = checkout(app, bill.id).code
    for wrong in (code.amount - 1, code.amount + 1):
        error = _refused(lambda: notify(app, body(code.code, wrong)))
        assert (error.reason, error.status) == ("amount_mismatch", "INVALID_ARGUMENT")
    unknown = _refused(lambda: notify(app, body("7530000000000000", 500_000)))
    assert (unknown.reason, unknown.status) == ("billing_code_unknown", "NOT_FOUND")
    invalid = _refused(lambda: notify(app, b'{"transaction_id": "TX-F", "billing_code": "1", "amount": 1.5}'))
    assert invalid.reason == "notification_invalid"

    raw = body(code.code, code.amount, "TX-LATE")
    clock.advance(hours=25)
    expired = _refused(lambda: notify(app, raw))
    assert (expired.reason, expired.status) == ("billing_code_expired", "FAILED_PRECONDITION")
    assert _refused(lambda: notify(app, raw)).reason == "billing_code_expired"  # first outcome answered again
    assert billing.get_bill(app.uow(), app.clock, app.penalty, citizen(), bill.id).bill.status == "unpaid"
    mine = receipts.reconciliation(
        app.uow(),
        app.clock,
        officer("75.71"),
        channel=CHANNEL,
        date=(local_date(clock.now) - dt.timedelta(days=1)).isoformat(),
    )
    assert [r.reason for r in mine.refused] == ["amount_mismatch", "amount_mismatch"]  # the unknown code is not theirs

    fresh = checkout(app, bill.id).code
    assert fresh.code != code.code
    assert notify(app, body(fresh.code, fresh.amount)).payment.amount == 500_000


def test_a_late_bill_is_paid_with_the_penalty_of_its_code(app, clock):
    bill = fee_bill(app, "app-4", amount=1_000_000, due_date="2025-06-10")
    clock.advance(days=71)  # three started months after 10 June (WITA)
    code = checkout(app, bill.id).code
    assert code.amount == 1_030_000
    paid = notify(app, body(code.code, code.amount)).payment
    assert (paid.principal, paid.penalty, paid.penalty_months, paid.amount) == (1_000_000, 30_000, 3, 1_030_000)
    clock.advance(days=400)  # the paid bill keeps showing what was paid, not a growing penalty
    shown = billing.get_bill(app.uow(), app.clock, app.penalty, citizen(), bill.id)
    assert (shown.penalty, shown.penalty_months, shown.total) == (30_000, 3, 1_030_000)
    assert [line.kind for line in shown.lines] == ["retribusi", "penalty"]


def test_receipts_for_the_payer_and_a_public_check_and_offline_token(app):
    bill = fee_bill(app, "app-5")
    code = checkout(app, bill.id).code
    number = notify(app, body(code.code, code.amount)).payment.receipt_number
    mine = receipts.get_receipt(app.uow(), citizen(), number)
    with pytest.raises(ServiceError) as caught:
        receipts.get_receipt(app.uow(), citizen("someone-else"), number)
    assert caught.value.status == "NOT_FOUND"
    with pytest.raises(ServiceError) as caught:
        receipts.get_receipt(app.uow(), officer("75.72"), number)
    assert caught.value.status == "PERMISSION_DENIED"
    assert receipts.verify_receipt(app.uow(), number) == mine
    for bad, status in (
        (rules.receipt_number("75.71", 2025, 999), "NOT_FOUND"),
        (number[:-1] + "x", "INVALID_ARGUMENT"),
    ):
        with pytest.raises(ServiceError) as caught:
            receipts.verify_receipt(app.uow(), bad)
        assert caught.value.status == status

    token = app.receipt_keys.sign(receipt_documents.claims(mine))
    claims = receipt_documents.verify_offline(token, json.loads(json.dumps(app.receipt_keys.jwks())))
    assert (claims["sub"], claims["amt"], claims["tax"]) == (number, 750_000, "retribusi")
    pdf = receipt_documents.render(mine, token, "/v1/tax/receipts/verify/" + number)
    assert pdf.startswith(b"%PDF")


def test_receipt_numbers_count_per_authority_and_year(app):
    numbers = []
    for i in range(3):
        bill = fee_bill(app, f"seq-{i}", amount=10_000 + i)
        code = checkout(app, bill.id).code
        numbers.append(notify(app, body(code.code, code.amount)).payment.receipt_number)
    assert [n.split("-")[2] for n in numbers] == ["00000001", "00000002", "00000003"]


def test_reconciliation_needs_staff_and_a_channel(app):
    with pytest.raises(ServiceError) as caught:
        receipts.reconciliation(app.uow(), app.clock, citizen(), channel=CHANNEL, date="")
    assert caught.value.status == "PERMISSION_DENIED"
    with pytest.raises(ServiceError) as caught:
        receipts.reconciliation(app.uow(), app.clock, officer("75"), channel="", date="2025-13-01")
    assert {v.field for v in caught.value.violations} == {"channel", "date"}


def test_unauthenticated_notifications_are_capped_per_client_but_signed_ones_never(app, clock):
    limiter = RefusalLimiter(RateLimits(storage.MemoryStorage(), "test"), per_minute=2)
    bill = fee_bill(app, "app-cap")
    code = checkout(app, bill.id).code
    stamp = str(int(clock().timestamp()))

    def send(raw, secret, address="10.0.0.9"):
        return payments.notify(
            app.uow(),
            app.clock,
            app.penalty,
            app.channels,
            channel=CHANNEL,
            timestamp=stamp,
            signature=sign(secret, stamp, raw),
            body=raw,
            client_address=address,
            limiter=limiter,
        )

    raw = body(code.code, code.amount)
    for _ in range(2):
        assert _refused(lambda: send(raw, "f" * 64)).reason == "signature_invalid"
    with pytest.raises(ServiceError) as caught:
        send(raw, "f" * 64)
    assert caught.value.status == "RESOURCE_EXHAUSTED"
    assert 1 <= caught.value.retry_after <= 60  # Retry-After for the forger's client
    assert _refused(lambda: send(raw, "f" * 64, address="10.0.0.10")).reason == "signature_invalid"
    assert not send(raw, app.channels[CHANNEL]).duplicate  # the channel itself is never limited
    assert len(_reconciliation(app).refused) == 3  # the capped one was counted, not stored


def test_concurrent_notifications_record_one_payment(app):
    from concurrent.futures import ThreadPoolExecutor

    bill = fee_bill(app, "app-race")
    code = checkout(app, bill.id).code
    same = body(code.code, code.amount, "TX-SAME")
    others = [body(code.code, code.amount, f"TX-OTHER-{i}") for i in range(3)]

    def attempt(raw):
        try:
            return notify(app, raw)
        except ServiceError as error:
            return error.reason

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, [same] * 5 + others))
    # the identical notification always gets one answer: all of them the payment, or all the same refusal
    first_answers = {o.payment.receipt_number if isinstance(o, payments.Outcome) else o for o in outcomes[:5]}
    assert len(first_answers) == 1, outcomes[:5]
    recorded = [o for o in outcomes if isinstance(o, payments.Outcome) and not o.duplicate]
    assert len(recorded) == 1
    assert all(o.payment == recorded[0].payment for o in outcomes if isinstance(o, payments.Outcome))
    assert all(o == rules.BILL_ALREADY_PAID for o in outcomes if not isinstance(o, payments.Outcome))
    assert len(_reconciliation(app).payments) == 1
    assert len(events(app, "gorontalo.tax.payment.received")) == 1
