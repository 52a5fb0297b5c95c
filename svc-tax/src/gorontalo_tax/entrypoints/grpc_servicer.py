"""gRPC face of svc-tax: translate messages, call use cases, nothing more."""
from __future__ import annotations

from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from google.protobuf import timestamp_pb2
from servicekit.auth import require_principal

from ..domain.model import Vehicle
from ..service_layer import services


def vehicle_message(vehicle: Vehicle) -> tax_pb2.Vehicle:
    registered = timestamp_pb2.Timestamp()
    registered.FromDatetime(vehicle.registered_at)
    return tax_pb2.Vehicle(
        id=vehicle.id, plate_number=vehicle.plate_number, vehicle_type=vehicle.vehicle_type,
        model_year=vehicle.model_year, taxable_value=vehicle.taxable_value, regency_code=vehicle.regency_code,
        ownership_order=vehicle.ownership_order, annual_pkb=vehicle.annual_pkb,
        annual_opsen_pkb=vehicle.annual_opsen_pkb, registered_at=registered,
    )


class TaxServicer(tax_pb2_grpc.TaxServiceServicer):
    def __init__(self, app):
        self.app = app

    def RegisterVehicle(self, request, context):
        vehicle = services.register_vehicle(
            self.app.uow(), self.app.rates, self.app.clock, require_principal(),
            plate_number=request.plate_number, vehicle_type=request.vehicle_type, model_year=request.model_year,
            taxable_value=request.taxable_value, regency_code=request.regency_code,
        )
        return vehicle_message(vehicle)

    def ListVehicles(self, request, context):
        vehicles, next_token = services.list_vehicles(self.app.uow(), require_principal(),
                                                      page_size=request.page_size, page_token=request.page_token)
        return tax_pb2.ListVehiclesResponse(vehicles=[vehicle_message(v) for v in vehicles],
                                            next_page_token=next_token)

    def GetVehicle(self, request, context):
        return vehicle_message(services.get_vehicle(self.app.uow(), require_principal(), request.id))
