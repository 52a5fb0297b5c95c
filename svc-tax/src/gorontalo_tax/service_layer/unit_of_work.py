from collections.abc import Callable

from servicekit import uow
from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.bill_repository import BillRepository
from ..adapters.claim_repository import ClaimRepository
from ..adapters.payment_repository import PaymentRepository
from ..adapters.property_repository import PropertyRepository
from ..adapters.vehicle_repository import VehicleRepository

SOURCE = "/gorontalo/tax"


def _attach(unit, session) -> None:
    unit.vehicles = VehicleRepository(session)
    unit.properties = PropertyRepository(session)
    unit.bills = BillRepository(session)
    unit.claims = ClaimRepository(session)
    unit.payments = PaymentRepository(session)


class TaxUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)


class ConsumerUnitOfWork(uow.ConsumerUnitOfWork):
    """Consumers run inside the bus's transaction (servicekit.uow.ConsumerUnitOfWork), which also writes
    the inbox row, so a redelivered event is not handled twice."""

    def __init__(self, session, on_commit: Callable[[], None] | None = None):
        super().__init__(session, source=SOURCE, on_commit=on_commit)

    def _open(self, session) -> None:
        _attach(self, session)
