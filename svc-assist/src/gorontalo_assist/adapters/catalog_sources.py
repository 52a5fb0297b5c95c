"""The permit catalog and the complaint categories, read from their owners over gRPC (both RPCs are
public): at start and at every refresh, so an edit there is seen here without a release.

`Packaged*` read the very documents those RPCs serve from the owners' installed packages, for the
evaluation on a machine where every package is installed and no service runs (CI, development).
"""

from __future__ import annotations

import json

import grpc

from gorontalo.complaints.v1 import complaints_pb2, complaints_pb2_grpc
from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from servicekit.clients import outgoing_metadata

from ..domain.passages import COMPLAINTS, PERMITS, Passage, SourceUnavailable

_RISK = {
    "rendah": "rendah",
    "menengah_rendah": "menengah rendah",
    "menengah_tinggi": "menengah tinggi",
    "tinggi": "tinggi",
}


def _rupiah(amount: int) -> str:
    return "tanpa biaya" if not amount else f"Rp {amount:,}".replace(",", ".")


def permit_passage(permit: dict) -> Passage:
    code = permit["kbli_code"]
    documents = ", ".join(permit.get("required_documents") or []) or "-"
    text = (
        f"Syarat izin usaha KBLI {code} {permit['title']} "
        f"(tingkat risiko {_RISK.get(permit['risk_level'], permit['risk_level'])}): dokumen yang diperlukan: {documents}. "
        f"Lama proses (SLA): {int(permit.get('sla_working_days') or 0)} hari kerja. "
        f"Biaya izin: {_rupiah(int(permit.get('fee_rupiah') or 0))}."
    )
    return Passage(f"{PERMITS}:{code}", PERMITS, f"Izin {permit['title']}", text, f"/izin/ajukan/{code}")


def complaint_passage(service: dict) -> Passage:
    code = service["service_code"]
    keywords = service.get("keywords") or ""
    text = (
        f'Kategori pengaduan "{service["service_name"]}" (kelompok {service.get("group") or "-"}): '
        f"{service.get('description') or ''} "
        + (f"Kata kunci: {keywords}. " if keywords else "")
        + "Pengaduan diteruskan ke dinas yang menangani kategori ini menurut tabel rute per kabupaten/kota."
    )
    return Passage(f"{COMPLAINTS}:{code}", COMPLAINTS, f"Pengaduan {service['service_name']}", text, "/pengaduan")


class GrpcPermitCatalog:
    name = PERMITS

    def __init__(self, channel: grpc.Channel | None, timeout: float = 5.0):
        # None: no address configured for the owner; the source stays unreadable (stale), never a crash.
        self.stub = permits_pb2_grpc.PermitsServiceStub(channel) if channel is not None else None
        self.timeout = timeout

    def read(self) -> list[Passage]:
        if self.stub is None:
            raise SourceUnavailable("no_address")
        try:
            answer = self.stub.ListPermitTypes(
                permits_pb2.ListPermitTypesRequest(), timeout=self.timeout, metadata=outgoing_metadata()
            )
        except grpc.RpcError as error:
            raise SourceUnavailable(error.code().name.lower()) from None
        return [
            permit_passage(
                {
                    "kbli_code": t.kbli_code,
                    "title": t.title,
                    "risk_level": t.risk_level,
                    "sla_working_days": t.sla_working_days,
                    "fee_rupiah": t.fee_rupiah,
                    "required_documents": list(t.required_documents),
                }
            )
            for t in answer.permit_types
        ]


class GrpcComplaintCategories:
    """Open311's service list (JSON): every category with its description, group and keywords."""

    name = COMPLAINTS

    def __init__(self, channel: grpc.Channel | None, timeout: float = 5.0):
        # None: no address configured for the owner; the source stays unreadable (stale), never a crash.
        self.stub = complaints_pb2_grpc.ComplaintsServiceStub(channel) if channel is not None else None
        self.timeout = timeout

    def read(self) -> list[Passage]:
        if self.stub is None:
            raise SourceUnavailable("no_address")
        try:
            body = self.stub.Open311ListServices(
                complaints_pb2.Open311FormatRequest(format="json"), timeout=self.timeout, metadata=outgoing_metadata()
            )
            services = json.loads(body.data)
        except grpc.RpcError as error:
            raise SourceUnavailable(error.code().name.lower()) from None
        except ValueError:
            raise SourceUnavailable("unreadable") from None
        return [complaint_passage(s) for s in services]


class PackagedPermitCatalog:
    name = PERMITS

    def read(self) -> list[Passage]:
        import importlib.resources

        text = importlib.resources.files("gorontalo_permits").joinpath("data/permit_types.json").read_text("utf-8")
        return [permit_passage(p) for p in json.loads(text)["permit_types"]]


class PackagedComplaintCategories:
    name = COMPLAINTS

    def read(self) -> list[Passage]:
        from gorontalo_complaints.service_layer import open311

        return [complaint_passage(s) for s in open311.services_list()]
