"""The NIB of each business owner: one NIB per owner, one owner per NIB."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from .tables import business_owners


class OwnerRepository:
    """NIB per business owner (an opaque account id)."""

    def __init__(self, session):
        self.session = session

    def nib_of(self, owner_id: str) -> str | None:
        return self.session.execute(
            sa.select(business_owners.c.nib).where(business_owners.c.owner_id == owner_id)
        ).scalar_one_or_none()

    def owner_of(self, nib: str) -> str | None:
        return self.session.execute(
            sa.select(business_owners.c.owner_id).where(business_owners.c.nib == nib)
        ).scalar_one_or_none()

    def register(self, owner_id: str, nib: str, at: dt.datetime) -> bool:
        """Keep the owner's NIB; False when another owner took it (or this owner got one) concurrently."""
        try:
            with self.session.begin_nested():
                self.session.execute(business_owners.insert().values(owner_id=owner_id, nib=nib, registered_at=at))
            return True
        except IntegrityError:
            return False
