"""The identity page's own small rules: WITA times, which credential is shown, the NIK masked."""

import datetime as dt

from gorontalo_web.blueprints import identity


def test_instants_are_shown_in_wita_in_both_languages():
    assert identity.wita("2026-12-06T16:30:00Z", "id") == "7 Des 2026 00.30 WITA"
    assert identity.wita("2026-12-06T16:30:00Z", "en") == "7 Dec 2026 00:30 WITA"
    assert identity.wita("2026-08-31", "id") == "31 Agu 2026"
    assert identity.wita("2026-12-06T01:00:00Z", "id", with_time=False) == "6 Des 2026"
    assert identity.wita("", "id") == "" and identity.wita("kemarin", "id") == "kemarin"


def test_the_newest_usable_credential_is_shown():
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=30)).isoformat()
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
    credentials = [
        {"id": "old", "issued_at": "2026-01-01T00:00:00Z", "expires_at": future},
        {"id": "newer", "issued_at": "2026-06-01T00:00:00Z", "expires_at": future},
        {"id": "revoked", "issued_at": "2026-07-01T00:00:00Z", "expires_at": future, "revoked": True},
        {"id": "expired", "issued_at": "2026-08-01T00:00:00Z", "expires_at": past},
    ]
    assert identity._current_credential(credentials)["id"] == "newer"
    assert identity._current_credential(credentials[2:]) is None


def test_nik_is_masked_on_the_card():
    assert identity._masked("7571010101900001") == "7571 •••• •••• 0001"
    assert identity._masked("7571********0001") == "7571********0001"
