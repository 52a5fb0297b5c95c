"""The BPBD console's alert composer, update and cancel through Flask's test client against the stand-in gateway
of staff_disaster_stand_in."""

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


def test_the_composer_issues_only_a_previewed_valid_draft(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/peringatan/baru").get_data(as_text=True)
    token, key = csrf(page), hidden(page, "idempotency_key")
    form = ALERT_FORM | {"csrf_token": token, "idempotency_key": key}

    # A problem of the CAP schema and a missing English headline are shown next to their inputs.
    bad = client.post("/petugas/siaga/peringatan/baru", data=form | {"urgency": "", "headline_en": ""})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert re.search(r'id="urgency-error"[^>]*>Dokumen tidak sesuai skema CAP 1.2', html)
    assert re.search(r'id="headline_en-error"[^>]*>Wajib diisi', html)
    assert 'value="issue"' not in html  # nothing to issue

    # Issuing what was never previewed is refused: the preview is shown instead.
    unseen = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue", "issue_confirm": "yes"})
    assert unseen.status_code == 400 and "berubah sejak pratinjau" in unseen.get_data(as_text=True)
    assert gateway.issued == []

    good = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "preview"})
    html = good.get_data(as_text=True)
    assert good.status_code == 200 and "Valid: dokumen sesuai skema CAP 1.2" in html
    assert "&lt;msgType&gt;Alert&lt;/msgType&gt;" in html and 'value="issue"' in html
    sent = gateway.previews[-1]
    assert sent["update_of"] == "" and sent["alert"]["expires"] == "2026-12-06T10:30:00Z"  # 18.30 WITA
    area = sent["alert"]["areas"][0]
    assert area["region_codes"] == ["75.03.01", "75.03.02"] and len(area["polygons"][0]["points"]) == 4
    assert area["description"] == "Tapa, Kabila"

    unticked = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue"})
    assert unticked.status_code == 400 and 'id="issue_confirm-error"' in unticked.get_data(as_text=True)
    changed = client.post(
        "/petugas/siaga/peringatan/baru",
        data=form | {"action": "issue", "issue_confirm": "yes", "headline_id": "Lain"},
    )
    assert changed.status_code == 400 and gateway.issued == []

    client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "preview"})
    issued = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue", "issue_confirm": "yes"})
    assert issued.status_code == 303 and "selesai=issued" in issued.headers["Location"]
    [(body, used_key)] = gateway.issued
    assert used_key == key and body["headline"] == {"id": "Siaga banjir Tapa", "en": "Flood watch Tapa"}
    alert_page = client.get(issued.headers["Location"]).get_data(as_text=True)
    assert "Peringatan diterbitkan." in alert_page and "&lt;identifier&gt;BPBD-GTO-" in alert_page


def test_update_previews_against_the_alert_and_cancel_needs_the_tick(setup):
    client, gateway = setup
    sign_in(client)
    page = client.get("/petugas/siaga/peringatan/baru").get_data(as_text=True)
    form = ALERT_FORM | {"csrf_token": csrf(page), "idempotency_key": hidden(page, "idempotency_key")}
    client.post("/petugas/siaga/peringatan/baru", data=form)
    first = client.post("/petugas/siaga/peringatan/baru", data=form | {"action": "issue", "issue_confirm": "yes"})
    alert_id = first.headers["Location"].split("/peringatan/")[1].split("?")[0]

    page = client.get(f"/petugas/siaga/peringatan/{alert_id}/perbarui").get_data(as_text=True)
    assert 'value="Siaga banjir Tapa"' in page and "75.03.01, 75.03.02" in page and "0.52,123.12" in page
    assert 'value="2026-12-06T18:30"' in page  # the expiry back in WITA
    form = {
        m[0]: m[1]
        for m in re.findall(r'<input id="(\w+)" name="\w+" type="(?:text|datetime-local)" value="([^"]*)"', page)
    }
    form |= {
        name: re.search(rf'<textarea id="{name}"[^>]*>([^<]*)</textarea>', page).group(1)
        for name in ("description_id", "description_en", "instruction_id", "instruction_en", "polygon")
    }
    form |= {name: ALERT_FORM[name] for name in ("hazard", "status", "urgency", "certainty", "response_type")}
    form |= {"severity": "Extreme", "csrf_token": csrf(page), "idempotency_key": hidden(page, "idempotency_key")}
    preview = client.post(f"/petugas/siaga/peringatan/{alert_id}/perbarui", data=form)
    assert "&lt;msgType&gt;Update&lt;/msgType&gt;" in preview.get_data(as_text=True)
    assert gateway.previews[-1]["update_of"] == alert_id
    updated = client.post(
        f"/petugas/siaga/peringatan/{alert_id}/perbarui", data=form | {"action": "issue", "issue_confirm": "yes"}
    )
    assert updated.status_code == 303 and "selesai=updated" in updated.headers["Location"]
    new_id = updated.headers["Location"].split("/peringatan/")[1].split("?")[0]
    assert gateway.issued[-1][0]["alert"]["severity"] == "Extreme"

    page = client.get(f"/petugas/siaga/peringatan/{new_id}").get_data(as_text=True)
    token = csrf(page)
    unticked = client.post(f"/petugas/siaga/peringatan/{new_id}/batalkan", data={"csrf_token": token})
    assert unticked.status_code == 400 and 'id="cancel_confirm-error"' in unticked.get_data(as_text=True)
    cancelled = client.post(
        f"/petugas/siaga/peringatan/{new_id}/batalkan",
        data={"csrf_token": token, "cancel_confirm": "yes", "reason_id": "Air surut", "idempotency_key": "k-c"},
    )
    assert cancelled.status_code == 303 and "selesai=cancelled" in cancelled.headers["Location"]
    assert gateway.actions[-1] == (f"{new_id}:cancel", {"reason": {"id": "Air surut", "en": ""}}, "k-c")
