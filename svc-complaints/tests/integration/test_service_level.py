"""The operators' figures (GET /v1/complaints/service-level) over real databases: months of history
seeded through the use cases, one agency answering steadily and one getting worse, and the RPC's
access rule (operator or admin only)."""

import datetime as dt

import grpc
import pytest

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo.complaints.v1 import complaints_pb2_grpc
from gorontalo_complaints.bootstrap import SERVICE_NAME
from gorontalo_complaints.entrypoints.grpc_servicer import ComplaintsServicer
from gorontalo_complaints.service_layer import deadlines, follow_up, service_level, services
from servicekit import testing_pki
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, PermissionDenied
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

ALICE = Principal(subject="citizen-a", role="citizen")
OPERATOR = Principal(subject="operator-1", role="operator")
PUPR_KOTA = Principal(subject="pupr-kota", role="officer", agency="dinas-pupr-7571", jurisdiction=("75.71",))
PUPR_POHUWATO = Principal(subject="pupr-phw", role="officer", agency="dinas-pupr-7504", jurisdiction=("75.04",))
MONTHS = 8
PER_MONTH = 6


def file(app, region_code: str):
    return services.file_complaint(
        app.uow(),
        app.clock,
        app.new_tracking_code,
        ALICE,
        router=app.router,
        category="jalan_rusak",
        title="Jalan berlubang besar",
        description="Lubang di tengah jalan, motor sering jatuh.",
        latitude=0.0,
        longitude=0.0,
        region_code=region_code,
        privacy="",
        channel="app",
    ).tracking_code


def seed_history(app, clock) -> dict[str, list[int]]:
    """Each month six road complaints in Kota Gorontalo (one left past its deadline, every month) and
    six in Pohuwato (month i: i of them left past it). Returns the planted breaches per month."""
    planted = {"dinas-pupr-7571": [], "dinas-pupr-7504": []}
    for month in range(MONTHS):
        clock.now = dt.datetime(2026, 3 + month, 2, 1, 0, tzinfo=dt.UTC)  # 09.00 WITA on the 2nd
        late = {"dinas-pupr-7571": 1, "dinas-pupr-7504": min(month, PER_MONTH)}
        filed = {
            "dinas-pupr-7571": [file(app, "75.71.01") for _ in range(PER_MONTH)],
            "dinas-pupr-7504": [file(app, "75.04.01") for _ in range(PER_MONTH)],
        }
        officers = {"dinas-pupr-7571": PUPR_KOTA, "dinas-pupr-7504": PUPR_POHUWATO}
        clock.advance(hours=3)
        for agency, codes in filed.items():
            for code in codes[late[agency] :]:
                follow_up.resolve(app.uow(), app.clock, officers[agency], tracking_code=code, note="Sudah ditambal.")
        clock.advance(days=12)
        deadlines.check_deadlines(app.uow, app.clock)
        for agency, codes in filed.items():
            for code in codes[: late[agency]]:
                follow_up.resolve(app.uow(), app.clock, officers[agency], tracking_code=code, note="Akhirnya.")
            planted[agency].append(late[agency])
    return planted


def test_months_of_history_by_agency_regency_and_category(make_app, database_url, clock):
    app = make_app(database_url)
    planted = seed_history(app, clock)
    figures = service_level.service_level_figures(
        app.uow(), app.clock, OPERATOR, from_month="2026-03", to_month="2026-10"
    )
    assert (figures.from_month, figures.to_month) == ("2026-03", "2026-10")
    by_agency: dict[str, list] = {}
    for row in figures.rows:
        by_agency.setdefault(row.agency_code, []).append(row)
    assert set(by_agency) == {"dinas-pupr-7571", "dinas-pupr-7504"}
    for agency, rows in by_agency.items():
        assert [r.month for r in rows] == [f"2026-{m:02d}" for m in range(3, 3 + MONTHS)]
        assert [r.received for r in rows] == [PER_MONTH] * MONTHS
        assert [r.resolved for r in rows] == [PER_MONTH] * MONTHS
        assert [r.breached for r in rows] == planted[agency], agency
        assert {r.category for r in rows} == {"jalan_rusak"}
    assert {r.regency_code for r in by_agency["dinas-pupr-7504"]} == {"75.04"}
    kota = by_agency["dinas-pupr-7571"][0]
    assert kota.regency_code == "75.71" and kota.regency_name and kota.agency_name
    # Three hours for five of six, twelve days for the late one: the median is three hours.
    assert kota.median_resolution_seconds == 3 * 3600

    # The default window is the twelve months up to the clock's (WITA) month.
    default = service_level.service_level_figures(app.uow(), app.clock, OPERATOR)
    assert default.to_month == "2026-10" and default.from_month == "2025-11"
    assert sum(r.received for r in default.rows) == 2 * PER_MONTH * MONTHS


def test_only_operators_and_admins_and_only_whole_months(make_app, database_url, clock):
    app = make_app(database_url)
    with pytest.raises(PermissionDenied):
        service_level.service_level_figures(app.uow(), app.clock, ALICE)
    with pytest.raises(PermissionDenied):
        service_level.service_level_figures(app.uow(), app.clock, PUPR_KOTA)
    admin = Principal(subject="admin-1", role="admin")
    assert service_level.service_level_figures(app.uow(), app.clock, admin).rows == []
    for bad in (
        {"from_month": "2026-13"},
        {"to_month": "bulan lalu"},
        {"from_month": "2026-05", "to_month": "2026-01"},
    ):
        with pytest.raises(InvalidArgument):
            service_level.service_level_figures(app.uow(), app.clock, OPERATOR, **bad)
    with pytest.raises(InvalidArgument):  # more than 24 months
        service_level.service_level_figures(app.uow(), app.clock, OPERATOR, from_month="2023-01", to_month="2026-01")


def test_rpc_answers_an_operator_and_refuses_a_citizen(make_app, database_url, clock):
    app = make_app(database_url)
    file(app, "75.71.01")
    minter = TokenMinter()
    server, _health, port = ServiceRuntime(
        tls=testing_pki.server_source("complaints"),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=2,
        registrations=[
            Registration(
                complaints_pb2_grpc.add_ComplaintsServiceServicer_to_server, ComplaintsServicer(app), SERVICE_NAME
            )
        ],
    ).build()
    server.start()
    try:
        with testing_pki.test_channel(f"127.0.0.1:{port}") as channel:
            stub = complaints_pb2_grpc.ComplaintsServiceStub(channel)
            operator = minter.metadata(role="operator", subject="operator-1")
            figures = stub.GetServiceLevelFigures(pb.GetServiceLevelFiguresRequest(), metadata=operator)
            (row,) = figures.rows
            assert (row.month, row.agency_code, row.regency_code, row.received) == (
                "2025-03",
                "dinas-pupr-7571",
                "75.71",
                1,
            )
            citizen = minter.metadata(role="citizen", subject="citizen-a")
            with pytest.raises(grpc.RpcError) as caught:
                stub.GetServiceLevelFigures(pb.GetServiceLevelFiguresRequest(), metadata=citizen)
            assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    finally:
        server.stop(None).wait()
