"""Who may act in svc-permits, decided here and nowhere else (the servicer only translates).

- A citizen acts on their own applications, documents and permits; another's are simply not found.
- An officer must belong to a licensing office (DPMPTSP: agency codes starting with one of
  `LicensingOffices.agency_prefixes`, from PERMITS_LICENSING_AGENCY_PREFIXES) and acts only within
  their jurisdiction; an officer of another agency of the same regency is refused.
- Operators and admins read everything (province-wide monitoring).
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.errors import NotFound, PermissionDenied

STAFF_READERS = ("admin", "operator")  # province-wide read access for monitoring
DEFAULT_LICENSING_AGENCIES = ("dpmptsp-",)


@dataclass(frozen=True)
class LicensingOffices:
    """The agencies whose officers work the permit queue (agency code prefixes, lower case)."""

    agency_prefixes: tuple[str, ...] = DEFAULT_LICENSING_AGENCIES

    def admit(self, principal: Principal) -> Principal:
        """The caller, unless an officer outside the licensing offices: not any agency of the regency."""
        if principal.role == "officer" and not principal.agency.lower().startswith(self.agency_prefixes):
            raise PermissionDenied("not_licensing_office")
        return principal


# The shipped configuration (PERMITS_LICENSING_AGENCY_PREFIXES unset): what a use case checks unless told.
DEFAULT_OFFICES = LicensingOffices()


def authorise_read(principal: Principal, *, owner_id: str, region_code: str) -> None:
    """Reading an application or permit: its owner, an officer of its region, or province staff."""
    if principal.role == "citizen":
        if owner_id != principal.subject:
            raise NotFound()  # the same answer as for a missing id: ids are no oracle
    elif principal.role == "officer":
        principal.require_jurisdiction(region_code)
    elif principal.role not in STAFF_READERS:
        raise PermissionDenied()
