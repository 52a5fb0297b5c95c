from servicekit.uow import SqlAlchemyUnitOfWork

from ..adapters.bill_repository import BillRepository
from ..adapters.claim_repository import ClaimRepository
from ..adapters.payment_repository import PaymentRepository
from ..adapters.property_repository import PropertyRepository
from ..adapters.vehicle_repository import VehicleRepository


class TaxUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, session_factory, on_commit=None):
        super().__init__(session_factory, source="/gorontalo/tax", on_commit=on_commit)

    def _open(self, session) -> None:
        self.vehicles = VehicleRepository(session)
        self.properties = PropertyRepository(session)
        self.bills = BillRepository(session)
        self.claims = ClaimRepository(session)
        self.payments = PaymentRepository(session)
