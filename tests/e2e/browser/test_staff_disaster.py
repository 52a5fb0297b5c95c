"""The BPBD officer's pages (/petugas/siaga) in a real chromium against the real stack (issue 16).

A fresh BPBD officer of Bone Bolango signs in with the password and the authenticator code, sees a report
residents filed (clustered into an incident) on the plain map and in the list, verifies the incident and adds
a situation note, composes an alert for it whose CAP 1.2 preview is refused first (a missing English
headline, shown next to its input) and then valid (OASIS XSD), issues it, updates it and cancels it; a
resident's /siaga page in another browser context shows the alert, its update and its end live, without a
reload. The officer's browser runs with JavaScript OFF the whole way: every form posts, every irreversible
step is a ticked confirmation checked by the server. axe-core and a screenshot on every page."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
import uuid

import pytest

from tests.e2e.browser.conftest import PHONE, axe_violations, sign_in_staff
from tests.e2e.staff_accounts import enrol_authenticator, new_officer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

WITA = dt.timezone(dt.timedelta(hours=8))
HAZARD = "kebakaran_permukiman"  # a hazard the other browser tests do not report


def file_report(stack, http, description: str) -> dict:
    """A resident's report near Kabila, Bone Bolango, waited for until clustered into an incident."""
    body = {
        "hazard": HAZARD,
        "latitude": round(0.5521 + random.uniform(-0.01, 0.01), 5),
        "longitude": round(123.1402 + random.uniform(-0.01, 0.01), 5),
        "description": description,
        "casualties": {"displaced": 7},
    }
    response = http.post(stack.url + "/v1/disaster/reports", json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 200, response.text
    report = response.json()
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        found = http.get(f"{stack.url}/v1/disaster/reports/{report['id']}").json()
        if found.get("incident_id"):
            return found
        time.sleep(0.5)
    raise AssertionError("the report was not clustered into an incident within 45 s")


def test_bpbd_issues_a_previewed_alert_that_a_resident_sees_live(
    phone, phone_without_javascript, stack, http, screenshot
):
    problems: dict[str, list] = {}

    def check(page, name):
        assert page.locator("html").get_attribute("lang") == "id", name
        assert page.locator("h1").count() == 1, name
        screenshot(page, name)
        # Readable at 360 px: nothing wider than the phone (the page never scrolls sideways).
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name} is wider than 360 px"
        problems[name] = axe_violations(page)

    # The resident: /siaga of Bone Bolango, with the live stream open.
    resident = phone
    resident.goto("/siaga?wilayah=75.03")
    resident.locator("#siaga-live[data-live]").wait_for()
    resident.evaluate("() => { window.notReloaded = true; }")

    description = f"Rumah terbakar di Kabila {uuid.uuid4().hex[:6]}"
    report = file_report(stack, http, description)
    # A fresh officer of BPBD Kabupaten Bone Bolango (75.03), the authenticator enrolled through the API.
    username = new_officer(
        stack, http, agency_code="bpbd-7503", jurisdiction=["75.03"], full_name="Petugas Siaga Bone Bolango"
    )
    authenticator = enrol_authenticator(stack, http, username)

    officer = phone_without_javascript
    sign_in_staff(officer, username, authenticator)
    officer.goto("/petugas/siaga")
    check(officer, "petugas-siaga")
    assert "BPBD Kabupaten Bone Bolango" in officer.locator(".staff-scope").inner_text()
    assert officer.locator("svg.sd-map title", has_text="Peta kejadian").count() == 1
    assert officer.locator("svg.sd-map .sd-map-seat-label", has_text="Suwawa").count() == 1
    assert officer.locator(f'svg.sd-map [data-code="{report["code"]}"]').count() == 1  # the report's diamond
    assert officer.locator(".sd-report", has_text=report["code"]).count() == 1
    incident_link = officer.locator(f'.sd-incident[data-incident-id="{report["incident_id"]}"] a')
    incident_link.click()
    officer.wait_for_url(re.compile(rf"/petugas/siaga/kejadian/{report['incident_id']}$"))
    assert officer.locator(".sd-incident-status").inner_text().strip() == "Dilaporkan"
    assert description in officer.locator(".sd-report").first.inner_text()
    check(officer, "petugas-siaga-kejadian")

    # Verify with a severity, then a public situation note; dismissing unticked sends nothing.
    officer.get_by_label("Tingkat keparahan").select_option("severe")
    officer.get_by_role("button", name="Verifikasi", exact=True).click()
    officer.wait_for_url(re.compile(r"selesai=verified"))
    assert officer.locator(".sd-incident-status").inner_text().strip() == "Terverifikasi"
    assert officer.locator(".sd-incident-severity").inner_text().strip() == "Berat"
    officer.get_by_label("Catatan situasi (tampil untuk publik)").fill("Tim BPBD tiba di lokasi, 7 KK mengungsi.")
    officer.get_by_role("button", name="Simpan catatan").click()
    officer.wait_for_url(re.compile(r"selesai=note"))
    assert "7 KK mengungsi" in officer.locator(".sd-note").first.inner_text()
    officer.get_by_role("button", name="Tolak kejadian").click()
    assert officer.locator("#dismiss_confirm-error").is_visible()
    assert officer.locator(".sd-incident-status").inner_text().strip() == "Terverifikasi"
    check(officer, "petugas-siaga-kejadian-konfirmasi")

    # The composer, from the incident: first a preview with the English headline missing.
    officer.get_by_role("link", name="Susun peringatan untuk kejadian ini").click()
    officer.wait_for_url(re.compile(r"/petugas/siaga/peringatan/baru\?incident_id="))
    check(officer, "petugas-siaga-susun")
    headline = f"Awas kebakaran Kabila {uuid.uuid4().hex[:6]}"
    assert officer.get_by_label("Jenis bencana").input_value() == HAZARD  # the incident's, preselected
    officer.get_by_label("Urgensi").select_option("Immediate")
    officer.get_by_label("Keparahan", exact=True).select_option("Severe")
    officer.get_by_label("Kepastian").select_option("Observed")
    officer.get_by_label("Tindakan yang diminta").select_option("Avoid")
    officer.get_by_label("Judul (Indonesia)").fill(headline)
    officer.get_by_label("Uraian (Indonesia)").fill("Kebakaran permukiman di Kabila, api belum padam.")
    officer.get_by_label("Uraian (Inggris)").fill("A residential fire in Kabila is still burning.")
    officer.get_by_label("Petunjuk untuk warga (Indonesia, opsional)").fill("Jauhi lokasi, beri jalan pemadam.")
    officer.get_by_label("Kode wilayah Kemendagri").fill("75.03.02")
    expires = dt.datetime.now(WITA) + dt.timedelta(hours=3)
    officer.get_by_label("Berakhir (WITA)").fill(expires.strftime("%Y-%m-%dT%H:%M"))
    officer.get_by_role("button", name="Pratinjau CAP").click()
    assert "Wajib diisi" in officer.locator("#headline_en-error").inner_text()
    assert officer.get_by_label("Judul (Inggris)").get_attribute("aria-invalid") == "true"
    assert officer.locator(".sd-invalid").is_visible()
    assert officer.get_by_role("button", name="Terbitkan peringatan").count() == 0
    check(officer, "petugas-siaga-pratinjau-salah")

    officer.get_by_label("Judul (Inggris)").fill(headline.replace("Awas kebakaran", "Fire warning"))
    officer.get_by_role("button", name="Pratinjau CAP").click()
    assert "Valid" in officer.locator(".sd-valid").inner_text()
    assert "Skema CAP 1.2 (OASIS): sesuai." in officer.locator(".sd-schema").inner_text()
    xml = officer.locator(".sd-cap-xml").inner_text()
    assert 'xmlns="urn:oasis:names:tc:emergency:cap:1.2"' in xml and "<msgType>Alert</msgType>" in xml
    assert f"<headline>{headline}</headline>" in xml and "<value>75.03.02</value>" in xml
    assert f"<incidents>{report['incident_id']}</incidents>" in xml
    assert expires.strftime("%Y-%m-%dT%H:%M") in xml  # the expiry typed in WITA is the document's +08:00
    check(officer, "petugas-siaga-pratinjau")
    assert resident.locator("#siaga-alert-list .siaga-alert-title", has_text=headline).count() == 0  # not issued

    officer.get_by_role("button", name="Terbitkan peringatan").click()
    assert officer.locator("#issue_confirm-error").is_visible()  # the tick is required
    officer.get_by_label(re.compile("Saya yakin: peringatan ini langsung dikirim")).check()
    officer.get_by_role("button", name="Terbitkan peringatan").click()
    officer.wait_for_url(re.compile(r"/petugas/siaga/peringatan/[0-9a-f-]+\?selesai=issued"))
    assert officer.locator("h1").inner_text().strip() == headline
    assert "Berlaku" in officer.locator(".sd-alert-state").inner_text()
    check(officer, "petugas-siaga-peringatan")

    # The resident's page shows it without a reload.
    resident.locator("#siaga-alert-list .siaga-alert-title", has_text=headline).wait_for(timeout=20_000)
    assert resident.evaluate("() => window.notReloaded === true")

    # Update: the composer is prefilled; a new severity, previewed as an Update, issued.
    officer.get_by_role("link", name="Perbarui peringatan ini").click()
    officer.wait_for_url(re.compile(r"/perbarui$"))
    assert officer.get_by_label("Judul (Indonesia)").input_value() == headline
    updated = headline + " (diperbarui)"
    officer.get_by_label("Judul (Indonesia)").fill(updated)
    officer.get_by_label("Keparahan", exact=True).select_option("Extreme")
    officer.get_by_role("button", name="Pratinjau CAP").click()
    assert "<msgType>Update</msgType>" in officer.locator(".sd-cap-xml").inner_text()
    check(officer, "petugas-siaga-perbarui")
    officer.get_by_label(re.compile("Saya yakin: peringatan ini langsung dikirim")).check()
    officer.get_by_role("button", name="Terbitkan pembaruan").click()
    officer.wait_for_url(re.compile(r"selesai=updated"))
    assert "Update" in officer.locator(".sd-alert-type").inner_text()
    resident.locator("#siaga-alert-list .siaga-alert-title", has_text=updated).wait_for(timeout=20_000)

    # Cancel, with the tick; the resident's list drops the alert, still without a reload.
    officer.get_by_label("Alasan (Indonesia, opsional)").fill("Api sudah padam.")
    officer.get_by_role("button", name="Batalkan peringatan").click()
    assert officer.locator("#cancel_confirm-error").is_visible()
    officer.get_by_label("Saya yakin. Ini tidak dapat dibatalkan.").check()
    officer.get_by_role("button", name="Batalkan peringatan").click()
    officer.wait_for_url(re.compile(r"selesai=cancelled"))
    assert "Cancel" in officer.locator(".sd-alert-type").inner_text()
    check(officer, "petugas-siaga-dibatalkan")
    deadline = time.monotonic() + 20
    titles = resident.locator("#siaga-alert-list .siaga-alert-title", has_text=updated)
    while titles.count() and time.monotonic() < deadline:
        time.sleep(0.25)
    assert titles.count() == 0
    assert resident.evaluate("() => window.notReloaded === true")

    serious = {name: found for name, found in problems.items() if found}
    assert serious == {}, serious
