"""Vehicles in the database."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from servicekit.db import region_within

from ..domain.model import OwnershipOrderTaken, PlateTaken, Vehicle
from .tables import vehicles

_COLUMNS = (
    "id",
    "owner_id",
    "plate_number",
    "vehicle_type",
    "model_year",
    "taxable_value",
    "regency_code",
    "ownership_order",
    "weight_permille",
    "rate_basis_points",
    "opsen_basis_points",
    "annual_pkb",
    "annual_opsen_pkb",
    "registered_at",
    "owner_nik_index",
)


def _from_row(row) -> Vehicle:
    return Vehicle(**{name: getattr(row, name) for name in _COLUMNS})


class VehicleRepository:
    def __init__(self, session):
        self.session = session

    def add(self, vehicle: Vehicle, owner_nik_encrypted: str | None = None) -> None:
        """Insert; a unique-key race becomes PlateTaken or OwnershipOrderTaken, the transaction intact."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    vehicles.insert().values(
                        **{n: getattr(vehicle, n) for n in _COLUMNS}, owner_nik_encrypted=owner_nik_encrypted
                    )
                )
        except IntegrityError:
            if self.by_plate(vehicle.plate_number) is not None:
                raise PlateTaken(vehicle.plate_number) from None
            raise OwnershipOrderTaken(vehicle.owner_id) from None

    def get(self, vehicle_id: str) -> Vehicle | None:
        row = self.session.execute(sa.select(vehicles).where(vehicles.c.id == vehicle_id)).first()
        return _from_row(row) if row else None

    def by_plate(self, plate_number: str) -> Vehicle | None:
        row = self.session.execute(sa.select(vehicles).where(vehicles.c.plate_number == plate_number)).first()
        return _from_row(row) if row else None

    def count_for_nik_index(self, nik_index: str) -> int:
        return self.session.execute(
            sa.select(sa.func.count()).select_from(vehicles).where(vehicles.c.owner_nik_index == nik_index)
        ).scalar_one()

    def all_ids(self) -> list[str]:
        return list(self.session.execute(sa.select(vehicles.c.id).order_by(vehicles.c.id)).scalars())

    def count_for_owner(self, owner_id: str) -> int:
        return self.session.execute(
            sa.select(sa.func.count()).select_from(vehicles).where(vehicles.c.owner_id == owner_id)
        ).scalar_one()

    def list(
        self,
        *,
        owner_id: str | None = None,
        owner_nik_index: str | None = None,
        within: list[str] | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> list[Vehicle]:
        """Oldest first. `within`: normalised region codes (None: no region filter, []: nothing).
        `owner_nik_index` with `owner_id`: also the imported vehicles of the NIK the owner claimed."""
        query = sa.select(vehicles)
        if owner_id is not None:
            mine = vehicles.c.owner_id == owner_id
            if owner_nik_index is not None:
                mine = sa.or_(mine, vehicles.c.owner_nik_index == owner_nik_index)
            query = query.where(mine)
        if within is not None:
            if not within:
                return []
            query = query.where(region_within(vehicles.c.regency_code, within))
        query = query.order_by(vehicles.c.registered_at, vehicles.c.id).offset(offset).limit(limit)
        return [_from_row(row) for row in self.session.execute(query)]
