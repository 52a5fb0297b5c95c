"""The delivery queue: every SMS and e-mail a service owes someone, in its own database.

A use case adds the row in the transaction of the state change that calls for it (a sign-up, a
complaint's new status), so a message exists exactly when the change committed; `notify.Sender`
drains the queue. Rows hold the destination only as ciphertext (servicekit.pii) or not at all (the
sender resolves a recipient id at sending time).

pending -> sent -> delivered | undeliverable   (the gateway's delivery report)
        -> failed                              (every attempt failed, or no destination)
        -> capped                              (the daily SMS cost cap was reached)
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from ..db import UtcDateTime

DEFAULT_TABLE = "deliveries"
PENDING, SENT, DELIVERED, FAILED, CAPPED, UNDELIVERABLE = (
    "pending",
    "sent",
    "delivered",
    "failed",
    "capped",
    "undeliverable",
)
STATUSES = (PENDING, SENT, DELIVERED, FAILED, CAPPED, UNDELIVERABLE)
# A delivery report may only follow a message that left.
REPORTABLE = (SENT, DELIVERED, UNDELIVERABLE)
# The channel of a row whose destination says whether it is an SMS or an e-mail only once resolved.
CONTACT = "contact"


def _columns() -> list[sa.Column]:
    """The table's columns, new objects each call (a Column belongs to one table)."""
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("channel", sa.String(10), nullable=False),  # sms, email, or contact until resolved
        # Whom it is for (an account id), when the destination is looked up at sending time.
        sa.Column("recipient_id", sa.String(100), nullable=False, server_default=""),
        # servicekit.pii ciphertext of the number or address; never the clear value.
        sa.Column("destination_encrypted", sa.Text, nullable=False, server_default=""),
        sa.Column("subject", sa.String(200), nullable=False, server_default=""),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("kind", sa.String(60), nullable=False, server_default=""),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=True),
        # A sender that claimed the row holds it until then; another process takes it over after.
        sa.Column("claimed_until", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=False, server_default=""),
        sa.Column("provider_message_id", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        # When the gateway reported the final status (delivered or undeliverable).
        sa.Column("reported_at", UtcDateTime(), nullable=True),
    ]


def _indexes(name: str) -> list[tuple[str, list[str]]]:
    # The sender's scan (pending and due), and one recipient's messages.
    return [(f"ix_{name}_due", ["status", "next_attempt_at"]), (f"ix_{name}_recipient", ["recipient_id", "created_at"])]


def define_table(metadata: sa.MetaData, name: str = DEFAULT_TABLE) -> sa.Table:
    """The service's delivery table; its migration creates the same (create_table_op)."""
    table = sa.Table(name, metadata, *_columns())
    for index_name, columns in _indexes(name):
        sa.Index(index_name, *(table.c[column] for column in columns))
    return table


def create_table_op(op, name: str = DEFAULT_TABLE) -> None:
    """For a service's Alembic migration: op.create_table of the same table, indexes included."""
    op.create_table(name, *_columns(), sa.PrimaryKeyConstraint("id", name=f"pk_{name}"))
    for index_name, columns in _indexes(name):
        op.create_index(index_name, name, columns)


