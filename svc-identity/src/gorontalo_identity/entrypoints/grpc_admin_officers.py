"""gRPC of the admins' list of staff accounts (the console's /petugas/admin officers page)."""

from __future__ import annotations

import sqlalchemy as sa

from gorontalo.identity.v1 import identity_pb2 as pb
from servicekit import paging
from servicekit.auth import require_principal

from ..adapters.tables import accounts, staff_totp
from ..domain.totp import STAFF_ROLES
from .to_proto import ts


class AdminOfficerRpcs:
    """Mixed into IdentityServicer (self.app is the IdentityApp)."""

    def ListOfficers(self, request, context):
        require_principal().require_role("admin")
        offset, limit = paging.decode(request.page_token), paging.page_size(request.page_size)
        enrolled = (
            sa.select(staff_totp.c.account_id)
            .where(staff_totp.c.account_id == accounts.c.id, staff_totp.c.confirmed_at.is_not(None))
            .exists()
        )
        query = sa.select(accounts, enrolled.label("totp_enrolled")).where(accounts.c.role.in_(STAFF_ROLES))
        if request.agency_id:
            query = query.where(accounts.c.agency_id == request.agency_id)
        query = query.order_by(accounts.c.created_at.desc(), accounts.c.id).offset(offset).limit(limit)
        uow = self.app.uow()
        with uow:
            rows = uow.session.execute(query).all()
        return pb.ListOfficersResponse(
            officers=[
                pb.Officer(
                    id=row.id,
                    username=row.username or "",
                    full_name=row.full_name,
                    role=row.role,
                    agency=row.agency or "",
                    agency_id=row.agency_id or "",
                    jurisdiction=list(row.jurisdiction or []),
                    agency_head=bool(row.agency_head),
                    totp_enrolled=bool(row.totp_enrolled),
                    created_at=ts(row.created_at),
                )
                for row in rows
            ],
            next_page_token=paging.next_token(offset, len(rows), limit),
        )
