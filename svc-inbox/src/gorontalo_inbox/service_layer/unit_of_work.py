from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from servicekit import uow
from servicekit.notify import DeliveryRepository
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.notification_repository import NotificationRepository
from ..adapters.pending_delivery_repository import PendingDeliveryRepository
from ..adapters.preference_repository import PreferenceRepository
from ..adapters.resident_repository import ResidentRepository
from ..adapters.tables import deliveries
from ..adapters.timeline_repository import TimelineRepository

SOURCE = "/gorontalo/inbox"


def _attach(unit, session) -> None:
    unit.residents = ResidentRepository(session)
    unit.timeline = TimelineRepository(session)
    unit.notifications = NotificationRepository(session)
    unit.preferences = PreferenceRepository(session)
    unit.deliveries = DeliveryRepository(session, deliveries)
    unit.pending = PendingDeliveryRepository(session, deliveries)


class InboxUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this transaction commits (metrics count what really happened)."""
        sa.event.listen(self.session, "after_commit", lambda _session: callback(), once=True)


class ConsumerUnitOfWork(uow.ConsumerUnitOfWork):
    """Projections run inside the bus's transaction, which also writes the inbox (dedupe) row."""

    def __init__(self, session, on_commit: Callable[[], None] | None = None):
        super().__init__(session, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)
