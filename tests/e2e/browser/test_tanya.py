"""Tanya Layanan on Gorontalo Satu (issue 22) in a phone-sized chromium against the real stack: a resident
asks the three example questions (from the home page's box, by typing on /tanya, and by an example button)
and sees answers quoting their sources as links, the penalty example computed; a question outside the
sources gets "tidak tahu" with the complaint form and the office's contact; the same with JavaScript off;
English by the switch; a question carrying a NIK appears in no log line of the web app, the gateway or the
service. axe-core and a screenshot on every page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_assist import sources_read

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

NIK = "7571015507850002"


def _ask(page, question: str) -> None:
    page.get_by_label("Pertanyaan Anda").fill(question)
    page.get_by_role("button", name="Tanyakan", exact=True).click()
    page.wait_for_url(re.compile(r"/tanya$"))
    page.locator(".tanya-answer").wait_for()


def _sources(page) -> list[dict]:
    return page.locator(".tanya-source").evaluate_all(
        "items => items.map(i => ({id: i.dataset.id, href: (i.querySelector('a') || {}).href || ''}))"
    )


def test_a_resident_asks_the_three_examples_and_one_outside_the_sources(phone, stack, http, web_url, page_check):
    check = page_check
    sources_read(stack, http)  # permits and complaints are read over gRPC once the stack is up

    # From the home page's box: the question is POSTed, never in the address.
    phone.goto("/")
    assert phone.locator("form.tanya-box").get_attribute("method") == "post"
    check(phone, "beranda-tanya")
    _ask(phone, "syarat izin usaha warung?")
    assert phone.locator(".tanya-answer").get_attribute("data-kind") == "answered"
    assert "warung" not in phone.url.lower()
    first = _sources(phone)[0]
    assert first == {"id": "permits:56102", "href": web_url + "/izin/ajukan/56102"}
    assert "KTP penanggung jawab" in phone.locator(".tanya-source blockquote").first.inner_text()
    check(phone, "tanya-warung")

    # Typed on /tanya: the penalty example computed by svc-tax's rule.
    _ask(phone, "berapa denda pajak motor telat 3 bulan?")
    assert "denda Rp 9.960" in phone.locator(".tanya-text").inner_text()
    assert _sources(phone)[0]["id"] == "tax:penalty"
    check(phone, "tanya-denda")

    # An example button asks its own question.
    phone.get_by_role("button", name="bagaimana lapor banjir lewat SMS?", exact=True).click()
    phone.wait_for_url(re.compile(r"/tanya$"))
    assert "SIAGA <BENCANA>" in phone.locator(".tanya-text").inner_text()
    assert _sources(phone)[0]["id"] == "sms:siaga"
    check(phone, "tanya-banjir")

    # Outside the sources: it says it does not know, with a way forward.
    _ask(phone, "cara membuat paspor")
    answer = phone.locator(".tanya-answer")
    assert answer.get_attribute("data-kind") == "unknown"
    assert phone.locator(".tanya-text").inner_text().startswith("Maaf, kami tidak tahu")
    assert _sources(phone) == []
    ways = answer.locator(".tanya-next a").evaluate_all("links => links.map(a => a.href)")
    assert ways[0] == web_url + "/pengaduan" and ways[1].startswith("mailto:")
    check(phone, "tanya-tidak-tahu")
    serious = check.serious()
    assert serious == {}, serious


def test_tanya_works_with_javascript_off_and_in_english(phone_without_javascript, stack, http, web_url, page_check):
    page = phone_without_javascript
    sources_read(stack, http)
    page.goto("/tanya")
    check = page_check
    check(page, "tanya-tanpa-js")
    page.get_by_role("button", name="syarat izin usaha warung?", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".tanya-answer").get_attribute("data-kind") == "answered"
    assert _sources(page)[0]["href"] == web_url + "/izin/ajukan/56102"
    check(page, "tanya-tanpa-js-jawaban")
    # An empty question: said next to the box.
    page.get_by_role("button", name="Tanyakan", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#question-error").inner_text().strip() == "Tulis pertanyaan Anda."
    serious = check.serious()
    assert serious == {}, serious

    page.goto("/tanya?lang=en")
    page.get_by_label("Your question").fill("cara membuat paspor")
    page.get_by_role("button", name="Ask", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".tanya-text").inner_text().startswith("Sorry, we do not know")
    assert "We do not know" in page.locator(".tanya-answer h2").inner_text()
    page.goto("/tanya?lang=id")


def test_a_question_with_a_nik_is_in_no_log_line(phone, stack, http):
    stack.personal_numbers.add(NIK)  # the whole run's log check looks for it too
    phone.goto("/tanya")
    _ask(phone, f"status izin saya NIK {NIK}")
    assert phone.locator(".tanya-answer").get_attribute("data-kind") == "own_case"
    assert phone.locator(".tanya-next a").first.get_attribute("href").endswith("/saya")
    logs = {name: (stack.logs / f"{name}.log").read_text(errors="replace") for name in ("web", "gateway", "assist")}
    assert all(logs.values()), "each process logged something: the check below is not empty"
    for name, text in logs.items():
        assert NIK not in text and "status izin saya" not in text, name
