"""Who may act on a complaint: dispatchers, agency officers and the regions they act in.

Who may act (checked here, after the interceptor's role check):
- A dispatcher is an `admin`, or an `officer` of one of the dispatcher agencies
  (configuration, default `diskominfo-75`, the province desk that runs the
  complaints channel); either must also cover the complaint's region. Admin
  tokens from svc-identity carry no jurisdiction: an admin without one is
  province-wide; an admin whose token names a jurisdiction is held to it.
- An agency officer is an `officer` whose agency is the one the complaint is
  dispositioned to AND whose jurisdiction covers the complaint's region.
  Anyone else gets PermissionDenied and sees nothing beyond the public view.
- Only the reporter rates or reopens.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit import regions
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

from ..domain import model

DEFAULT_DISPATCHER_AGENCIES = ("diskominfo-75",)


@dataclass(frozen=True)
class Staff:
    dispatcher_agencies: tuple[str, ...] = DEFAULT_DISPATCHER_AGENCIES

    def is_dispatcher(self, principal: Principal) -> bool:
        return principal.role == "admin" or (
            principal.role == "officer" and principal.agency in self.dispatcher_agencies
        )

    def require_dispatcher(self, principal: Principal, region_code: str) -> None:
        if not self.is_dispatcher(principal):
            raise PermissionDenied("not_a_dispatcher")
        require_scope(principal, region_code)

    @staticmethod
    def require_agency_officer(principal: Principal, complaint: model.Complaint) -> None:
        principal.require_role("officer")
        if not complaint.agency_code or principal.agency != complaint.agency_code:
            raise PermissionDenied("not_your_agency")
        principal.require_jurisdiction(complaint.region_code)


def scope_of(principal: Principal) -> tuple[str, ...]:
    """The regions a caller acts in: an admin without a jurisdiction claim is province-wide."""
    if principal.role == "admin" and not principal.jurisdiction:
        return (regions.GORONTALO,)
    return principal.jurisdiction


def require_scope(principal: Principal, region_code: str) -> None:
    if not regions.within(region_code, scope_of(principal)):
        raise PermissionDenied("outside_jurisdiction")
