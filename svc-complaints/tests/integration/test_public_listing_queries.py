"""The public list's prebuilt statements (issue 20): every criterion still filters as written, on both
engines, read through the read-only unit of work (a plain connection), and a new complaint is listed
at once."""

from __future__ import annotations

import datetime as dt

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.domain import lifecycle
from gorontalo_complaints.service_layer import public

ALICE = dict(role="citizen", subject="citizen-alice")


def _file(stub, minter, **overrides) -> str:
    fields = dict(
        category="jalan_rusak",
        title="Jalan amblas di Jl. Agus Salim",
        description="Aspal amblas sedalam 30 cm.",
        latitude=0.5412,
        longitude=123.0595,
        region_code="75.71.01",
    )
    fields.update(overrides)
    return stub.FileComplaint(pb.FileComplaintRequest(**fields), metadata=minter.metadata(**ALICE)).tracking_code


def _codes(app, **criteria) -> list[str]:
    with app.uow().reading() as uow:
        return [c.tracking_code for c in uow.complaints.public(**criteria)]


def test_each_criterion_filters_and_a_new_complaint_is_listed_at_once(served):
    app, minter, stub = served
    city = _file(stub, minter)
    assert [v.tracking_code for v in public.list_public(app.uow().reading()).complaints] == [city]  # own write, at once
    regency = _file(stub, minter, region_code="75.03.01", category="sampah", latitude=0.52, longitude=122.4)
    secret = _file(stub, minter, privacy="rahasia")

    everything = _codes(app)
    assert set(everything) == {city, regency} and secret not in everything
    assert _codes(app, region_code="75.71") == [city]
    assert _codes(app, region_code="75.71.01") == [city]
    assert _codes(app, region_code="75.7") == []  # a prefix of digits is not a region above it
    assert _codes(app, region_code="not a region") == []
    assert _codes(app, category="sampah") == [regency]
    assert _codes(app, category="sampah", region_code="75.71") == []
    assert _codes(app, statuses=lifecycle.OPEN_STATUSES) == everything
    assert _codes(app, statuses=(lifecycle.CLOSED, lifecycle.RESOLVED)) == []
    assert _codes(app, tracking_codes=[city, secret]) == [city]
    assert _codes(app, tracking_codes=[]) == []
    assert _codes(app, agency_code="no-such-agency") == []
    far_past = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    far_future = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    assert set(_codes(app, filed_from=far_past, filed_before=far_future)) == {city, regency}
    assert _codes(app, filed_from=far_future) == []
    assert _codes(app, filed_until=far_past) == []
    # Newest first, paged by offset and limit through the same statement.
    assert _codes(app, limit=1) == everything[:1]
    assert _codes(app, offset=1, limit=1) == everything[1:2]
    assert _codes(app, offset=1) == everything[1:]
