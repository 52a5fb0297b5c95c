"""/tanya and the home page's box (Tanya Layanan, issue 22) through the real app against a stand-in gateway on
a real socket: the question POSTed (never in an address) and answered with its sources as links, "tidak
tahu" with its ways forward, an own case pointed to /saya, a signed-in resident asking as themselves, the
platform's refusal for too many questions said kindly with its wait, English by the switch, and the
question in no log line of the app. The journey against the real stack is tests/e2e/browser/test_tanya.py."""

from __future__ import annotations

import logging
import re

import pytest
from flask import request
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings

from .test_sessions_and_pages import REDIS_URL, csrf, log_in, namespace, stand_in_gateway  # noqa: F401

NIK = "7571014501900007"
ANSWERED = {
    "kind": "answered",
    "text": "Izin Rumah/Warung Makan (KBLI 56102): syarat KTP penanggung jawab, NPWP.",
    "citations": [
        {
            "id": "permits:56102",
            "source": "permits",
            "title": "Rumah/Warung Makan (KBLI 56102)",
            "quote": "Dokumen: KTP penanggung jawab, NPWP. Terbit langsung.",
            "link": "http://web.test/izin/ajukan/56102",
            "score": 7.5,
        },
        {
            "id": "faq:evil",
            "source": "faq",
            "title": "Tautan yang tidak aman",
            "quote": "x",
            "link": "javascript:alert(1)",
            "stale": True,
            "source_read_at": "2026-12-06T01:00:00Z",
        },
    ],
    "language": "id",
}
UNKNOWN = {
    "kind": "unknown",
    "text": "Maaf, kami tidak tahu jawaban pertanyaan ini.",
    "next_steps": [
        {"label": "Sampaikan lewat formulir pengaduan", "link": "http://web.test/pengaduan"},
        {"label": "Hubungi kantor: layanan@gorontaloprov.go.id", "link": "mailto:layanan@gorontaloprov.go.id"},
    ],
}
OWN_CASE = {
    "kind": "own_case",
    "text": "Status permohonan Anda ada di linimasa.",
    "next_steps": [{"label": "Buka linimasa", "link": "http://web.test/saya"}],
}


def gateway_with_assist():
    app = stand_in_gateway()
    app.questions = []  # (question, Authorization, Accept-Language, the address the gateway was told)

    @app.get("/v1/disaster/alerts")
    def alerts():
        return {"alerts": []}

    @app.post("/v1/assist/questions")
    def ask():
        question = request.json["question"]
        app.questions.append(
            (question, request.headers.get("Authorization"), request.headers.get("Accept-Language"), request.args)
        )
        if question == "terlalu sering":
            return {"status": 429, "title": "Terlalu banyak permintaan"}, 429, {"Retry-After": "42"}
        if question == "rusak":
            return {"status": 503, "title": "Tidak tersedia"}, 503
        if "paspor" in question:
            return UNKNOWN
        if "saya" in question:
            return OWN_CASE
        return ANSWERED | {"language": request.headers.get("Accept-Language")}

    return app


@pytest.fixture
def web(http_server, redis_client, namespace):
    gateway = gateway_with_assist()
    settings = WebSettings(
        gateway_url=http_server(gateway), secret_key="test-secret", session_namespace=namespace, redis_url=REDIS_URL
    )
    return create_app(settings, redis_client=redis_client), gateway


def ask(client, question="", path="/tanya", **more):
    return client.post("/tanya", data={"csrf_token": csrf(client, path), "question": question, **more})


def test_the_home_page_has_the_box_posting_to_tanya_with_a_csrf_token(web):
    app, _ = web
    page = app.test_client().get("/").text
    form = re.search(r'<form method="post" action="/tanya" class="tanya-box".*?</form>', page, re.S).group(0)
    assert 'name="csrf_token"' in form and '<label for="question">Pertanyaan Anda</label>' in form
    assert 'href="/tanya"' in page  # the footer's link, on every page


def test_a_question_is_answered_with_its_sources_as_links_and_unsafe_links_dropped(web):
    app, gateway = web
    client = app.test_client()
    answer = ask(client, "  syarat izin   usaha warung? ", path="/")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    [(question, authorization, language, args)] = gateway.questions
    assert question == "syarat izin usaha warung?" and authorization is None and language == "id" and not args
    html = answer.text
    assert 'data-kind="answered"' in html and "syarat KTP penanggung jawab, NPWP." in html
    assert '<a href="http://web.test/izin/ajukan/56102">Rumah/Warung Makan (KBLI 56102)</a>' in html
    assert '<blockquote lang="id">Dokumen: KTP penanggung jawab, NPWP. Terbit langsung.</blockquote>' in html
    assert "javascript:" not in html and "Tautan yang tidak aman" in html  # shown, without its link
    assert "belum bisa diperbarui" in html  # the stale source said so


def test_an_example_button_asks_its_question(web):
    app, gateway = web
    client = app.test_client()
    page = client.get("/tanya").text
    assert 'name="contoh" value="berapa denda pajak motor telat 3 bulan?"' in page
    ask(client, "", contoh="berapa denda pajak motor telat 3 bulan?")
    assert gateway.questions[-1][0] == "berapa denda pajak motor telat 3 bulan?"


def test_tidak_tahu_comes_with_the_complaint_form_and_the_contact(web):
    app, _ = web
    html = ask(app.test_client(), "cara membuat paspor").text
    assert 'data-kind="unknown"' in html and "Kami tidak tahu" in html and "Maaf, kami tidak tahu" in html
    assert '<a href="http://web.test/pengaduan">Sampaikan lewat formulir pengaduan</a>' in html
    assert 'href="mailto:layanan@gorontaloprov.go.id"' in html


def test_an_own_case_is_pointed_to_the_timeline_and_a_resident_asks_as_themselves(web):
    app, gateway = web
    client = app.test_client()
    assert log_in(client).status_code == 303
    html = ask(client, "status izin saya").text
    assert 'data-kind="own_case"' in html and '<a href="http://web.test/saya">Buka linimasa</a>' in html
    assert gateway.questions[-1][1].startswith("Bearer access-")


def test_empty_too_many_and_unavailable_are_said_kindly(web):
    app, gateway = web
    client = app.test_client()
    empty = ask(client, "   ")
    assert empty.status_code == 400 and gateway.questions == []
    assert re.search(r'id="question-error" class="field-error" role="alert">Tulis pertanyaan Anda.<', empty.text)
    limited = ask(client, "terlalu sering")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "42"
    assert "Silakan coba lagi dalam 42 detik." in limited.text
    assert '<textarea id="question"' in limited.text and ">terlalu sering</textarea>" in limited.text  # kept
    down = ask(client, "rusak")
    assert down.status_code == 503 and "sedang tidak dapat menjawab" in down.text and 'href="/pengaduan"' in down.text
    assert client.post("/tanya", data={"question": "tanpa token"}).status_code == 400  # CSRF on the form


def test_english_by_the_switch(web):
    app, gateway = web
    client = app.test_client()
    client.get("/tanya?lang=en")
    html = ask(client, "requirements for a food stall permit").text
    assert gateway.questions[-1][2] == "en" and "Sources" in html and "Ask about services" in html


def test_the_question_is_in_no_log_line(web, caplog):
    app, _ = web
    caplog.set_level(logging.DEBUG)
    html = ask(app.test_client(), f"syarat izin, NIK saya {NIK}").text
    assert "Jawaban" in html or "linimasa" in html
    assert NIK not in caplog.text and "syarat izin, NIK" not in caplog.text
