from servicekit.blobs import SessionBlobs
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.breach_repository import BreachRepository
from ..adapters.complaint_repository import ComplaintRepository
from ..adapters.correction_repository import CorrectionRepository
from ..adapters.notification_repository import NotificationRepository, delivery_queue
from ..adapters.open311_key_repository import Open311KeyRepository
from ..adapters.photo_repository import PhotoRepository
from ..adapters.routing_repository import RoutingRepository
from ..adapters.support_repository import SupportRepository
from ..adapters.update_repository import UpdateRepository
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
        self.photo_bytes = SessionBlobs(session)  # written with the photo's row, in one transaction
        self.supports = SupportRepository(session)
        self.open311_keys = Open311KeyRepository(session)
        self.notifications = NotificationRepository(session)
        # servicekit.notify's queue over the same table: what the sender and the delivery reports use.
        self.deliveries = delivery_queue(session)
