from servicekit.uow import ConsumerUnitOfWork, SqlAlchemyUnitOfWork

from ..adapters.place_repositories import BusinessRepository, DestinationRepository
from ..adapters.repositories import EventRepository, PhotoRepository, ReviewRepository

SOURCE = "/gorontalo/tourism"


def _attach(uow, session) -> None:
    uow.destinations = DestinationRepository(session)
    uow.businesses = BusinessRepository(session)
    uow.events = EventRepository(session)
    uow.reviews = ReviewRepository(session)
    uow.photos = PhotoRepository(session)


class TourismUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)


class TourismConsumerUnitOfWork(ConsumerUnitOfWork):
    """The bus's transaction (it writes the inbox row too): a revoked permit's badge goes in it."""

    def __init__(self, session, on_commit=None):
        super().__init__(session, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)
