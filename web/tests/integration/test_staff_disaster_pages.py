"""/petugas/siaga through Flask's test client against a stand-in gateway on a real socket: the BPBD overview
(map and lists of the officer's jurisdiction only), incident actions with the confirmation checked on the
server, the composer's CAP preview and its problems next to the inputs, issuing only a previewed valid
draft, update and cancel (the real stack's journey is tests/e2e/browser/test_staff_disaster.py)."""

from __future__ import annotations

import re

from .staff_disaster_stand_in import (  # noqa: F401  (fixtures)
    ALERT_FORM,
    INCIDENTS,
    csrf,
    hidden,
    problem,
    setup,
    sign_in,
)


def test_the_overview_shows_only_the_officers_jurisdiction_on_the_map_and_in_lists(setup):
    client, gateway = setup
    assert client.get("/petugas/siaga").headers["Location"].endswith("/petugas/masuk")
    sign_in(client)
    page = client.get("/petugas/siaga").get_data(as_text=True)
    assert "<h1>Siaga BPBD</h1>" in page and "BPBD Kabupaten Bone Bolango" in page and "75.03" in page
    assert "inc-tapa-0001" in page and "inc-kota-0002" not in page
    assert "SGT-AAAA11" in page and "SGT-BBBB22" not in page
    # One incident circle and one report diamond on the plain map, with the district seats labelled.
    assert (
        page.count('r="10" data-code=') == 1
        and len(re.findall(r'class="sd-map-report" points="[^"]+" data-code', page)) == 1
    )
    assert "Suwawa" in page and "Kota Gorontalo" in page and "Kabupaten Bone Bolango" in page
    # A closer window on the same projection: Bone Bolango, not the whole province (640 units wide).
    view = re.search(r'class="sd-map" id="sd-map" viewBox="([^"]+)"', page).group(1).split()
    assert 0 < float(view[2]) < 640


def test_staff_of_other_agencies_are_refused(setup):
    client, _ = setup
    sign_in(client, "petugas.kota")
    assert client.get("/petugas/siaga").status_code == 403
    assert client.get("/petugas/siaga/peringatan/baru").status_code == 403


def test_incident_actions_post_and_irreversible_ones_need_the_tick(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/kejadian/inc-tapa-0001").get_data(as_text=True)
    assert "12 mengungsi" in page and 'name="verify_severity"' in page
    token = csrf(page)
    done = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/verify",
        data={"csrf_token": token, "verify_severity": "severe", "verify_note": "Dicek tim"},
    )
    assert done.status_code == 303 and "selesai=verified" in done.headers["Location"]
    assert gateway.actions[-1][:2] == ("inc-tapa-0001:verify", {"severity": "severe", "note": "Dicek tim"})

    refused = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/verify", data={"csrf_token": token, "verify_severity": "huge"}
    )
    assert refused.status_code == 400 and 'id="verify_severity-error"' in refused.get_data(as_text=True)

    asked = len(gateway.actions)
    unticked = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/dismiss", data={"csrf_token": token, "dismiss_note": "Hoaks"}
    )
    assert unticked.status_code == 400 and 'id="dismiss_confirm-error"' in unticked.get_data(as_text=True)
    assert len(gateway.actions) == asked  # nothing was sent
    ticked = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/dismiss",
        data={"csrf_token": token, "dismiss_note": "Hoaks", "dismiss_confirm": "yes"},
    )
    assert ticked.status_code == 303 and gateway.actions[-1][0] == "inc-tapa-0001:dismiss"

    note = client.post(
        "/petugas/siaga/kejadian/inc-tapa-0001/note",
        data={"csrf_token": token, "note_text": "Air surut", "idempotency_key": "k-note-1"},
    )
    assert note.status_code == 303
    assert gateway.actions[-1] == ("inc-tapa-0001/notes", {"text": "Air surut"}, "k-note-1")


def test_closing_an_incident_needs_the_tick_and_the_pages_speak_english(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/kejadian/inc-tapa-0001").get_data(as_text=True)
    token = csrf(page)
    INCIDENTS["inc-tapa-0001"]["status"] = "verified"
    try:
        page = client.get("/petugas/siaga/kejadian/inc-tapa-0001").get_data(as_text=True)
        assert 'name="update_status"' in page and "Susun peringatan untuk kejadian ini" in page
        composer = client.get("/petugas/siaga/peringatan/baru?incident_id=inc-tapa-0001").get_data(as_text=True)
        assert '<option value="banjir" selected>' in composer and 'name="incident_id" value="inc-tapa-0001"' in composer
        asked = len(gateway.actions)
        moved = client.post(
            "/petugas/siaga/kejadian/inc-tapa-0001/update",
            data={"csrf_token": token, "update_status": "responding", "update_severity": "severe"},
        )
        assert moved.status_code == 303 and gateway.actions[-1][1]["status"] == "responding"
        unticked = client.post(
            "/petugas/siaga/kejadian/inc-tapa-0001/update",
            data={"csrf_token": token, "update_status": "closed", "update_severity": "severe"},
        )
        assert unticked.status_code == 400 and 'id="update_confirm-error"' in unticked.get_data(as_text=True)
        assert len(gateway.actions) == asked + 1
        closed = client.post(
            "/petugas/siaga/kejadian/inc-tapa-0001/update",
            data={"csrf_token": token, "update_status": "closed", "update_severity": "severe", "update_confirm": "yes"},
        )
        assert closed.status_code == 303 and gateway.actions[-1][1]["status"] == "closed"
    finally:
        INCIDENTS["inc-tapa-0001"]["status"] = "reported"
    english = client.get("/petugas/siaga?lang=en").get_data(as_text=True)
    assert "<h1>BPBD readiness</h1>" in english and "Compose a new alert" in english
    composer = client.get("/petugas/siaga/peringatan/baru").get_data(as_text=True)
    assert "Preview the CAP" in composer and 'lang="en"' in composer
