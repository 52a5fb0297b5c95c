from __future__ import annotations

from collections.abc import Callable

from servicekit import uow
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.alert_repository import AlertRepository
from ..adapters.incident_repository import IncidentRepository
from ..adapters.photo_repository import PhotoRepository
from ..adapters.report_repository import ReportRepository

SOURCE = "/gorontalo/disaster"


class DisasterUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        self.reports = ReportRepository(session)
        self.incidents = IncidentRepository(session)
        self.alerts = AlertRepository(session)
        self.photos = PhotoRepository(session)


class ConsumerUnitOfWork(uow.ConsumerUnitOfWork):
    """Clustering runs inside the bus's transaction (servicekit.uow.ConsumerUnitOfWork)."""

    def __init__(self, session, on_commit: Callable[[], None] | None = None):
        super().__init__(session, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        self.reports = ReportRepository(session)
        self.incidents = IncidentRepository(session)
        self.alerts = AlertRepository(session)
