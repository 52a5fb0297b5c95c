"""The gateway in front of two permits instances (the province's and Kota Gorontalo's), each a real
in-process gRPC server with its own SQLite database: creates by region, reads by id, merged lists,
and an instance that stops."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from concurrent import futures

import grpc
import pytest
from google.protobuf import timestamp_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from gorontalo.identity.v1 import identity_pb2, identity_pb2_grpc
from gorontalo.permits.v1 import permits_pb2, permits_pb2_grpc
from gorontalo_gateway.app import create_app
from gorontalo_gateway.config import GatewayConfig
from servicekit import federation, paging, testing_pki
from servicekit.testing import TokenMinter, free_port

MINTER = TokenMinter()
CITIZEN = {"Authorization": f"Bearer {MINTER.token(subject='warga-1')}"}
KOTA = "permits/kota-gorontalo"


class Identity(identity_pb2_grpc.IdentityServiceServicer):
    def GetJwks(self, request, context):
        return identity_pb2.Jwks(keys=[identity_pb2.Jwk(**k) for k in MINTER.jwks["keys"]])


class PermitsInstance(permits_pb2_grpc.PermitsServiceServicer):
    """A permits instance with its own database: what it stores, it alone can answer."""

    def __init__(self, database: str):
        self.database = database
        self.asked: list[str] = []
        self._lock = threading.Lock()
        with self._db() as db:
            db.execute("CREATE TABLE applications (id TEXT PRIMARY KEY, region TEXT, at INTEGER, permit TEXT)")

    def _db(self):
        return sqlite3.connect(self.database)

    def store(self, region: str, at: int, permit: str = "", application_id: str | None = None) -> str:
        application_id = application_id or str(uuid.uuid4())
        with self._lock, self._db() as db:
            db.execute("INSERT INTO applications VALUES (?, ?, ?, ?)", (application_id, region, at, permit))
        return application_id

    def ids(self) -> set[str]:
        with self._db() as db:
            return {row[0] for row in db.execute("SELECT id FROM applications")}

    @staticmethod
    def _message(row) -> permits_pb2.Application:
        return permits_pb2.Application(
            id=row[0], region_code=row[1], submitted_at=timestamp_pb2.Timestamp(seconds=row[2]), permit_number=row[3]
        )

    def SubmitApplication(self, request, context):
        self.asked.append("SubmitApplication")
        at = 1_800_000_000 + len(self.ids())
        with self._db() as db:
            row = db.execute(
                "SELECT * FROM applications WHERE id = ?", (self.store(request.region_code, at),)
            ).fetchone()
        return self._message(row)

    def GetApplication(self, request, context):
        self.asked.append("GetApplication")
        with self._db() as db:
            row = db.execute("SELECT * FROM applications WHERE id = ?", (request.id,)).fetchone()
        if row is None:
            context.abort(grpc.StatusCode.NOT_FOUND, "application_not_found")
        return self._message(row)

    def VerifyPermit(self, request, context):
        self.asked.append("VerifyPermit")
        number = request.permit_number.replace("-", "/")
        with self._db() as db:
            row = db.execute("SELECT * FROM applications WHERE permit = ?", (number,)).fetchone()
        if row is None:
            context.abort(grpc.StatusCode.NOT_FOUND, "permit_not_found")
        return permits_pb2.PermitVerification(permit_number=row[3], validity="valid", regency_code=row[1][:5])

    def GetPermitJwks(self, request, context):
        # Its own signing key, and one both instances publish (a key copied to a new instance).
        own = permits_pb2.PermitJwk(kty="OKP", crv="Ed25519", x=f"x-{self.database}", kid=f"kid-{self.database}")
        shared = permits_pb2.PermitJwk(kty="OKP", crv="Ed25519", x="x-shared", kid="kid-shared")
        return permits_pb2.PermitJwks(keys=[own, shared])

    def ListApplications(self, request, context):
        self.asked.append("ListApplications")
        offset, limit = paging.window(request.page_size, request.page_token)
        with self._db() as db:  # a citizen's own, newest first, as svc-permits orders them
            rows = db.execute(
                "SELECT * FROM applications ORDER BY at DESC, id DESC LIMIT ? OFFSET ?", (limit + 1, offset)
            ).fetchall()
        return permits_pb2.ListApplicationsResponse(
            applications=[self._message(r) for r in rows[:limit]],
            next_page_token=paging.encode(offset + limit) if len(rows) > limit else "",
        )


def _serve(servicers, identity: str) -> tuple[grpc.Server, str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    for add, servicer in servicers:
        add(servicer, server)
    checks = health.HealthServicer()
    checks.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(checks, server)
    port = testing_pki.add_secure_port(server, "127.0.0.1:0", identity)
    server.start()
    return server, f"127.0.0.1:{port}"


def _registry(identity: str, province: str, kota: str) -> federation.Federation:
    return federation.parse(
        {
            "services": {
                "identity": {"address": identity},
                "permits": {
                    "instances": [
                        {"name": "provinsi", "agency": "75", "address": province, "regions": ["75"]},
                        {"name": "kota-gorontalo", "agency": "7571", "address": kota, "regions": ["75.71"]},
                    ]
                },
            }
        }
    )


@pytest.fixture
def platform(tmp_path):
    province, kota = PermitsInstance(str(tmp_path / "province.db")), PermitsInstance(str(tmp_path / "kota.db"))
    identity_server, identity_address = _serve(
        [(identity_pb2_grpc.add_IdentityServiceServicer_to_server, Identity())], "identity"
    )
    province_server, province_address = _serve(
        [(permits_pb2_grpc.add_PermitsServiceServicer_to_server, province)], "permits"
    )
    kota_server, kota_address = _serve(
        [(permits_pb2_grpc.add_PermitsServiceServicer_to_server, kota)],
        "spiffe://gorontaloprov.go.id/agency/7571/permits",
    )
    registry = _registry(identity_address, province_address, kota_address)
    app = create_app(
        GatewayConfig(
            services={"identity": identity_address, "permits": province_address},
            nats_url=f"nats://127.0.0.1:{free_port()}",
            upstream_timeout=3,
            health_timeout=5.0,  # a loaded CI machine: "down" must mean stopped, not slow
            max_body_bytes=1024 * 1024,
            streams_url="http://127.0.0.1:8090",
            instances=registry,
        )
    )
    platform = type("Platform", (), {})()
    platform.client, platform.province, platform.kota, platform.kota_server = (
        app.test_client(),
        province,
        kota,
        kota_server,
    )
    yield platform
    for server in (identity_server, province_server, kota_server):
        server.stop(0)


def _submit(client, region: str):
    return client.post("/v1/permits/applications", json={"region_code": region, "kbli_code": "56101"}, headers=CITIZEN)


def test_a_create_is_stored_only_by_the_instance_owning_its_region(platform):
    in_kota = _submit(platform.client, "75.71.01.1001")
    in_pohuwato = _submit(platform.client, "75.04.01")
    without_region = _submit(platform.client, "")
    assert (in_kota.status_code, in_pohuwato.status_code, without_region.status_code) == (200, 200, 200)
    assert platform.kota.ids() == {in_kota.json["id"]}
    assert platform.province.ids() == {in_pohuwato.json["id"], without_region.json["id"]}


def test_reads_by_id_find_their_instance_and_what_was_printed_before_federation_still_resolves(platform):
    kota_id = platform.kota.store("75.71.01", 1)
    # Made before Kota ran its own instance: a Kota application in the province's database.
    legacy_id = platform.province.store("75.71.02", 2, permit="7571/DPMPTSP/2025/000001")
    platform.kota.store("75.71.01", 3, permit="7571/DPMPTSP/2026/000001")
    for application_id in (kota_id, legacy_id):
        read = platform.client.get(f"/v1/permits/applications/{application_id}", headers=CITIZEN)
        assert read.status_code == 200 and read.json["id"] == application_id
    missing = platform.client.get(f"/v1/permits/applications/{uuid.uuid4()}", headers=CITIZEN)
    assert missing.status_code == 404
    # A permit number names its regency: Kota's instance answers it, the province's is not asked.
    platform.province.asked.clear()
    verified = platform.client.get("/v1/permits/verify/7571-DPMPTSP-2026-000001")
    assert verified.status_code == 200 and verified.json["permit_number"] == "7571/DPMPTSP/2026/000001"
    assert "VerifyPermit" not in platform.province.asked
    # Printed by the province for a Kota business before federation: Kota's instance lacks it, the
    # province's still has it.
    legacy = platform.client.get("/v1/permits/verify/7571-DPMPTSP-2025-000001")
    assert legacy.status_code == 200 and legacy.json["permit_number"] == "7571/DPMPTSP/2025/000001"
    assert platform.client.get("/v1/permits/verify/7571-DPMPTSP-2024-000404").status_code == 404


def test_a_resident_list_merges_both_instances_with_stable_paging(platform):
    expected = []
    for at in range(1, 14):  # interleaved in time across the two databases
        instance = platform.kota if at % 3 == 0 else platform.province
        expected.append((at, instance.store("75.71.01" if instance is platform.kota else "75.02.01", at)))
    expected_order = [application_id for _, application_id in sorted(expected, reverse=True)]
    seen, token = [], ""
    for pages in range(1, 10):  # noqa: B007 - bounded: a token that never ends fails, not hangs
        page = platform.client.get(f"/v1/permits/applications?page_size=4&page_token={token}", headers=CITIZEN)
        assert page.status_code == 200, page.json
        assert page.json["unreachable"] == []
        seen += [a["id"] for a in page.json["applications"]]
        token = page.json["next_page_token"]
        if not token:
            break
    assert seen == expected_order  # every one once, newest first across both instances
    assert pages == 4


def test_an_instance_that_is_down_costs_its_own_regions_only(platform):
    province_id = platform.province.store("75.02.01", 1)
    platform.kota.store("75.71.01", 2)
    platform.kota_server.stop(0)

    refused = _submit(platform.client, "75.71.01.1001")
    assert refused.status_code == 503
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert refused.json["service_instance"] == KOTA and KOTA in refused.json["detail"]
    assert _submit(platform.client, "75.04.01").status_code == 200

    listed = platform.client.get("/v1/permits/applications", headers=CITIZEN)
    assert listed.status_code == 200
    assert listed.json["unreachable"] == [KOTA]
    assert province_id in {a["id"] for a in listed.json["applications"]}

    # Not at the province, and Kota cannot say: 503 naming Kota, not 404.
    unknown = platform.client.get(f"/v1/permits/applications/{uuid.uuid4()}", headers=CITIZEN)
    assert unknown.status_code == 503 and unknown.json["unreachable"] == [KOTA]
    assert platform.client.get(f"/v1/permits/applications/{province_id}", headers=CITIZEN).status_code == 200
    assert platform.client.get("/v1/permits/verify/7571-DPMPTSP-2026-000009").status_code == 503

    directory = {s["name"]: s for s in platform.client.get("/v1/services").json["services"]}
    states = {i["name"]: i["status"] for i in directory["permits"]["instances"]}
    assert states == {"provinsi": "up", "kota-gorontalo": "down"}
    assert directory["permits"]["status"] == "up"  # the province's instance still answers


def test_the_directory_shows_every_instance_with_its_regions_identity_and_health(platform):
    directory = {s["name"]: s for s in platform.client.get("/v1/services").json["services"]}
    assert directory["permits"]["status"] == "up"
    assert directory["permits"]["instances"] == [
        {
            "name": "provinsi",
            "agency": "75",
            "regions": ["75"],
            "identity": "spiffe://gorontaloprov.go.id/agency/75/permits",
            "status": "up",
        },
        {
            "name": "kota-gorontalo",
            "agency": "7571",
            "regions": ["75.71"],
            "identity": "spiffe://gorontaloprov.go.id/agency/7571/permits",
            "status": "up",
        },
    ]
    assert [i["name"] for i in directory["identity"]["instances"]] == ["provinsi"]


def test_an_officer_list_asks_only_the_instances_meeting_the_jurisdiction(platform):
    officer = MINTER.token(role="officer", agency="dpmptsp-7504", jurisdiction=["75.04"])
    platform.province.store("75.04.01", 1)
    platform.kota.asked.clear()
    listed = platform.client.get("/v1/permits/applications", headers={"Authorization": f"Bearer {officer}"})
    assert listed.status_code == 200 and len(listed.json["applications"]) == 1
    assert "ListApplications" not in platform.kota.asked


def test_a_forged_page_token_is_a_field_error(platform):
    platform.province.store("75.02.01", 1)
    platform.kota.store("75.71.01", 2)
    forged = platform.client.get("/v1/permits/applications?page_token=f1.bm90LWpzb24", headers=CITIZEN)
    assert forged.status_code == 400
    assert forged.json["errors"][0]["field"] == "page_token"


def test_the_permits_jwks_holds_every_instances_keys_and_names_an_instance_that_is_down(platform):
    """A QR code is signed by the instance that issued the permit: the one published set must hold the
    keys of all of them, or a Kota permit's QR code would not verify."""
    merged = platform.client.get("/v1/permits/.well-known/jwks.json")
    assert merged.status_code == 200, merged.json
    kids = [key["kid"] for key in merged.json["keys"]]
    assert sorted(kids) == sorted(
        [f"kid-{platform.province.database}", f"kid-{platform.kota.database}", "kid-shared"]
    )  # the shared key once
    assert not merged.json.get("unreachable")

    platform.kota_server.stop(0)
    partial = platform.client.get("/v1/permits/.well-known/jwks.json")
    assert partial.status_code == 200
    assert {key["kid"] for key in partial.json["keys"]} == {f"kid-{platform.province.database}", "kid-shared"}
    assert partial.json["unreachable"] == [KOTA]  # never a silently shorter set
