"""The pre-check worker on a real nats-server (issue 22): uploaded synthetic cards are read by the real
OCR (Tesseract), an application with a KTP of someone else and an NPWP uploaded as the KTP gets both
flags, a clean one none; an officer reads the report and dismisses a flag, and the dismissal is counted.
identity's register is a test double here (its MatchResident has its own tests, and the e2e test asks
the real one)."""

from __future__ import annotations

import json
import os
import pathlib
import random
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from gorontalo_permits import bootstrap as composition
from gorontalo_permits.adapters.ocr import TesseractOcr
from gorontalo_permits.adapters.tables import declared_persons, precheck_documents, precheck_flags
from gorontalo_permits.domain import precheck as rules
from gorontalo_permits.entrypoints.precheck_worker import PrecheckWorker
from gorontalo_permits.evaluation import cards
from gorontalo_permits.service_layer import applications, precheck
from gorontalo_permits.service_layer import documents as document_services
from servicekit.errors import InvalidArgument, PermissionDenied

from ..conftest import seed_documents
from .test_events_nats import STREAM, wait_until

NIB = "9120009876543"


class Register:
    """identity's yes/no, from a register of one person; records what it was asked (no more than that)."""

    def __init__(self, person: dict):
        self.person = person
        self.asked: list[tuple[str, str]] = []

    def match(self, nik, declared, *, applicant_id, purpose):
        self.asked.append((nik, declared.name if declared else ""))
        return declared is not None and nik == self.person["nik"] and declared.name == self.person["name"]


@pytest.fixture
def live_app(nats_server, tmp_path, clock, minter, settings_for, fee_bills):
    settings = settings_for(f"sqlite:///{tmp_path / 'permits.db'}", tmp_path, nats_url=nats_server.url, stream=STREAM)
    app = composition.bootstrap(settings, clock=clock, verifier=minter.verifier, fee_bills=fee_bills)
    seed_documents(app)
    app.bus.start()
    yield app
    app.bus.stop(flush_seconds=1)
    app.close()


def _upload(app, clock, citizen, document_type: str, card: cards.Card) -> str:
    document = document_services.upload_document(
        app.uow(),
        clock,
        citizen,
        catalog=app.catalog,
        storage=app.storage,
        inspect=app.inspect,
        document_type=document_type,
        file_name="scan.png",
        content_type="image/png",
        content=card.png(),
    )
    return document.id


def _submit(app, clock, citizen, submission, person: dict, document_ids: list[str]):
    return applications.submit_application(
        app.uow(),
        app.catalog,
        clock,
        citizen,
        **submission(kbli_code="47112", nib=NIB, investment_rupiah=20_000_000, workforce=2, document_ids=document_ids),
        responsible_nik=person["nik"],
        responsible_name=person["name"].title(),
    )


