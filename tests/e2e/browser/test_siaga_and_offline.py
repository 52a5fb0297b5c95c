"""/siaga on a phone-sized chromium through the real stack: a BPBD alert appears without a reload (the live
stream), a disaster report written during a real outage of the web origin is kept on the phone and filed
exactly once when the origin is back, the report form with JavaScript off; axe and screenshots on each page."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import uuid

import pytest
from PIL import Image

from tests.e2e.browser.conftest import axe_violations
from tests.e2e.conftest import login, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# A hazard the other end-to-end tests do not report, so this file's counts are its own.
HAZARD = "gelombang_pasang_abrasi"
FIRST_LOAD_BUDGET = 60 * 1024  # issue 15: HTML + CSS + JS of a page's first load, compressed


def check(page, screenshot, problems: dict, name: str) -> None:
    assert page.locator("html").get_attribute("lang") == "id", name
    assert page.locator("h1").count() == 1, name
    screenshot(page, name)
    problems[name] = axe_violations(page)


def issue_alert(stack, http, headline: str) -> dict:
    officer = login(stack, http, "petugas.bpbd.bonebolango", stack.demo_credentials()["petugas.bpbd.bonebolango"])
    now = dt.datetime.now(dt.UTC)
    response = http.post(
        f"{stack.url}/v1/disaster/alerts",
        headers=officer,
        json={
            "hazard": "banjir",
            "urgency": "Expected",
            "severity": "Severe",
            "certainty": "Likely",
            "responseType": "Prepare",
            "headline": {"id": headline, "en": headline + " (en)"},
            "description": {"id": "Curah hujan tinggi di hulu.", "en": "Heavy rain upstream."},
            "areas": [{"description": "Kecamatan Tapa", "regionCodes": ["75.03.01"]}],
            "expires": (now + dt.timedelta(hours=3)).isoformat().replace("+00:00", "Z"),
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def reports_with(stack, http, description: str) -> list[dict]:
    response = http.get(f"{stack.url}/v1/disaster/reports", params={"hazard": HAZARD, "page_size": 100})
    assert response.status_code == 200, response.text
    return [r for r in response.json().get("reports", []) if r.get("description") == description]


def photo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_bpbd_alert_appears_on_siaga_without_a_reload(phone, stack, http, screenshot, report_figure):
    problems: dict[str, list] = {}
    phone.goto("/siaga?wilayah=75.03")
    live = phone.locator("#siaga-live[data-live]")
    live.wait_for()  # the stream is open (at the stream server, or on the app's own origin)
    report_figure(f"/siaga's live alerts came through {live.get_attribute('data-live')}")
    check(phone, screenshot, problems, "siaga")
    entries = phone.evaluate(
        """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
              .filter(e => !e.name.includes('/alerts/stream'))
              .map(e => ({name: e.name, transferSize: e.transferSize}))"""
    )
    weight = sum(entry["transferSize"] for entry in entries)
    report_figure(f"first load of /siaga: {weight / 1024:.1f} KB over {len(entries)} responses")
    assert entries[0]["transferSize"] > 0 and weight < FIRST_LOAD_BUDGET, entries
    phone.evaluate("() => { window.notReloaded = true; }")

    headline = f"Siaga banjir Tapa {uuid.uuid4().hex[:6]}"
    issued_at = time.perf_counter()
    issue_alert(stack, http, headline)
    alert = phone.locator("#siaga-alert-list .siaga-alert-title", has_text=headline)
    alert.wait_for(timeout=20_000)
    report_figure(f"alert issued -> shown on /siaga: {(time.perf_counter() - issued_at) * 1000:.0f} ms")
    assert phone.evaluate("() => window.notReloaded === true"), "the page was reloaded"
    assert headline in phone.locator(".siaga-live-status").inner_text()
    check(phone, screenshot, problems, "siaga-peringatan-baru")
    assert not any(problems.values()), {name: found for name, found in problems.items() if found}


def test_a_report_written_during_an_outage_is_filed_exactly_once(phone, stack, http, web_url, screenshot):
    problems: dict[str, list] = {}
    phone.goto("/siaga")
    # The service worker takes the page over, and /siaga, visited under it, is kept for offline use.
    phone.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    phone.reload()
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")

    # A real outage: every request to the web origin fails, the service worker's own included.
    def refuse(route):
        route.abort("internetdisconnected")

    phone.context.route(re.compile("^" + re.escape(web_url) + "/"), refuse)
    description = f"Ombak naik ke jalan, uji luring {uuid.uuid4().hex[:8]}"
    phone.select_option("#hazard", HAZARD)
    phone.select_option("#district", "75.04.04")  # Marisa, Pohuwato
    phone.fill("#description", description)
    phone.fill("#houses_damaged", "3")
    phone.set_input_files("#photo", {"name": "ombak.png", "mimeType": "image/png", "buffer": photo_png()})
    phone.get_by_role("button", name="Kirim laporan", exact=True).click()
    saved = phone.locator("#draft-status")
    saved.wait_for()
    assert "disimpan di HP ini" in saved.inner_text() and "TANPA foto" not in saved.inner_text()
    check(phone, screenshot, problems, "siaga-draf-tersimpan")
    kept = phone.evaluate(
        """() => new Promise((resolve, reject) => {
            const open = indexedDB.open('gs-drafts');
            open.onsuccess = () => {
              const all = open.result.transaction('drafts').objectStore('drafts').getAll();
              all.onsuccess = () => resolve(all.result.map(d => ({
                key: d.key, files: d.entries.filter(e => e[1] instanceof Blob).map(e => e[1].size)})));
              all.onerror = () => reject(all.error);
            };
            open.onerror = () => reject(open.error);
        })"""
    )
    assert len(kept) == 1 and kept[0]["files"] and kept[0]["files"][0] > 0, kept
    assert reports_with(stack, http, description) == []  # nothing reached the platform

    # Still out: a page never visited gets the offline page; /siaga opens from the worker's cache.
    phone.goto("/sipakai")
    assert phone.locator("h1").inner_text().strip() == "Tidak ada sambungan"
    check(phone, screenshot, problems, "luring")
    phone.goto("/siaga")
    assert phone.locator("h1").inner_text().strip() == "Siaga Bencana"
    phone.locator("#draft-status", has_text="menunggu sambungan").wait_for()

    # The origin is back: the open page hears `online`, and a second tab's page load sends too.
    phone.context.unroute(re.compile("^" + re.escape(web_url) + "/"), refuse)
    other = phone.context.new_page()
    other.goto("/siaga")
    phone.evaluate("() => window.dispatchEvent(new Event('online'))")
    sent = [page.locator("#draft-status", has_text="sudah terkirim") for page in (phone, other)]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(s.count() for s in sent):
        time.sleep(0.3)
    shown = next(page for page, s in zip((phone, other), sent, strict=True) if s.count())
    check(shown, screenshot, problems, "siaga-draf-terkirim")
    shown.locator("#draft-status a").click()
    shown.wait_for_url(re.compile(r"/siaga/laporan/"))
    code = shown.locator("[data-report-code]").inner_text().strip()
    check(shown, screenshot, problems, "siaga-laporan")

    # Exactly once, however many times the phone sent it; and with its photo.
    time.sleep(3)  # a late second send would have landed by now
    filed = reports_with(stack, http, description)
    assert len(filed) == 1, filed
    assert filed[0]["code"] == code and len(filed[0]["photo_urls"]) == 1
    assert filed[0]["casualties"]["houses_damaged"] == 3 and filed[0]["region_code"].startswith("75.04")
    assert (
        phone.evaluate(
            """() => new Promise(resolve => {
            const open = indexedDB.open('gs-drafts');
            open.onsuccess = () => {
              const all = open.result.transaction('drafts').objectStore('drafts').getAll();
              all.onsuccess = () => resolve(all.result.length);
            };
        })"""
        )
        == 0
    )
    other.close()
    assert not any(problems.values()), {name: found for name, found in problems.items() if found}


def test_siaga_works_with_javascript_off(phone_without_javascript, phone, stack, http, screenshot):
    page = phone_without_javascript
    problems: dict[str, list] = {}
    shown: list[str] = []

    def seen(name: str) -> None:
        # axe runs in the page's JavaScript: with it off, the same address is checked in a phone with it on.
        assert page.locator("h1").count() == 1, name
        screenshot(page, name)
        shown.append(page.url)

    page.goto("/siaga")
    seen("siaga-tanpa-js")
    assert page.locator("button[data-geolocate]").first.is_hidden()  # nothing offered that cannot work

    # Refused on the server (no place given): the message sits next to the input.
    page.select_option("#hazard", HAZARD)
    page.get_by_role("button", name="Kirim laporan", exact=True).click()
    page.locator("#district-error").wait_for()
    screenshot(page, "siaga-tanpa-js-ditolak")

    description = f"Abrasi pantai, tanpa JavaScript {uuid.uuid4().hex[:8]}"
    page.select_option("#district", "75.04.04")
    page.fill("#description", description)
    page.get_by_role("button", name="Kirim laporan", exact=True).click()
    page.wait_for_url(re.compile(r"/siaga/laporan/"))
    assert page.locator("h1").inner_text().strip() == "Laporan diterima"
    code = page.locator("[data-report-code]").inner_text().strip()
    seen("siaga-laporan-tanpa-js")
    filed = reports_with(stack, http, description)
    assert [r["code"] for r in filed] == [code]

    page.goto("/siaga")
    page.select_option("#kecamatan", "75.04.04")
    page.get_by_role("button", name="Cari kejadian", exact=True).click()
    page.wait_for_url(re.compile(r"/siaga/sekitar\?"))
    assert page.locator("h1").inner_text().strip() == "Kejadian di sekitar saya"
    seen("siaga-sekitar-tanpa-js")

    for url in shown:
        phone.goto(url)
        problems[url] = axe_violations(phone)
    # The refused form, as the script shows it (the server's page, its content swapped in).
    phone.goto("/siaga")
    phone.select_option("#hazard", HAZARD)
    phone.get_by_role("button", name="Kirim laporan", exact=True).click()
    phone.locator("#district-error").wait_for()
    check(phone, screenshot, problems, "siaga-ditolak")
    assert not any(problems.values()), {name: found for name, found in problems.items() if found}


def test_a_visited_timeline_opens_offline_until_logout_wipes_it(phone, stack, http, residents, web_url, screenshot):
    from playwright.sync_api import Error as PlaywrightError  # the fixtures say when playwright is missing

    account = sign_up(stack, http, residents.take())
    phone.goto("/masuk")
    phone.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    phone.locator('input[name="username"]').fill(account["nik"])
    phone.locator('input[name="password"]').fill(account["password"])
    phone.get_by_role("button", name="Masuk", exact=True).click()
    phone.wait_for_url(re.compile(r"/saya$"))
    with phone.expect_response(lambda r: r.url == web_url + "/saya") as answer:
        phone.goto("/saya")  # visited under the service worker: kept in its own cache
    assert "no-store" in (answer.value.header_value("cache-control") or "")  # for every other cache

    outage = re.compile("^" + re.escape(web_url) + "/")

    def refuse(route):
        route.abort("internetdisconnected")

    phone.context.route(outage, refuse)
    phone.goto("/")  # away, then back to the timeline with the origin down
    assert phone.locator("h1").inner_text().strip() == "Tidak ada sambungan"
    phone.goto("/saya")
    assert phone.locator("h1").inner_text().strip() == "Linimasa saya"
    screenshot(phone, "saya-luring")
    phone.context.unroute(outage, refuse)

    # Logout wipes this phone's copy (Clear-Site-Data: the caches and the worker go).
    phone.goto("/saya")
    phone.get_by_role("button", name="Keluar", exact=True).click()
    phone.wait_for_url(web_url + "/")
    phone.context.route(outage, refuse)
    try:
        phone.goto("/saya")
    except PlaywrightError:
        pass  # no worker any more: the browser's own "no connection" page
    phone.wait_for_load_state("load")
    assert phone.locator("h1", has_text="Linimasa saya").count() == 0
    phone.context.unroute(outage, refuse)
    phone.goto("/")
    assert "gs-pages" not in phone.evaluate("() => caches.keys()")  # the kept pages went with the logout
