"""Tanya Layanan end to end through the gateway (issue 22's "Done when"): a resident asks the three
example questions and gets sourced answers (the permit catalog read from svc-permits over gRPC, the
penalty example computed), a question outside the sources gets an honest "tidak tahu" with a way
forward, an own case is pointed to the timeline, English by Accept-Language; and the NIK and phone
number typed into a question appear in no log line of the assist service."""

from __future__ import annotations

import time

import pytest

NIK = "7571014501900007"
PHONE = "081298765432"


def ask(stack, http, question, language="id", headers=None):
    response = http.post(
        stack.url + "/v1/assist/questions",
        json={"question": question},
        headers={"Accept-Language": language, **(headers or {})},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def sources_read(stack, http, timeout=30.0) -> dict:
    """The sources as the service reports them, once permits and complaints have been read."""
    deadline = time.monotonic() + timeout
    while True:
        sources = {s["name"]: s for s in http.get(stack.url + "/v1/assist/sources", timeout=10).json()["sources"]}
        if not sources["permits"].get("stale") and not sources["complaints"].get("stale"):
            return sources
        if time.monotonic() > deadline:
            pytest.fail(f"sources not read: {sources}")
        time.sleep(0.5)


def test_the_three_example_questions_answered_from_their_sources(stack, http):
    sources = sources_read(stack, http)
    assert sources["permits"]["passages"] >= 15 and sources["complaints"]["passages"] >= 10

    warung = ask(stack, http, "syarat izin usaha warung?")
    assert warung["kind"] == "answered"
    first = warung["citations"][0]
    assert first["id"] == "permits:56102" and first["source"] == "permits"
    assert "KTP penanggung jawab" in first["quote"]
    assert first["link"] == stack.web_url + "/izin/ajukan/56102"

    penalty = ask(stack, http, "berapa denda pajak motor telat 3 bulan?")
    assert penalty["citations"][0]["id"] == "tax:penalty"
    assert "denda Rp 9.960" in penalty["text"]

    flood = ask(stack, http, "bagaimana lapor banjir lewat SMS?")
    assert flood["citations"][0]["id"] == "sms:siaga"
    assert "SIAGA <BENCANA>" in flood["text"]


def test_outside_the_sources_it_says_it_does_not_know(stack, http):
    answer = ask(stack, http, "cara membuat paspor")
    assert answer["kind"] == "unknown"
    assert answer["text"].startswith("Maaf, kami tidak tahu")
    assert answer.get("citations", []) == []
    links = [step["link"] for step in answer["next_steps"]]
    assert links[0] == stack.web_url + "/pengaduan" and links[1].startswith("mailto:")

    english = ask(stack, http, "cara membuat paspor", language="en")
    assert english["text"].startswith("Sorry, we do not know") and english["language"] == "en"


def test_own_case_pointed_to_the_timeline_and_the_question_never_logged(stack, http):
    stack.personal_numbers.update({NIK, PHONE})  # the whole run's log check looks for them too
    answer = ask(stack, http, f"status izin saya NIK {NIK} nomor {PHONE}")
    assert answer["kind"] == "own_case"
    assert answer["next_steps"][0]["link"] == stack.web_url + "/saya"
    log = (stack.logs / "assist.log").read_text(errors="replace")
    assert "serving gRPC" in log  # the service ran and logged: the check below is not empty
    assert NIK not in log and PHONE not in log and "status izin saya" not in log


def test_an_empty_question_is_a_problem_in_the_callers_language(stack, http):
    response = http.post(
        stack.url + "/v1/assist/questions", json={"question": " "}, headers={"Accept-Language": "en"}, timeout=10
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Please write your question."


def test_the_rules_assist_quotes_are_public_reads_of_their_owners(stack, http):
    """What assist reads over gRPC, anyone reads through the gateway (no token): svc-tax's rules and its
    penalty quote, svc-disaster's SMS format."""
    rules = http.get(stack.url + "/v1/tax/rules", timeout=10)
    assert rules.status_code == 200, rules.text
    assert rules.json()["penalty"] == {"bp_per_month": 100, "max_months": 24}
    assert rules.json()["pkb_weight_permille"]["sepeda_motor"] > 0
    quote = http.get(
        stack.url + "/v1/tax/penalty-quote", params={"principal": 1_000_000, "months_late": 3}, timeout=10
    ).json()
    assert (quote["penalty"], quote["total"], quote["months_counted"]) == ("30000", "1030000", 3)  # int64: strings
    refused = http.get(stack.url + "/v1/tax/penalty-quote", params={"months_late": -1}, timeout=10)
    assert refused.status_code == 400 and refused.headers["Content-Type"].startswith("application/problem+json")
    sms = http.get(stack.url + "/v1/disaster/sms-format", timeout=10).json()
    assert sms["keyword"] == "SIAGA" and sms["example"].startswith("SIAGA BANJIR")
    assert "LONGSOR" in next(h["keywords"] for h in sms["hazards"] if h["code"] == "tanah_longsor")
