"""API clients (relying parties) and the e-KTP checks each made."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ..domain.model import ApiClient
from .tables import api_clients, ektp_checks


class ApiClientRepository:
    def __init__(self, session):
        self.session = session

    def add(self, client: ApiClient) -> None:
        self.session.execute(api_clients.insert().values(**vars(client)))

    def get(self, client_id: str) -> ApiClient | None:
        row = self.session.execute(sa.select(api_clients).where(api_clients.c.id == client_id)).first()
        return ApiClient(**row._mapping) if row else None

    def checks_since(self, client_id: str, since: dt.datetime) -> int:
        return self.session.execute(
            sa.select(sa.func.count())
            .select_from(ektp_checks)
            .where(
                # Refused attempts do not use up the budget, or a retrying client would stay locked out.
                ektp_checks.c.client_id == client_id,
                ektp_checks.c.at >= since,
                ektp_checks.c.outcome != "rate_limited",
            )
        ).scalar_one()

    def record_check(self, client_id: str, now: dt.datetime, outcome: str, nik_index: str | None, purpose: str) -> None:
        self.session.execute(
            ektp_checks.insert().values(
                client_id=client_id, at=now, outcome=outcome, nik_index=nik_index, purpose=purpose
            )
        )
