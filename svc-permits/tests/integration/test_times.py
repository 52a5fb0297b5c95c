"""Times written with a UTC offset read back as the same instant, on SQLite and PostgreSQL.

SQLite has no timestamp type: without servicekit.db.UtcDateTime it kept the wall-clock digits and
dropped the offset, so 10:00+07:00 came back as 10:00Z. Each repository of the service is read back
through the unit of work, as the use cases read it.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from gorontalo_permits.domain.documents import PNG, Document
from gorontalo_permits.domain.permit import Permit
from gorontalo_permits.service_layer import applications

WIB, WITA, WIT = (dt.timezone(dt.timedelta(hours=h)) for h in (7, 8, 9))
MOMENTS = [
    dt.datetime(2025, 3, 3, 9, 30, 5, tzinfo=WIB),
    dt.datetime(2025, 3, 3, 9, 30, tzinfo=WITA),
    dt.datetime(2025, 3, 4, 7, 45, 0, 250000, tzinfo=WIT),
]


def _same_instant(read: dt.datetime, written: dt.datetime) -> None:
    assert read == written, f"{written.isoformat()} came back as {read.isoformat()}"
    assert read.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.strftime("%z"))
def test_application_and_timeline_times_round_trip(app, catalog, clock, citizen, submission, moment):
    clock.now = moment
    submitted = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    with app.uow() as uow:
        read = uow.applications.get(submitted.id)
    _same_instant(read.submitted_at, moment)
    _same_instant(read.updated_at, moment)
    _same_instant(read.timeline[0].at, moment)


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.strftime("%z"))
def test_permit_document_and_owner_times_round_trip(app, catalog, clock, citizen, submission, moment):
    application = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    number = f"7571/DPMPTSP/2025/{uuid.uuid4().int % 10**6:06d}"
    permit = Permit(
        permit_number=number,
        application_id=application.id,
        owner_id="citizen-a",
        nib="9120001234567",
        kbli_code="56101",
        business_name="Rumah Makan",
        risk_level="menengah_rendah",
        regency_code="75.71",
        issued_at=moment,
    )
    document = Document(
        id=str(uuid.uuid4()),
        owner_id="citizen-a",
        document_type="NPWP",
        media_type=PNG,
        size_bytes=10,
        sha256="1" * 64,
        uploaded_at=moment,
    )
    with app.uow() as uow:
        uow.permits.add(permit)
        uow.documents.add(document)
        assert uow.owners.register("owner-x", "9120009999999", moment)
        uow.commit()
    permit.revoke(officer_id="officer-kota", at=moment + dt.timedelta(hours=1), reason="Usaha sudah tutup")
    with app.uow() as uow:
        assert uow.permits.save_revocation(permit)
        uow.commit()
    with app.uow() as uow:
        read_permit = uow.permits.get(number)
        read_document = uow.documents.get(document.id)
    _same_instant(read_permit.issued_at, moment)
    _same_instant(read_permit.revoked_at, moment + dt.timedelta(hours=1))
    _same_instant(read_document.uploaded_at, moment)


def test_the_queue_orders_by_instant_not_by_wall_clock_digits(app, catalog, clock, citizen, submission):
    """Two applications with the same SLA due date queue oldest first: 09:00+09:00 (00:00Z) came
    before 08:30+07:00 (01:30Z), though its digits sort later."""
    clock.now = dt.datetime(2025, 3, 3, 8, 30, tzinfo=WIB)
    later = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    clock.now = dt.datetime(2025, 3, 3, 9, 0, tzinfo=WIT)
    earlier = applications.submit_application(app.uow(), catalog, clock, citizen, **submission())
    with app.uow() as uow:
        queue = [a.id for a in uow.applications.list(offset=0, limit=10)]
    assert queue.index(earlier.id) < queue.index(later.id)


def test_a_naive_time_is_refused_not_guessed(app):
    document = Document(
        id=str(uuid.uuid4()),
        owner_id="citizen-a",
        document_type="NPWP",
        media_type=PNG,
        size_bytes=10,
        sha256="1" * 64,
        uploaded_at=dt.datetime(2025, 3, 3, 9, 30),
    )
    with pytest.raises(Exception, match="naive"), app.uow() as uow:
        uow.documents.add(document)
        uow.commit()
