"""The declared responsible person on the apply form (issue 22), through Flask's test client against the
stand-in gateway: the account holder by default (nothing sent), someone else's name and NIK sent in the
body, the form's own refusals and the API's field errors next to their inputs, and the NIK never in an
address. The journey against the real stack is tests/e2e/browser/test_precheck_console.py."""

from __future__ import annotations

import re

from .permits_stand_in import apply_form, client, csrf, form_key, web  # noqa: F401  (fixtures)

OTHER_NIK = "7571015507850002"


def test_the_form_asks_who_is_responsible_the_account_holder_by_default(client):
    page = client.get("/izin/ajukan/56102").text
    assert "<legend>Penanggung jawab usaha</legend>" in page
    assert re.search(r'id="responsible_self" name="responsible" type="radio" value="self" checked', page)
    assert '<label for="responsible_nik">NIK penanggung jawab</label>' in page
    english = client.get("/izin/ajukan/56102?lang=en").text
    assert "Person responsible for the business" in english and "Myself (this account&#39;s holder)" in english


def test_the_account_holder_sends_no_declared_person(client, web):
    _, gateway = web
    response = client.post("/izin/ajukan/56102", data=apply_form(client), content_type="multipart/form-data")
    assert response.status_code == 303, response.text
    [body] = gateway.submissions
    assert "responsible_nik" not in body and "responsible_name" not in body


def test_someone_elses_name_and_nik_are_sent_in_the_body(client, web):
    _, gateway = web
    data = apply_form(
        client, responsible="other", responsible_name="  Siti   Rahmawati ", responsible_nik="7571 0155 0785 0002"
    )
    response = client.post("/izin/ajukan/56102", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.text
    [body] = gateway.submissions
    assert body["responsible_name"] == "Siti Rahmawati" and body["responsible_nik"] == OTHER_NIK
    assert OTHER_NIK not in response.headers["Location"]


def test_the_forms_own_refusals_are_told_before_anything_is_sent(client, web):
    _, gateway = web
    wrong = client.post(
        "/izin/ajukan/56102",
        data=apply_form(client, responsible="other", responsible_name="", responsible_nik="12345"),
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 400 and gateway.submissions == []
    assert re.search(r'id="responsible_name-error" class="field-error" role="alert">Isi nama', wrong.text)
    assert re.search(
        r'id="responsible_nik-error" class="field-error" role="alert">NIK terdiri dari 16 angka', wrong.text
    )
    assert re.search(r'id="responsible_other" name="responsible" type="radio" value="other" checked', wrong.text)
    # Typed in while "saya sendiri" is chosen: asked, not silently dropped.
    unchosen = client.post(
        "/izin/ajukan/56102",
        data=apply_form(client, responsible="self", responsible_name="Siti", responsible_nik=OTHER_NIK),
        content_type="multipart/form-data",
    )
    assert unchosen.status_code == 400 and gateway.submissions == []
    assert 'id="responsible-error"' in unchosen.text and "Orang lain" in unchosen.text


def test_the_apis_field_error_is_shown_next_to_the_input_it_names(client, web):
    _, gateway = web
    data = apply_form(client, responsible="other", responsible_name="Si", responsible_nik=OTHER_NIK)
    refused = client.post("/izin/ajukan/56102", data=data, content_type="multipart/form-data")
    assert refused.status_code == 400 and gateway.submissions == []
    assert re.search(
        r'id="responsible_name-error" class="field-error" role="alert">Nama penanggung jawab terlalu pendek.<',
        refused.text,
    )
    assert re.search(r'<input id="responsible_name" name="responsible_name" type="text" value="Si"', refused.text)
    # Corrected, the same form (its key, its uploads) goes through once.
    again = {**data, "responsible_name": "Siti Rahmawati", "idempotency_key": form_key(refused.text)}
    again.pop("document_0"), again.pop("document_1")
    again["csrf_token"] = csrf(client, "/izin/ajukan/56102")
    done = client.post("/izin/ajukan/56102", data=again, content_type="multipart/form-data")
    assert done.status_code == 303, done.text
    assert gateway.submissions[-1]["responsible_name"] == "Siti Rahmawati"