class DeliveryRepository:
    """The queue over one table of define_table's shape.

    `status_column` names the column holding the delivery status, for a service whose older table
    (complaints' notifications) calls it otherwise; every other column is as define_table's.
    """

    def __init__(self, session, table: sa.Table, *, status_column: str = "status"):
        self.session = session
        self.table = table
        self.status = table.c[status_column]

    def _row(self, row) -> dict:
        data = dict(row._mapping)
        data["delivery_status"] = data[self.status.name]
        return data

    def add(
        self,
        *,
        channel: str,
        recipient_id: str = "",
        destination_encrypted: str = "",
        message: str,
        subject: str = "",
        kind: str = "",
        not_before: dt.datetime | None = None,
        now: dt.datetime,
    ) -> str:
        """Queue one message, due at `not_before` (quiet hours) or now; returns its id (the reference)."""
        if not (recipient_id or destination_encrypted):
            raise ValueError("a delivery needs a recipient id or an encrypted destination")
        delivery_id = str(uuid.uuid4())
        self.session.execute(
            self.table.insert().values(
                {
                    "id": delivery_id,
                    "channel": channel,
                    "recipient_id": recipient_id,
                    "destination_encrypted": destination_encrypted,
                    "subject": subject,
                    "message": message,
                    "kind": kind,
                    self.status.name: PENDING,
                    "attempts": 0,
                    "next_attempt_at": max(not_before, now) if not_before else now,
                    "created_at": now,
                }
            )
        )
        return delivery_id

    def _claimable(self, now: dt.datetime):
        c = self.table.c
        return sa.and_(self.status == PENDING, sa.or_(c.claimed_until.is_(None), c.claimed_until < now))

    def due_ids(self, now: dt.datetime, limit: int) -> list[str]:
        c = self.table.c
        rows = self.session.execute(
            sa.select(c.id)
            .where(self._claimable(now), c.next_attempt_at <= now)
            .order_by(c.next_attempt_at, c.id)
            .limit(limit)
        ).all()
        return [r.id for r in rows]

    def claim(self, delivery_id: str, now: dt.datetime, lease_until: dt.datetime) -> dict | None:
        """Take a due row for one attempt; None when another sender took it first (conditional update)."""
        result = self.session.execute(
            self.table.update()
            .where(self.table.c.id == delivery_id, self._claimable(now))
            .values(claimed_until=lease_until)
        )
        if result.rowcount != 1:
            return None
        return self.get(delivery_id)

    def get(self, delivery_id: str) -> dict | None:
        row = self.session.execute(sa.select(self.table).where(self.table.c.id == delivery_id)).first()
        return self._row(row) if row else None

    def _update(self, delivery_id: str, values: dict, *extra_conditions) -> int:
        query = self.table.update().where(self.table.c.id == delivery_id, *extra_conditions)
        return self.session.execute(query.values(values)).rowcount

    def mark_sent(
        self, delivery_id: str, now: dt.datetime, provider_message_id: str, *, channel: str | None = None
    ) -> None:
        """The transport took it; `channel` records what a `contact` row turned out to be."""
        c = self.table.c
        values = {
            self.status.name: SENT,
            "attempts": c.attempts + 1,
            "sent_at": now,
            "claimed_until": None,
            "next_attempt_at": None,
            "provider_message_id": provider_message_id[:100],
            "last_error": "",
        }
        if channel:
            values["channel"] = channel
        self._update(delivery_id, values)

    def mark_attempt_failed(
        self, delivery_id: str, error: str, next_attempt_at: dt.datetime | None, *, channel: str | None = None
    ) -> None:
        """A failed attempt: retried at `next_attempt_at`, or given up (`failed`) when None."""
        c = self.table.c
        values = {"attempts": c.attempts + 1, "claimed_until": None, "last_error": error[:500]}
        if channel:
            values["channel"] = channel
        if next_attempt_at is None:
            values.update({self.status.name: FAILED, "next_attempt_at": None})
        else:
            values["next_attempt_at"] = next_attempt_at
        self._update(delivery_id, values)

    def mark_capped(self, delivery_id: str, scope: str, *, channel: str | None = None) -> None:
        """Not sent: the daily SMS cost cap of `scope` was reached. Final: a code or notice sent a day
        late would mislead more than help."""
        values = {
            self.status.name: CAPPED,
            "claimed_until": None,
            "next_attempt_at": None,
            "last_error": f"SMS daily cost cap reached ({scope})",
        }
        if channel:
            values["channel"] = channel
        self._update(delivery_id, values)

    def apply_delivery_status(self, delivery_id: str, status: str, now: dt.datetime) -> bool:
        """Record the gateway's report ("delivered" or "undeliverable") on a message that left; False
        when there is no such sent row (an unknown or replayed reference changes nothing)."""
        if status not in (DELIVERED, UNDELIVERABLE):
            raise ValueError(f"not a final delivery status: {status!r}")
        values = {self.status.name: status, "reported_at": now}
        return self._update(delivery_id, values, self.status.in_(REPORTABLE)) == 1

    def pending_count(self) -> int:
        return self.session.execute(
            sa.select(sa.func.count()).select_from(self.table).where(self.status == PENDING)
        ).scalar_one()
