"""The permits pre-check end to end (issue 22), as an officer and an applicant would meet it: real
processes (gateway, permits, identity, nats-server, and the `gorontalo-permits precheck-worker` reading
the uploads with Tesseract). An application with a KTP of someone else and an NPWP uploaded as the KTP
gets both flags; a clean one gets none, after identity's register said yes; the officer of the regency
reads the report and dismisses a flag, which is counted; the applicant and another regency's officer
cannot read it."""

from __future__ import annotations

import random
import signal
import time

import pytest

from gorontalo_permits.evaluation import cards
from tests.e2e.conftest import sign_up, unique
from tests.e2e.stack import BIN
from tests.e2e.test_permits_flow import KOTA_LAT, KOTA_LON, KOTA_VILLAGE, _staff, random_nib, upload

KTP, NPWP = "KTP penanggung jawab", "NPWP"
WORKER = "permits-precheck"


@pytest.fixture(scope="module")
def precheck_worker(stack):
    # One worker per stack: the console's browser test may have started it already.
    running = stack.processes.get(WORKER)
    if running is not None and running.poll() is None:
        yield running
        return
    stack._spawn(WORKER, [str(BIN / "gorontalo-permits"), "precheck-worker"])
    yield stack.processes[WORKER]
    process = stack.processes.pop(WORKER, None)
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(60)


def _who(resident: dict) -> dict:
    """The resident as the card generator draws them (the register's NIK, name and birth date)."""
    return {
        "nik": resident["nik"],
        "name": resident["full_name"].upper(),
        "birth_date": resident["birth_date"],
        "female": "1" if int(resident["nik"][6:8]) > 40 else "",
    }


def _upload_card(stack, http, citizen, document_type: str, card: cards.Card) -> str:
    response = upload(stack, http, citizen, document_type, card.png(), "image/png", file_name="scan.png")
    assert response.status_code == 200, response.text
    return response.json()["id"]


def _apply(stack, http, citizen, document_ids, nib: str) -> dict:
    resident = citizen["resident"]
    response = http.post(
        stack.url + "/v1/permits/applications",
        headers=citizen["headers"],
        json={
            "kbli_code": "47112",  # rendah: KTP penanggung jawab and NPWP
            "business_name": unique("Toko Kelontong Hulonthalo"),
            "business_address": "Jl. Nani Wartabone No. 10",
            "region_code": KOTA_VILLAGE,
            "latitude": KOTA_LAT,
            "longitude": KOTA_LON,
            "investment_rupiah": 30000000,
            "workforce": 2,
            "nib": nib,
            "document_ids": document_ids,
            "responsible_nik": resident["nik"],
            "responsible_name": resident["full_name"],
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def _report(stack, http, officer, application_id) -> dict:
    """The report once complete (the worker reads a scan in seconds; the deadline only bounds a failure)."""
    url = f"{stack.url}/v1/permits/applications/{application_id}/precheck"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        response = http.get(url, headers=officer)
        assert response.status_code == 200, response.text
        if response.json()["status"] == "complete":
            return response.json()
        time.sleep(1)
    raise AssertionError(f"pre-check of {application_id} not complete\n" + stack.tail_logs())


def _dismissed_total(stack, http, kind: str) -> float:
    metrics = http.get(f"http://127.0.0.1:{stack.ports['permits'][1]}/metrics").text
    for line in metrics.splitlines():
        if line.startswith(f'gorontalo_permits_precheck_flags_dismissed_total{{kind="{kind}"}}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_swapped_card_and_foreign_nik_are_flagged_and_the_officer_dismisses_one(
    stack, http, residents, precheck_worker
):
    citizen = sign_up(stack, http, residents.take())
    stranger = residents.take()  # in the register, but not the declared person
    stack.personal_numbers.add(stranger["nik"])  # read off a scan: it must reach no log line either
    rng = random.Random(22)
    own_ktp = cards.draw_ktp(rng, _who(citizen["resident"]))
    foreign_ktp = cards.draw_ktp(rng, _who(stranger))
    npwp = cards.draw_npwp(rng, _who(citizen["resident"]))
    foreign_id = _upload_card(stack, http, citizen, KTP, foreign_ktp)
    swapped_id = _upload_card(stack, http, citizen, KTP, npwp)  # the NPWP card sent as the KTP
    npwp_id = _upload_card(stack, http, citizen, NPWP, npwp)
    ktp_id = _upload_card(stack, http, citizen, KTP, own_ktp)
    nib = random_nib()
    flagged = _apply(stack, http, citizen, [foreign_id, swapped_id, npwp_id], nib)
    clean = _apply(stack, http, citizen, [ktp_id, npwp_id], nib)

    officer = _staff(stack, http, "petugas.kota")
    report = _report(stack, http, officer, flagged["id"])
    flags = {flag["kind"]: flag for flag in report["flags"]}
    assert sorted(flags) == ["nik_mismatch", "wrong_document_type"], report
    assert flags["nik_mismatch"]["document_id"] == foreign_id
    assert flags["nik_mismatch"]["read"]["nik"] == stranger["nik"]  # the text it read, for the officer
    assert flags["wrong_document_type"]["document_id"] == swapped_id
    assert flags["wrong_document_type"]["read"]["read_as"] == "npwp"
    assert 0 < flags["wrong_document_type"]["confidence"] <= 1
    assert flags["wrong_document_type"]["message"]  # explained in the officer's language
    assert report["declared_nik"] == citizen["resident"]["nik"]

    clean_report = _report(stack, http, officer, clean["id"])
    assert clean_report.get("flags", []) == []  # proto3 JSON leaves an empty list out
    assert clean_report["register_check"] == "match"  # identity's register said yes, nothing more
    assert [d.get("read_as") for d in clean_report["documents"]] == ["ktp", "npwp"]

    # Only the application's officers: not the applicant, not another regency's office.
    url = f"{stack.url}/v1/permits/applications/{flagged['id']}/precheck"
    assert http.get(url, headers=citizen["headers"]).status_code == 403
    assert http.get(url, headers=_staff(stack, http, "petugas.pohuwato")).status_code == 403

    before = _dismissed_total(stack, http, "wrong_document_type")
    flag_id = flags["wrong_document_type"]["id"]
    dismiss = f"{url}/flags/{flag_id}:dismiss"
    assert http.post(dismiss, headers=officer, json={"reason": "x"}).status_code == 400
    response = http.post(dismiss, headers=officer, json={"reason": "KTP asli dilampirkan di berkas lain"})
    assert response.status_code == 200, response.text
    dismissed = next(f for f in response.json()["flags"] if f["id"] == flag_id)
    assert dismissed["dismissed"] is True and dismissed["dismissal_reason"] == "KTP asli dilampirkan di berkas lain"
    assert http.post(dismiss, headers=officer, json={"reason": "sekali lagi"}).status_code == 409  # once
    assert _dismissed_total(stack, http, "wrong_document_type") == before + 1
    again = http.get(url, headers=officer).json()
    assert next(f for f in again["flags"] if f["id"] == flag_id)["dismissed"] is True
