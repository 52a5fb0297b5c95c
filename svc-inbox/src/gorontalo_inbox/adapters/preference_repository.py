"""Residents' delivery preferences (the e-mail address only as ciphertext)."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from ..domain.model import Preferences
from .tables import preferences

_FIELDS = [f.name for f in dataclasses.fields(Preferences)]


def _preferences(row) -> Preferences:
    values = {name: row._mapping[name] for name in _FIELDS}
    values["email_token_hash"] = values["email_token_hash"] or ""
    return Preferences(**values)


class PreferenceRepository:
    def __init__(self, session):
        self.session = session

    def get(self, resident_id: str, *, for_update: bool = False) -> Preferences | None:
        query = sa.select(preferences).where(preferences.c.resident_id == resident_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return _preferences(row) if row else None

    def by_token_hash(self, token_hash: str) -> Preferences | None:
        row = self.session.execute(
            sa.select(preferences).where(preferences.c.email_token_hash == token_hash).with_for_update()
        ).first()
        return _preferences(row) if row else None

    def save(self, prefs: Preferences, *, new: bool) -> None:
        values = {name: getattr(prefs, name) for name in _FIELDS if name != "resident_id"}
        values["email_token_hash"] = values["email_token_hash"] or None  # unique: many rows have none
        if new:
            self.session.execute(preferences.insert().values(resident_id=prefs.resident_id, **values))
        else:
            self.session.execute(
                preferences.update().where(preferences.c.resident_id == prefs.resident_id).values(**values)
            )
