"""The identity page's own small rules: which credential is shown, the NIK masked."""

import datetime as dt

from gorontalo_web.blueprints import identity


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
