"""CreateOpen311Key (POST /v1/complaints/open311-keys) over real gRPC: admins only; the key answered once
opens Open311 (its hash alone is kept); a retry with the same Idempotency-Key answers the same key
without making a second one, and the answer kept for it holds the key only encrypted."""

import json
import urllib.parse

import grpc
import pytest
import sqlalchemy as sa
from google.api import httpbody_pb2

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.adapters.tables import idempotency_records, open311_keys

ADMIN = dict(role="admin", subject="admin-1")
PUPR = dict(role="officer", subject="officer-pupr", agency="dinas-pupr-7571", jurisdiction=["75.71"])


def _filed_with(stub, api_key: str):
    form = urllib.parse.urlencode(
        dict(
            api_key=api_key,
            service_code="sampah",
            address_string="Jl. Pangeran Hidayat, Kota Selatan",
            description="Sampah tidak diangkut sejak seminggu.",
        )
    ).encode()
    body = httpbody_pb2.HttpBody(content_type="application/x-www-form-urlencoded", data=form)
    return json.loads(stub.Open311CreateRequest(pb.Open311CreateRequestRequest(format="json", form=body)).data)


def test_admin_creates_a_key_shown_once_that_opens_open311(served):
    app, minter, stub = served
    metadata = minter.metadata(**ADMIN) + [("idempotency-key", "k-open311-1")]
    made = stub.CreateOpen311Key(pb.CreateOpen311KeyRequest(name="  Aplikasi   Lapor Kota "), metadata=metadata)
    assert made.name == "Aplikasi Lapor Kota" and len(made.api_key) >= 32 and made.id
    assert _filed_with(stub, made.api_key)[0]["service_request_id"]

    again = stub.CreateOpen311Key(pb.CreateOpen311KeyRequest(name="  Aplikasi   Lapor Kota "), metadata=metadata)
    assert (again.id, again.api_key) == (made.id, made.api_key)
    with app.engine.connect() as connection:
        keys = connection.execute(sa.select(open311_keys)).all()
        kept = b"".join(r.response or b"" for r in connection.execute(sa.select(idempotency_records)).all())
    assert [k.id for k in keys] == [made.id] and made.api_key not in {k.key_hash for k in keys}
    assert made.api_key.encode() not in kept


def test_only_admins_create_keys_and_a_name_is_needed(served):
    _app, minter, stub = served
    with pytest.raises(grpc.RpcError) as refused:
        stub.CreateOpen311Key(pb.CreateOpen311KeyRequest(name="Aplikasi"), metadata=minter.metadata(**PUPR))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as short:
        stub.CreateOpen311Key(pb.CreateOpen311KeyRequest(name="x"), metadata=minter.metadata(**ADMIN))
    assert short.value.code() == grpc.StatusCode.INVALID_ARGUMENT
