"""SiPakai stats over real databases, and the public RPC."""

import grpc
import pytest

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo.complaints.v1 import complaints_pb2_grpc
from gorontalo_complaints.adapters.classifier import Suggestion
from gorontalo_complaints.bootstrap import SERVICE_NAME
from gorontalo_complaints.domain.stats import WITHHELD
from gorontalo_complaints.entrypoints.grpc_servicer import ComplaintsServicer
from gorontalo_complaints.service_layer import deadlines, follow_up, public_stats, services
from servicekit import testing_pki
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

ALICE = Principal(subject="citizen-a", role="citizen")
PUPR = Principal(subject="pupr-1", role="officer", agency="dinas-pupr-7571", jurisdiction=("75.71",))


class Doubtful:
    def suggest(self, text):
        return Suggestion("lainnya", 0.1)


def file(app, **overrides):
    fields = dict(
        category="jalan_rusak",
        title="Jalan berlubang besar",
        description="Lubang di tengah jalan.",
        latitude=0.0,
        longitude=0.0,
        region_code="75.71.01",
        privacy="",
        channel="app",
    )
    fields.update(overrides)
    return services.file_complaint(app.uow(), app.clock, app.new_tracking_code, ALICE, router=app.router, **fields)


def test_figures_per_agency_and_regency(make_app, database_url, clock):
    app = make_app(database_url, classifier=Doubtful())
    quick = file(app).tracking_code
    file(app, privacy="rahasia")  # counted, never shown
    file(app, category="", region_code="75.04.01")  # waits for a dispatcher in Pohuwato
    clock.advance(hours=2)
    follow_up.resolve(app.uow(), app.clock, PUPR, tracking_code=quick, note="Sudah ditambal.")
    follow_up.rate(app.uow(), app.clock, ALICE, tracking_code=quick, rating=4)
    clock.advance(days=10)
    deadlines.check_deadlines(app.uow, app.clock)  # both unanswered ones breach a deadline

    figures = public_stats.figures(app.uow(), app.clock)
    assert (figures.total.received, figures.total.open, figures.total.resolved) == (3, 2, 1)
    by_agency = {row.key: row for row in figures.by_agency}
    pupr = by_agency["dinas-pupr-7571"]
    assert (pupr.received, pupr.resolved, pupr.ratings, pupr.average_rating) == (2, 1, 1, 4.0)
    assert pupr.median_resolution_seconds == 2 * 3600 and pupr.median_first_response_seconds == 2 * 3600
    assert pupr.share_within_deadline == 0.5
    assert by_agency[""].received == 1 and by_agency[""].share_within_deadline == 0.0
    by_regency = {row.key: row for row in figures.by_regency}
    assert by_regency["75.71"].received == 2 and by_regency["75.04"].received == 1
    assert by_regency["75.71"].name

    # Published, every cell here is too small to show: fewer than five complaints each.
    shown = public_stats.public_stats(app.uow(), app.clock)
    assert (shown.total.received, shown.total.open, shown.total.resolved) == (WITHHELD,) * 3
    assert {row.key: row.received for row in shown.by_regency} == {"75.71": WITHHELD, "75.04": WITHHELD}
    assert shown.by_agency[-1].median_resolution_seconds == WITHHELD and shown.by_agency[-1].average_rating == WITHHELD

    earlier = public_stats.public_stats(app.uow(), app.clock, from_date="2025-01-01", to_date="2025-01-31")
    assert earlier.total.received == 0 and earlier.by_agency == []
    with pytest.raises(InvalidArgument):
        public_stats.public_stats(app.uow(), app.clock, from_date="2025-02-01", to_date="2025-01-01")
    with pytest.raises(InvalidArgument):
        public_stats.public_stats(app.uow(), app.clock, from_date="kemarin")


def test_a_complaint_counts_on_its_wita_filing_date(make_app, database_url, clock):
    app = make_app(database_url)
    clock.advance(hours=8)  # 16:30 UTC on 10 March is 00:30 WITA on 11 March
    file(app)
    on = public_stats.figures(app.uow(), app.clock, from_date="2025-03-11", to_date="2025-03-11")
    before = public_stats.figures(app.uow(), app.clock, from_date="2025-03-10", to_date="2025-03-10")
    assert (on.total.received, before.total.received) == (1, 0)


def test_public_stats_rpc_needs_no_token(make_app, database_url):
    app = make_app(database_url, classifier=Doubtful())
    file(app)
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
            figures = stub.GetPublicStats(pb.GetPublicStatsRequest(from_date="2025-03-01", to_date="2025-03-31"))
            # One complaint: published as withheld ("<5"), never as the count that could single it out.
            assert figures.total.received == WITHHELD and figures.by_agency[0].key == "dinas-pupr-7571"
            with pytest.raises(grpc.RpcError) as caught:
                stub.GetPublicStats(pb.GetPublicStatsRequest(from_date="2025-13-01"))
            assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    finally:
        server.stop(None).wait()


def test_state_gauge_counts_by_status_category_agency_and_regency(make_app, database_url):
    from prometheus_client import CollectorRegistry

    from gorontalo_complaints.adapters.state_metrics import ComplaintStateCollector

    app = make_app(database_url, classifier=Doubtful())
    file(app)
    file(app)
    file(app, category="", region_code="75.04.01")
    registry = CollectorRegistry()
    registry.register(ComplaintStateCollector(app.engine))
    labels = {"status": "dispositioned", "category": "jalan_rusak", "agency": "dinas-pupr-7571", "regency": "75.71"}
    assert registry.get_sample_value("gorontalo_complaints_current", labels) == 2
    waiting = {"status": "received", "category": "", "agency": "", "regency": "75.04"}
    assert registry.get_sample_value("gorontalo_complaints_current", waiting) == 1


def test_sipakai_figures_as_metrics_read_from_the_database(make_app, database_url, clock):
    from prometheus_client import CollectorRegistry

    from gorontalo_complaints.adapters.state_metrics import ComplaintStateCollector
    from gorontalo_complaints.service_layer import deadlines

    app = make_app(database_url, classifier=Doubtful())
    file(app)
    file(app)
    clock.advance(days=14)
    deadlines.check_deadlines(app.uow, app.clock)  # both miss their first response
    file(app)
    registry = CollectorRegistry()
    registry.register(ComplaintStateCollector(app.engine))
    breached = {"deadline": "first_response", "agency": "dinas-pupr-7571"}
    assert registry.get_sample_value("gorontalo_complaints_deadline_breaches_total", breached) == 2
    ratio = registry.get_sample_value("gorontalo_complaints_within_deadline_ratio", {"agency": "dinas-pupr-7571"})
    assert ratio == pytest.approx(1 / 3)
    assert registry.get_sample_value("gorontalo_complaints_rating_average", {"agency": "dinas-pupr-7571"}) is None
