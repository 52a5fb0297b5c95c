"""A new resident's first journey in a phone-sized chromium: sign up with the SMS code, the timeline,
logout and login again; accessibility, JavaScript off, CSRF, page weight and security headers."""

from __future__ import annotations

import re

import pytest
import requests

from tests.e2e.browser.conftest import axe_violations
from tests.e2e.conftest import e164, random_phone

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

# connect-src names the live alert stream's origin (the stack's stream server, WEB_STREAMS_URL's default).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'; connect-src 'self' {streams_url}"
)
PASSWORD = "kata-sandi-aman-1"
FIRST_LOAD_BUDGET = 60 * 1024  # issue 15: HTML + CSS + JS of a page's first load, compressed


def _directives(policy: str | None) -> set[str]:
    return {" ".join(part.split()) for part in (policy or "").split(";") if part.strip()}


def assert_security_headers(answers, streams_url: str) -> None:
    """Every answer of the web app seen by the browser (redirects and static files included)."""
    assert answers.seen, "the browser saw no answer of the web app"
    expected = _directives(CSP.format(streams_url=streams_url))
    for response in answers.seen:
        where = f"{response.request.method} {response.url} ({response.status})"
        assert _directives(response.header_value("content-security-policy")) == expected, where
        assert response.header_value("x-content-type-options") == "nosniff", where
        assert response.header_value("referrer-policy") == "same-origin", where
    for response in answers.to("/saya"):
        assert "no-store" in (response.header_value("cache-control") or ""), f"/saya ({response.status})"


def sign_up(page, stack, dev_phone, resident, *, check=None) -> str:
    """The sign-up as a resident does it: the form, the code from the SMS, the timeline. `check(page,
    name)` runs on each page shown (screenshots, axe). Returns the phone number used."""
    check = check or (lambda page, name: None)
    phone_number = random_phone()
    stack.personal_numbers.update({resident["nik"], phone_number, e164(phone_number)})
    page.goto("/daftar")
    check(page, "daftar")
    page.locator('input[name="nik"]').fill(resident["nik"])
    page.locator('input[name="full_name"]').fill(resident["full_name"].upper())
    page.locator('input[name="birth_date"]').fill(resident["birth_date"])
    page.locator('input[name="phone"]').fill(phone_number)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name="Daftar", exact=True).click()
    page.wait_for_url(re.compile(r"/daftar/kode$"))
    # The NIK stays in the server-side session: never in an address a proxy or the history keeps.
    assert resident["nik"] not in page.url
    check(page, "daftar-kode")
    page.locator('input[name="code"]').fill(dev_phone.code(e164(phone_number)))
    page.get_by_role("button", name="Aktifkan", exact=True).click()
    page.wait_for_url(re.compile(r"/saya$"))
    assert page.locator("h1").inner_text().strip() == "Linimasa saya"
    check(page, "saya")
    return phone_number


def test_new_resident_signs_up_logs_out_and_in_again_on_a_phone(
    phone, stack, dev_phone, residents, screenshot, web_url
):
    problems: dict[str, list] = {}

    def check(page, name):
        assert page.locator("html").get_attribute("lang") == "id", name
        screenshot(page, name)
        problems[name] = axe_violations(page)

    phone.goto("/")
    check(phone, "beranda")
    resident = residents.take()
    sign_up(phone, stack, dev_phone, resident, check=check)

    with phone.expect_response(lambda r: r.url == web_url + "/keluar" and r.request.method == "POST") as answer:
        phone.get_by_role("button", name="Keluar", exact=True).click()
    logout = answer.value
    assert logout.status == 303, logout.status
    cleared = logout.header_value("clear-site-data") or ""
    assert {part.strip() for part in cleared.split(",")} == {'"cache"', '"cookies"', '"storage"'}, cleared
    phone.wait_for_url(web_url + "/")
    phone.goto("/saya")  # signed out: the timeline is not shown again from this phone
    phone.wait_for_url(re.compile(r"/masuk$"))
    check(phone, "masuk")

    phone.locator('input[name="username"]').fill(resident["nik"])
    phone.locator('input[name="password"]').fill(PASSWORD)
    phone.get_by_role("button", name="Masuk", exact=True).click()
    phone.wait_for_url(re.compile(r"/saya$"))
    assert phone.locator("h1").inner_text().strip() == "Linimasa saya"

    assert_security_headers(phone.context.answers, stack.streams_url)
    assert not any(problems.values()), {name: found for name, found in problems.items() if found}


def test_sign_up_works_with_javascript_off(phone_without_javascript, stack, dev_phone, residents, screenshot):
    page = phone_without_javascript
    sign_up(page, stack, dev_phone, residents.take(), check=lambda page, name: screenshot(page, name))
    page.get_by_role("button", name="Keluar", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    assert_security_headers(page.context.answers, stack.streams_url)


def test_a_wrong_password_is_told_on_the_page(phone, screenshot):
    phone.goto("/masuk")
    phone.locator('input[name="username"]').fill("3571999999999999")
    phone.locator('input[name="password"]').fill("bukan-sandinya-1")
    phone.get_by_role("button", name="Masuk", exact=True).click()
    error = phone.locator('.form-error, .field-error[role="alert"]')
    error.first.wait_for()
    assert error.first.inner_text().strip()
    screenshot(phone, "masuk-gagal")
    assert "/masuk" in phone.url


@pytest.mark.parametrize("path", ["/masuk", "/daftar"])
def test_a_post_without_the_csrf_token_is_refused(web_url, stack, path):
    client = requests.Session()  # its own cookies: the e2e tier's shared session stays the gateway's
    client.get(web_url + path)  # a session exists: only the missing token can be the reason
    response = client.post(
        web_url + path, data={"username": "3571999999999999", "password": "x", "nik": "3571999999999999"}
    )
    assert response.status_code == 400, (response.status_code, response.text[:300])
    assert _directives(response.headers.get("Content-Security-Policy")) == _directives(
        CSP.format(streams_url=stack.streams_url)
    )


def test_first_load_of_the_home_page_is_light(phone, report_figure):
    phone.goto("/")
    phone.wait_for_load_state("load")
    entries = phone.evaluate(
        """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
              .map(e => ({name: e.name, transferSize: e.transferSize, decoded: e.decodedBodySize}))"""
    )
    total = sum(entry["transferSize"] for entry in entries)
    report_figure(f"first load of / : {total / 1024:.1f} KB over {len(entries)} responses")
    assert entries and entries[0]["transferSize"] > 0, entries
    assert total < FIRST_LOAD_BUDGET, entries


def test_the_accessibility_check_sees_a_missing_label(browser):
    # The axe check above must be able to fail: an input without its label is a critical violation.
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.set_content('<html lang="id"><title>t</title><main><form><input name="nik"></form></main></html>')
    assert "label" in {violation["id"] for violation in axe_violations(page)}
    page.close()
