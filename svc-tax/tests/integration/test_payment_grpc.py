"""Payments through the real gRPC server: a public, signature-authenticated notification RPC; receipts,
the public check, the receipt keys and reconciliation with their access rules; the bank simulator CLI."""

import json

import grpc
import pytest
from google.api import httpbody_pb2
from grpc_status import rpc_status

from gorontalo.tax.v1 import tax_pb2
from gorontalo_tax.adapters import receipts as receipt_documents
from gorontalo_tax.domain.payments import sign
from gorontalo_tax.entrypoints import bank_simulator

from ..payment_fixtures import CHANNEL, body, checkout, fee_bill


def _notification(app, raw: bytes, secret: str | None = None) -> tuple[httpbody_pb2.HttpBody, list]:
    stamp = str(int(app.clock().timestamp()))
    signature = sign(secret or app.channels[CHANNEL], stamp, raw)
    metadata = [
        ("x-gorontalo-channel", CHANNEL),
        ("x-gorontalo-timestamp", stamp),
        ("x-gorontalo-signature", signature),
        ("x-client-address", "10.0.0.7"),
    ]
    return tax_pb2.PaymentNotificationRequest(
        body=httpbody_pb2.HttpBody(content_type="application/json", data=raw)
    ), metadata


def _rendered_body(error: grpc.RpcError) -> dict:
    status = rpc_status.from_call(error)
    for detail in status.details:
        if detail.Is(httpbody_pb2.HttpBody.DESCRIPTOR):
            holder = httpbody_pb2.HttpBody()
            detail.Unpack(holder)
            return json.loads(holder.data)
    raise AssertionError("no rendered body in the status")


def test_notify_receipt_verify_and_reconcile_over_grpc(grpc_stub, minter, app):
    bill = fee_bill(app, "app-g1")
    code = checkout(app, bill.id).code
    request, metadata = _notification(app, body(code.code, code.amount, "TX-G1"))
    result = grpc_stub.NotifyPayment(request, metadata=metadata)  # no token: the signature authenticates
    assert (result.status, result.bill_id, result.amount, result.duplicate) == ("recorded", bill.id, 750_000, False)
    assert grpc_stub.NotifyPayment(request, metadata=metadata).duplicate

    forged, forged_metadata = _notification(app, body(code.code, code.amount, "TX-G2"), secret="f" * 64)
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.NotifyPayment(forged, metadata=forged_metadata)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    rendered = _rendered_body(caught.value)
    assert (rendered["status"], rendered["reason"]) == ("refused", "signature_invalid") and rendered["detail"]

    payer = minter.metadata(role="citizen", subject="citizen-1")
    number = tax_pb2.GetReceiptRequest(number=result.receipt_number)
    receipt = grpc_stub.GetReceipt(number, metadata=payer)
    assert (receipt.amount, receipt.tax_type, receipt.bill_id) == (750_000, "retribusi", bill.id)
    keys = json.loads(grpc_stub.GetReceiptKeys(tax_pb2.GetReceiptKeysRequest()).data)
    claims = receipt_documents.verify_offline(receipt.token, keys)
    assert (claims["sub"], claims["amt"]) == (result.receipt_number, 750_000)
    pdf = grpc_stub.GetReceiptPdf(number, metadata=payer)
    assert pdf.content_type == "application/pdf" and pdf.data.startswith(b"%PDF")
    for who in (minter.metadata(role="citizen", subject="other"), None):
        with pytest.raises(grpc.RpcError) as caught:
            grpc_stub.GetReceipt(number, metadata=who)
        assert caught.value.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.UNAUTHENTICATED)
    check = grpc_stub.VerifyReceipt(number)  # public
    assert (check.valid, check.amount, check.tax_type, check.authority_code) == (True, 750_000, "retribusi", "75.71")

    request = tax_pb2.GetReconciliationRequest(channel=CHANNEL)
    day = grpc_stub.GetReconciliation(request, metadata=minter.metadata(role="operator"))
    assert (day.payment_count, day.total) == (1, 750_000)
    assert [r.reason for r in day.refused] == ["signature_invalid"]
    kota = grpc_stub.GetReconciliation(
        request, metadata=minter.metadata(role="officer", agency="bapenda-7571", jurisdiction=["75.71"])
    )
    assert (kota.payment_count, list(kota.refused)) == (1, [])
    pohuwato = grpc_stub.GetReconciliation(
        request, metadata=minter.metadata(role="officer", agency="bapenda-7504", jurisdiction=["75.04"])
    )
    assert pohuwato.payment_count == 0
    for outsider in (
        minter.metadata(role="citizen"),
        minter.metadata(role="officer", agency="bpbd-75", jurisdiction=["75"]),
    ):  # not a tax office
        with pytest.raises(grpc.RpcError) as caught:
            grpc_stub.GetReconciliation(request, metadata=outsider)
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as caught:
        grpc_stub.GetReceipt(number, metadata=minter.metadata(role="officer", agency="bpbd-75", jurisdiction=["75"]))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED


def test_bank_simulator_finds_the_dev_secret_and_signs_like_a_bank(app, monkeypatch, tmp_path):
    sent = {}

    def fake_post(gateway, channel, secret, raw, *, timestamp=None, signature=None, timeout=30):
        sent.update(gateway=gateway, channel=channel, secret=secret, body=raw, timestamp=timestamp)
        return 200, {"status": "recorded"}

    monkeypatch.setattr(bank_simulator, "post", fake_post)
    monkeypatch.delenv(bank_simulator.SECRET_VARIABLE, raising=False)
    channels_file = app.settings.var_dir / "tax" / "payment-channels.json"
    args = type(
        "Args",
        (),
        {
            "channel": CHANNEL,
            "secret_file": None,
            "forge": False,
            "billing_code": "7531",
            "amount": 5,
            "transaction_id": "TX-S",
            "timestamp_offset": 0,
            "replay": False,
            "gateway": "http://gw",
            "paid_at": "2026-11-28T01:02:03+00:00",
        },
    )
    assert bank_simulator.pay(args, channels_file) == 0
    assert sent["secret"] == app.channels[CHANNEL]  # the same file the service reads
    assert json.loads(sent["body"])["transaction_id"] == "TX-S"
    assert json.loads(sent["body"])["paid_at"] == "2026-11-28T01:02:03+00:00"
    secret_file = tmp_path / "secret"
    secret_file.write_text("z" * 64)
    args.secret_file = str(secret_file)
    bank_simulator.pay(args, channels_file)
    assert sent["secret"] == "z" * 64
