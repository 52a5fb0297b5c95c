"""Who may edit: tourism officers (Dinas Pariwisata: the province's, and each kabupaten/kota's
within its own jurisdiction). The agency is checked here, the role by the contract's access rule."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

# Agency codes of the tourism offices as identity names them: dispar-75, dispar-7503, ...
DEFAULT_AGENCY_PREFIXES = ("dispar-",)


@dataclass(frozen=True)
class TourismOffices:
    prefixes: tuple[str, ...] = DEFAULT_AGENCY_PREFIXES

    def require_officer(self, principal: Principal, region_code: str | None = None) -> None:
        """An officer of a tourism office, and (given a region) one whose jurisdiction covers it."""
        if principal.role != "officer" or not principal.agency.startswith(self.prefixes):
            raise PermissionDenied("tourism_office_only")
        if region_code is not None:
            principal.require_jurisdiction(region_code)
