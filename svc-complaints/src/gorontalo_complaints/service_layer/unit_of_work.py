from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.follow_up import BreachRepository, CorrectionRepository, RoutingRepository, UpdateRepository
from ..adapters.extras import Open311KeyRepository, PhotoRepository, SupportRepository
from ..adapters.notifications import NotificationRepository
from ..adapters.repository import ComplaintRepository
from ..domain.links import Links


class ComplaintsUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None, *, links: Links):
        super().__init__(session_factory, source="/gorontalo/complaints", on_commit=on_commit)
        # Every state change that notifies the reporter writes its text (with the complaint's absolute
        # link) in this transaction; the links travel with the unit of work each use case already gets.
        self.links = links

    def _open(self, session) -> None:
        self.complaints = ComplaintRepository(session)
        self.routing = RoutingRepository(session)
        self.corrections = CorrectionRepository(session)
        self.updates = UpdateRepository(session)
        self.breaches = BreachRepository(session)
        self.photos = PhotoRepository(session)
        self.supports = SupportRepository(session)
        self.open311_keys = Open311KeyRepository(session)
        self.notifications = NotificationRepository(session)