def test_a_swapped_card_and_a_foreign_nik_are_flagged_a_clean_application_is_not(
    live_app, clock, citizen, kota_officer, pohuwato_officer, submission, tmp_path
):
    rng = random.Random(2022)
    siti, stranger = cards.person(rng), cards.person(rng)
    own_ktp, foreign_ktp = cards.draw_ktp(rng, siti), cards.draw_ktp(rng, stranger)
    npwp = cards.draw_npwp(rng, siti)
    ktp_id = _upload(live_app, clock, citizen, "KTP penanggung jawab", own_ktp)
    foreign_id = _upload(live_app, clock, citizen, "KTP penanggung jawab", foreign_ktp)
    swapped_id = _upload(live_app, clock, citizen, "KTP penanggung jawab", npwp)  # an NPWP sent as the KTP
    npwp_id = _upload(live_app, clock, citizen, "NPWP", npwp)

    flagged = _submit(live_app, clock, citizen, submission, siti, [foreign_id, swapped_id, npwp_id])
    clean = _submit(live_app, clock, citizen, submission, siti, [ktp_id, npwp_id])
    register = Register(siti)
    worker = PrecheckWorker(live_app, ocr=TesseractOcr(nice=0), register=register, idle_seconds=0.2)
    loop = threading.Thread(target=worker.run, daemon=True)
    loop.start()
    try:

        def complete(application_id):
            report, _, status = precheck.get_report(live_app.uow(), kota_officer, application_id)
            return status == "complete" and report

        flagged_report = wait_until(lambda: complete(flagged.id), timeout=180)
        clean_report = wait_until(lambda: complete(clean.id), timeout=180)
    finally:
        worker.stop()
        loop.join(60)

    assert clean_report.flags == []
    assert [d.reading.kind for d in clean_report.documents] == ["ktp", "npwp"]
    assert clean_report.documents[0].reading.fields == {
        "nik": siti["nik"],
        "name": siti["name"],
        "birth_date": siti["birth_date"],
    }
    assert clean_report.register_check == "match"
    assert register.asked == [(siti["nik"], siti["name"])]  # the clean KTP only: the foreign NIK needs no register

    by_kind = {f.kind: f for f in flagged_report.flags}
    assert sorted(by_kind) == [rules.NIK_MISMATCH, rules.WRONG_DOCUMENT_TYPE]
    assert (by_kind[rules.NIK_MISMATCH].document_id, by_kind[rules.NIK_MISMATCH].read["nik"]) == (
        foreign_id,
        stranger["nik"],
    )
    wrong = by_kind[rules.WRONG_DOCUMENT_TYPE]
    assert (wrong.document_id, wrong.detail) == (swapped_id, "NPWP -> KTP penanggung jawab")
    assert 0 < wrong.confidence <= 1 and wrong.read["read_as"] == "npwp"

    # Only the officers of the application's regency/city (and province staff) read it; not the applicant.
    for outsider in (citizen, pohuwato_officer):
        with pytest.raises(PermissionDenied):
            precheck.get_report(live_app.uow(), outsider, flagged.id)

    with pytest.raises(InvalidArgument):
        precheck.dismiss_flag(
            live_app.uow(), clock, kota_officer, application_id=flagged.id, flag_id=wrong.id, reason="x"
        )
    report, _, _ = precheck.dismiss_flag(
        live_app.uow(),
        clock,
        kota_officer,
        application_id=flagged.id,
        flag_id=wrong.id,
        reason="Berkas KTP asli ada di lampiran lain",
    )
    dismissed = report.flag(wrong.id)
    assert (dismissed.dismissed, dismissed.dismissed_by) == (True, kota_officer.subject)
    with live_app.uow() as uow:
        counts = uow.precheck.flag_counts()
    assert counts == {rules.NIK_MISMATCH: (1, 0), rules.WRONG_DOCUMENT_TYPE: (1, 1)}
    # What the office publishes: `gorontalo-permits precheck-figures`, a real process on this database.
    printed = subprocess.run(
        [str(pathlib.Path(sys.executable).parent / "gorontalo-permits"), "precheck-figures"],
        env={**os.environ, "PERMITS_DATABASE_URL": str(live_app.engine.url), "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout)["flags"] == {
        rules.NIK_MISMATCH: {"raised": 1, "dismissed": 0, "precision_at_most": 1.0},
        rules.WRONG_DOCUMENT_TYPE: {"raised": 1, "dismissed": 1, "precision_at_most": 0.0},
    }

    # At rest: no NIK or name in clear, anywhere the pre-check writes.
    with live_app.engine.connect() as connection:
        stored = [
            str(row)
            for table in (declared_persons, precheck_documents, precheck_flags)
            for row in connection.execute(sa.select(table)).all()
        ]
    for secret in (siti["nik"], stranger["nik"], siti["name"], stranger["name"]):
        assert not any(secret in row for row in stored)


def test_a_declared_person_must_be_whole_and_valid(app, clock, citizen, submission):
    for nik, name in (("7571014107900003", ""), ("1234567890123456", "Siti"), ("", "Siti Aminah")):
        with pytest.raises(InvalidArgument):
            applications.submit_application(
                app.uow(), app.catalog, clock, citizen, **submission(), responsible_nik=nik, responsible_name=name
            )


def _request(app, application_id: str) -> bool:
    """The worker's consumer handler, in a transaction as the bus runs it."""
    from gorontalo_permits.service_layer.unit_of_work import ConsumerUnitOfWork

    with app.session_factory() as session, session.begin():
        return precheck.request_precheck(ConsumerUnitOfWork(session, cipher=app.cipher), app.clock, application_id)


def test_a_resubmission_with_new_documents_is_read_afresh_a_replay_is_not(
    app, clock, citizen, kota_officer, submission, catalog
):
    from gorontalo_permits.service_layer import workflow

    from ..conftest import required_document_ids

    application = applications.submit_application(app.uow(), app.catalog, clock, citizen, **submission())
    assert _request(app, application.id) is True
    assert _request(app, application.id) is False  # a replayed event: the same documents, nothing new
    first, _, status = precheck.get_report(app.uow(), kota_officer, application.id)
    assert status == "pending" and len(first.documents) == len(application.documents)

    applications.start_review(app.uow(), clock, kota_officer, application_id=application.id)
    workflow.request_revision(app.uow(), clock, kota_officer, application_id=application.id, note="KTP buram")
    kept = required_document_ids(catalog, "56101", "citizen-a")
    rng = random.Random(5)
    new_ktp = _upload(app, clock, citizen, "KTP penanggung jawab", cards.draw_ktp(rng, cards.person(rng)))
    workflow.resubmit(
        app.uow(), clock, citizen, application_id=application.id, document_ids=[new_ktp, *kept[1:]], catalog=catalog
    )
    clock.advance(minutes=5)
    assert _request(app, application.id) is True
    second, _, _ = precheck.get_report(app.uow(), kota_officer, application.id)
    assert [d.document_id for d in second.documents][0] == new_ktp
    assert second.requested_at > first.requested_at and all(d.reading is None for d in second.documents)


def test_precheck_changes_are_seen_only_for_resubmissions():
    from gorontalo.permits.v1 import events_pb2

    changed = events_pb2.ApplicationStatusChanged
    assert precheck.is_resubmission(changed(old_status="revision_requested", new_status="submitted"))
    assert not precheck.is_resubmission(changed(old_status="submitted", new_status="in_review"))
