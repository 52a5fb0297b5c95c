"""Bills with their lines, and their billing codes (kode bayar), in the database."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from servicekit.db import region_within

from ..domain.billing import CANCELLED, UNPAID, Bill, BillingCode, BillLine, DuplicateBill
from .tables import bill_lines, billing_codes, bills

_BILL_COLUMNS = (
    "id",
    "tax_type",
    "object_id",
    "tax_year",
    "authority_code",
    "region_code",
    "owner_id",
    "owner_nik_index",
    "description",
    "due_date",
    "status",
    "issued_at",
    "caller",
    "caller_reference",
    "requested_by",
    "paid_at",
    "paid_penalty",
    "paid_penalty_months",
    "receipt_number",
    "cancelled_at",
    "cancelled_by",
    "cancelled_by_role",
    "cancellation_reason",
)


class BillRepository:
    def __init__(self, session):
        self.session = session

    def add(self, bill: Bill, created_by: str | None = None) -> None:
        """Insert with its lines; a unique-key collision becomes DuplicateBill, the transaction intact."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    bills.insert().values(
                        **{n: getattr(bill, n) for n in _BILL_COLUMNS}, principal=bill.principal, created_by=created_by
                    )
                )
                if bill.lines:
                    self.session.execute(
                        bill_lines.insert(),
                        [
                            {
                                "bill_id": bill.id,
                                "position": i,
                                "kind": line.kind,
                                "amount": line.amount,
                                "credited_to": line.credited_to,
                            }
                            for i, line in enumerate(bill.lines)
                        ],
                    )
        except IntegrityError:
            raise DuplicateBill(bill.id) from None

    def exists_for(self, object_id: str, tax_year: int) -> bool:
        return (
            self.session.execute(
                sa.select(bills.c.id).where(bills.c.object_id == object_id, bills.c.tax_year == tax_year)
            ).first()
            is not None
        )

    def get(self, bill_id: str) -> Bill | None:
        row = self.session.execute(sa.select(bills).where(bills.c.id == bill_id)).first()
        return self._with_lines([row])[0] if row else None

    def by_caller_reference(self, caller: str, reference: str) -> Bill | None:
        row = self.session.execute(
            sa.select(bills).where(bills.c.caller == caller, bills.c.caller_reference == reference)
        ).first()
        return self._with_lines([row])[0] if row else None

    def list(
        self,
        *,
        owner_id: str | None = None,
        owner_nik_index: str | None = None,
        authorities: list[str] | None = None,
        tax_type: str | None = None,
        status: str | None = None,
        object_id: str | None = None,
        bill_id: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> list[Bill]:
        """Newest tax year first. `authorities`: normalised codes of who levies (None: all, []: nothing);
        `object_id`: the bills of one vehicle or property; `bill_id`: that bill only."""
        query = sa.select(bills)
        if object_id is not None:
            query = query.where(bills.c.object_id == object_id)
        if bill_id is not None:
            query = query.where(bills.c.id == bill_id)
        if owner_id is not None:
            mine = bills.c.owner_id == owner_id
            if owner_nik_index is not None:  # bills of imported objects the owner claimed
                mine = sa.or_(mine, bills.c.owner_nik_index == owner_nik_index)
            query = query.where(mine)
        if authorities is not None:
            if not authorities:
                return []
            query = query.where(region_within(bills.c.authority_code, authorities))
        if tax_type:
            query = query.where(bills.c.tax_type == tax_type)
        if status:
            query = query.where(bills.c.status == status)
        query = query.order_by(bills.c.issued_at.desc(), bills.c.id).offset(offset).limit(limit)
        return self._with_lines(list(self.session.execute(query)))

    def _with_lines(self, rows) -> list[Bill]:
        found = []
        ids = [row.id for row in rows]
        lines: dict[str, list[BillLine]] = {i: [] for i in ids}
        if ids:
            query = (
                sa.select(bill_lines)
                .where(bill_lines.c.bill_id.in_(ids))
                .order_by(bill_lines.c.bill_id, bill_lines.c.position)
            )
            for line in self.session.execute(query):
                lines[line.bill_id].append(BillLine(line.kind, line.amount, line.credited_to))
        for row in rows:
            found.append(Bill(**{n: getattr(row, n) for n in _BILL_COLUMNS}, lines=lines[row.id]))
        return found

    def cancel(self, bill: Bill) -> bool:
        """Write `bill`'s cancellation only if the row is still unpaid, closing its open code; False when a
        concurrent payment or cancellation changed the row first.

        The same compare-and-set on `status` as PaymentRepository.record: on PostgreSQL the second UPDATE
        waits for the first one's row lock and then finds the row no longer unpaid; on SQLite whole write
        transactions are serialized. Either way a bill ends up paid or cancelled, never both.
        """
        if bill.status != CANCELLED:
            raise ValueError("cancel the bill in the domain first")
        return (
            self.session.execute(
                bills.update()
                .where(bills.c.id == bill.id, bills.c.status == UNPAID)
                .values(
                    status=CANCELLED,
                    cancelled_at=bill.cancelled_at,
                    cancelled_by=bill.cancelled_by,
                    cancelled_by_role=bill.cancelled_by_role,
                    cancellation_reason=bill.cancellation_reason,
                    open_code=None,
                    open_code_expires_at=None,
                )
            ).rowcount
            == 1
        )

    # Billing codes ------------------------------------------------------------------------------

    def open_code(self, bill_id: str, now: dt.datetime) -> BillingCode | None:
        row = self.session.execute(sa.select(bills.c.open_code).where(bills.c.id == bill_id)).first()
        if row is None or row.open_code is None:
            return None
        code = self.code(row.open_code)
        return code if code and code.open_at(now) else None

    def code(self, code: str) -> BillingCode | None:
        row = self.session.execute(sa.select(billing_codes).where(billing_codes.c.code == code)).first()
        if row is None:
            return None
        return BillingCode(row.code, row.bill_id, row.amount, row.issued_at, row.expires_at)

    def open_new_code(self, code: BillingCode, now: dt.datetime) -> bool:
        """Make `code` the bill's open code unless another open one exists or the bill is no longer unpaid
        (compare-and-set: a concurrent payment or cancellation wins); False then."""
        with self.session.begin_nested():
            taken = self.session.execute(
                bills.update()
                .where(
                    bills.c.id == code.bill_id,
                    bills.c.status == UNPAID,
                    sa.or_(bills.c.open_code.is_(None), bills.c.open_code_expires_at <= now),
                )
                .values(open_code=code.code, open_code_expires_at=code.expires_at)
            ).rowcount
            if taken != 1:
                return False
            self.session.execute(
                billing_codes.insert().values(
                    code=code.code,
                    bill_id=code.bill_id,
                    amount=code.amount,
                    issued_at=code.issued_at,
                    expires_at=code.expires_at,
                )
            )
        return True
