"""Who may read and act in svc-tax, decided here and in the use cases (the servicer only translates).

- A citizen sees what is theirs: what they registered, fee bills naming them as payer, and the
  objects imported under a NIK they claimed; another's is simply not found.
- An officer reading tax records must belong to a tax office (Bapenda: agency codes starting with one
  of `TaxOffices.agency_prefixes`, from TAX_OFFICE_AGENCY_PREFIXES) and sees only their jurisdiction.
  Fee bills are the exception: the office that charges a fee (any agency within the bill's
  regency/city) asks for its bill and may call it off (billing.create_fee_bill, cancellation.py).
- Operators and admins see all.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit import regions
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

STAFF_SEEING_ALL = ("operator", "admin")
DEFAULT_TAX_AGENCIES = ("bapenda-",)


@dataclass(frozen=True)
class TaxOffices:
    """The agencies whose officers read tax records (agency code prefixes, lower case)."""

    agency_prefixes: tuple[str, ...] = DEFAULT_TAX_AGENCIES

    def is_tax_office(self, principal: Principal) -> bool:
        return principal.role == "officer" and principal.agency.lower().startswith(self.agency_prefixes)

    def admit(self, principal: Principal) -> Principal:
        """The caller, unless an officer of another agency than a tax office."""
        if principal.role == "officer" and not self.is_tax_office(principal):
            raise PermissionDenied("not_tax_office")
        return principal


# The shipped configuration (TAX_OFFICE_AGENCY_PREFIXES unset): what a use case checks unless told.
DEFAULT_OFFICES = TaxOffices()


def jurisdiction_codes(principal: Principal) -> list[str]:
    """The caller's jurisdiction as normalised region codes."""
    return [code for code in (regions.normalise(c) for c in principal.jurisdiction) if code]


def listing_scope(uow, principal: Principal, region_filter: str) -> dict:
    """What a list shows the caller, as repository filters (inside the caller's unit of work): a citizen
    their own and what was imported under the NIK they claimed (claims.py), an officer their jurisdiction
    (`region_filter` names the repository's region argument), operators and admins everything."""
    if principal.role == "citizen":
        return {"owner_id": principal.subject, "owner_nik_index": uow.claims.index_for(principal.subject)}
    if principal.role == "officer":
        return {region_filter: jurisdiction_codes(principal)}
    if principal.role in STAFF_SEEING_ALL:
        return {}
    raise PermissionDenied()
