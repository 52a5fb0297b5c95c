"""Dispatchers' corrections of the suggested category in the database (the model's retraining data)."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from .tables import dispatch_corrections


class CorrectionRepository:
    def __init__(self, session):
        self.session = session

    def add(
        self,
        *,
        complaint_id: str,
        text: str,
        suggested: str,
        confidence: float,
        chosen: str,
        dispatcher_id: str,
        now: dt.datetime,
    ) -> None:
        self.session.execute(
            dispatch_corrections.insert().values(
                id=str(uuid.uuid4()),
                complaint_id=complaint_id,
                text=text,
                suggested_category=suggested,
                suggestion_confidence=confidence,
                chosen_category=chosen,
                dispatcher_id=dispatcher_id,
                created_at=now,
            )
        )

    def examples(self) -> list[tuple[str, str]]:
        rows = self.session.execute(
            sa.select(dispatch_corrections.c.text, dispatch_corrections.c.chosen_category).order_by(
                dispatch_corrections.c.created_at
            )
        ).all()
        return [(row.text, row.chosen_category) for row in rows]
