"""Photos, anonymous filing, nearby/support, public listing, escalations and Open311 over real gRPC."""

import datetime as dt
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import grpc
import pytest
import sqlalchemy as sa
from google.api import httpbody_pb2
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from PIL import Image

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.adapters.tables import complaints
from gorontalo_complaints.service_layer import deadlines, open311


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (0.0, 32.0, 36.6), "E", (123.0, 3.0, 34.2)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


ALICE = dict(role="citizen", subject="citizen-alice")
BOB = dict(role="citizen", subject="citizen-bob")
PUPR = dict(role="officer", subject="officer-pupr", agency="dinas-pupr-7571", jurisdiction=["75.71"])
DPMPTSP = dict(role="officer", subject="officer-dpm", agency="dpmptsp-7571", jurisdiction=["75.71"])
DISPATCHER = dict(role="officer", subject="officer-disp", agency="diskominfo-75", jurisdiction=["75"])


def filing(**overrides):
    fields = dict(
        category="jalan_rusak",
        title="Jalan amblas di Jl. Agus Salim",
        description="Aspal amblas sedalam 30 cm, sudah ada motor terjatuh.",
        latitude=0.5412,
        longitude=123.0595,
        region_code="75.71.01",
    )
    fields.update(overrides)
    return pb.FileComplaintRequest(**fields)


def reasons(error: grpc.RpcError) -> dict[str, str]:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            return {v.field: v.reason for v in bad.field_violations}
    return {}


def http_body_detail(error: grpc.RpcError) -> httpbody_pb2.HttpBody | None:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(httpbody_pb2.HttpBody.DESCRIPTOR):
            body = httpbody_pb2.HttpBody()
            detail.Unpack(body)
            return body
    return None


def test_photo_staged_then_filed_is_served_without_exif_and_respects_rahasia(served):
    app, minter, stub = served
    image = httpbody_pb2.HttpBody(content_type="image/jpeg", data=jpeg_with_gps())
    staged = stub.UploadPhoto(pb.UploadPhotoRequest(image=image), metadata=minter.metadata(**ALICE))
    assert staged.kind == "report" and staged.content_type == "image/jpeg" and (staged.width, staged.height) == (64, 48)
    with pytest.raises(grpc.RpcError) as caught:  # Bob cannot file with Alice's upload
        stub.FileComplaint(filing(photo_ids=[staged.id]), metadata=minter.metadata(**BOB))
    assert reasons(caught.value) == {"photo_ids": "PHOTO_NOT_YOURS"}
    filed = stub.FileComplaint(filing(photo_ids=[staged.id], privacy="rahasia"), metadata=minter.metadata(**ALICE))
    assert [p.id for p in filed.photos] == [staged.id]

    request = pb.GetPhotoRequest(tracking_code=filed.tracking_code, photo_id=staged.id)
    served_photo = stub.GetPhoto(request, metadata=minter.metadata(**ALICE))
    assert served_photo.content_type == "image/jpeg" and b"Exif" not in served_photo.data
    assert not Image.open(io.BytesIO(served_photo.data)).getexif()
    assert stub.GetPhoto(request, metadata=minter.metadata(**PUPR)).data == served_photo.data
    for who in ([], minter.metadata(**BOB), minter.metadata(**DPMPTSP)):
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetPhoto(request, metadata=who)
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    # Used once: the same upload cannot be attached twice.
    with pytest.raises(grpc.RpcError) as caught:
        stub.FileComplaint(filing(photo_ids=[staged.id]), metadata=minter.metadata(**ALICE))
    assert reasons(caught.value) == {"photo_ids": "PHOTO_NOT_YOURS"}


def test_officer_adds_resolution_photo_other_agency_cannot(served):
    _app, minter, stub = served
    filed = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, format="PNG")
    request = pb.UploadPhotoRequest(
        tracking_code=filed.tracking_code, image=httpbody_pb2.HttpBody(content_type="image/png", data=png.getvalue())
    )
    with pytest.raises(grpc.RpcError) as caught:
        stub.UploadPhoto(request, metadata=minter.metadata(**DPMPTSP))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    photo = stub.UploadPhoto(request, metadata=minter.metadata(**PUPR))
    assert photo.kind == "resolution"
    public = stub.GetComplaint(pb.GetComplaintRequest(tracking_code=filed.tracking_code))
    assert [p.kind for p in public.photos] == ["resolution"]
    bad = pb.UploadPhotoRequest(
        tracking_code=filed.tracking_code, image=httpbody_pb2.HttpBody(content_type="image/jpeg", data=b"GIF89a...")
    )
    with pytest.raises(grpc.RpcError) as caught:
        stub.UploadPhoto(bad, metadata=minter.metadata(**ALICE))
    assert reasons(caught.value) == {"image": "PHOTO_FORMAT_UNSUPPORTED"}


def test_anonymous_filing_encrypts_the_contact_and_is_rate_limited(served):
    app, _minter, stub = served
    address = [("x-client-address", "203.0.113.7")]
    request = pb.FileAnonymousComplaintRequest(
        title="Pungutan liar di loket",
        description="Petugas loket meminta uang tambahan Rp50.000 tanpa kuitansi.",
        category="pungli",
        region_code="75.71.01",
        contact_phone="0812-3456-7890",
    )
    with pytest.raises(grpc.RpcError) as caught:
        stub.FileAnonymousComplaint(
            pb.FileAnonymousComplaintRequest(
                title=request.title, description=request.description, region_code="75.71.01", privacy="biasa"
            ),
            metadata=address,
        )
    assert reasons(caught.value) == {"privacy": "ANONYMOUS_NEEDS_ANONIM", "contact_phone": "CONTACT_REQUIRED"}
    filed = [stub.FileAnonymousComplaint(request, metadata=address) for _ in range(3)]
    assert {c.privacy for c in filed} == {"anonim"} and filed[0].tracking_code
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(complaints.c.contact_encrypted, complaints.c.reporter_id).where(
                complaints.c.tracking_code == filed[0].tracking_code
            )
        ).all()
    assert rows and "81234567890" not in rows[0].contact_encrypted and rows[0].contact_encrypted
    with pytest.raises(grpc.RpcError) as caught:  # 4th from the same phone within a day
        stub.FileAnonymousComplaint(request, metadata=[("x-client-address", "203.0.113.8")])
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    public = stub.GetComplaint(pb.GetComplaintRequest(tracking_code=filed[0].tracking_code))
    assert "0812" not in str(public) and public.privacy == ""


def test_nearby_support_and_public_listing(served):
    app, minter, stub = served
    near = stub.FileComplaint(
        filing(description="Lubang besar, hubungi 081234567890 atau budi@example.org."),
        metadata=minter.metadata(**ALICE),
    )
    stub.FileComplaint(filing(latitude=0.5412 + 0.004), metadata=minter.metadata(**ALICE))  # ~445 m north
    secret = stub.FileComplaint(filing(privacy="rahasia"), metadata=minter.metadata(**ALICE))
    found = stub.ListNearbyComplaints(pb.ListNearbyComplaintsRequest(lat=0.5413, lon=123.0595, category="jalan_rusak"))
    assert [n.complaint.tracking_code for n in found.complaints] == [near.tracking_code]
    assert found.complaints[0].distance_meters == 10.0 and found.radius_meters == 250

    supported = stub.SupportComplaint(
        pb.SupportComplaintRequest(tracking_code=near.tracking_code), metadata=minter.metadata(**BOB)
    )
    assert supported.support_count == 1
    for who, code in ((BOB, near.tracking_code), (ALICE, near.tracking_code), (BOB, secret.tracking_code)):
        with pytest.raises(grpc.RpcError) as caught:
            stub.SupportComplaint(pb.SupportComplaintRequest(tracking_code=code), metadata=minter.metadata(**who))
        assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION

    listing = stub.ListPublicComplaints(pb.ListPublicComplaintsRequest(region_code="75.71", category="jalan_rusak"))
    codes = [c.tracking_code for c in listing.complaints]
    assert near.tracking_code in codes and secret.tracking_code not in codes and len(codes) == 2
    shown = next(c for c in listing.complaints if c.tracking_code == near.tracking_code)
    assert "081234567890" not in shown.description and "budi@example.org" not in shown.description
    assert shown.support_count == 1 and shown.id == "" and shown.privacy == ""
    geo = json.loads(stub.ListPublicComplaintsGeoJson(pb.ListPublicComplaintsRequest()).data)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 2
    assert {f["id"] for f in geo["features"]} == set(codes)
    assert [0.0, 0.0] != geo["features"][0]["geometry"]["coordinates"]
    with pytest.raises(grpc.RpcError) as caught:
        stub.ListPublicComplaints(pb.ListPublicComplaintsRequest(status="lost", region_code="99"))
    assert reasons(caught.value) == {"status": "NOT_ONE_OF", "region_code": "REGION_UNKNOWN"}


def test_breach_is_escalated_to_agency_head_and_dispatcher_only(served, clock):
    app, minter, stub = served
    routed = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))
    waiting = stub.FileComplaint(filing(category="lainnya"), metadata=minter.metadata(**ALICE))
    clock.advance(days=14)
    result = deadlines.check_deadlines(app.uow, app.clock)
    assert set(result.breaches) == {(routed.tracking_code, "first_response"), (waiting.tracking_code, "disposition")}

    def escalated(who):
        page = stub.ListEscalations(pb.ListEscalationsRequest(), metadata=minter.metadata(**who))
        return {(e.tracking_code, e.deadline) for e in page.escalations}, page

    seen, page = escalated(DISPATCHER)
    assert seen == set(result.breaches)
    assert list(page.escalations[0].escalated_to) == ["agency_head", "province_dispatcher"]
    assert escalated(dict(PUPR, agency_head=True))[0] == {(routed.tracking_code, "first_response")}
    assert escalated(dict(DPMPTSP, agency_head=True))[0] == set()
    # the officers who let it pass see it on the complaint, not in the escalation list; a forged
    # head claim on a citizen's token counts for nothing
    for below in (PUPR, dict(ALICE, agency_head=True)):
        with pytest.raises(grpc.RpcError) as caught:
            escalated(below)
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    public = stub.GetComplaint(pb.GetComplaintRequest(tracking_code=routed.tracking_code))
    assert public.escalated and list(public.breached_deadlines) == ["first_response"]


def _form(**fields) -> httpbody_pb2.HttpBody:
    return httpbody_pb2.HttpBody(
        content_type="application/x-www-form-urlencoded", data=urllib.parse.urlencode(fields).encode()
    )


def test_open311_post_and_read_in_json_and_xml(served):
    app, _minter, stub = served
    _key_id, api_key = open311.create_key(app.uow(), app.clock, name="FixMyStreet Gorontalo")
    created = json.loads(
        stub.Open311CreateRequest(
            pb.Open311CreateRequestRequest(
                format="json",
                form=_form(
                    api_key=api_key,
                    service_code="jalan_rusak",
                    lat="0.5412",
                    long="123.0595",
                    address_string="Jl. Panjaitan, Kota Barat",
                    description="Lubang besar di depan pasar sentral.",
                    **{"attribute[ukuran_lubang]": "besar"},
                ),
            )
        ).data
    )
    code = created[0]["service_request_id"]
    xml_created = ET.fromstring(
        stub.Open311CreateRequest(
            pb.Open311CreateRequestRequest(
                format="xml",
                form=_form(
                    api_key=api_key,
                    service_code="sampah",
                    address_string="Jl. Pangeran Hidayat, Kota Selatan",
                    description="Sampah tidak diangkut sejak seminggu.",
                ),
            )
        ).data
    )
    xml_code = xml_created.find("request/service_request_id").text
    assert xml_created.tag == "service_requests"
    assert "Dinas Lingkungan Hidup" in xml_created.find("request/service_notice").text

    one = json.loads(stub.Open311GetRequest(pb.Open311GetRequestRequest(service_request_id=code, format="json")).data)
    assert one[0]["status"] == "open" and one[0]["service_code"] == "jalan_rusak"
    assert one[0]["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang Kota Gorontalo"
    assert one[0]["address_id"] == "75.71.01" and one[0]["lat"] == 0.541
    listed = ET.fromstring(
        stub.Open311ListRequests(
            pb.Open311ListRequestsRequest(format="xml", service_request_id=f"{code},{xml_code}")
        ).data
    )
    assert {r.find("service_request_id").text for r in listed.findall("request")} == {code, xml_code}
    closed = json.loads(stub.Open311ListRequests(pb.Open311ListRequestsRequest(format="json", status="closed")).data)
    assert closed == []
    services = ET.fromstring(stub.Open311ListServices(pb.Open311FormatRequest(format="xml")).data)
    assert "jalan_rusak" in [s.find("service_code").text for s in services.findall("service")]

    cases = [
        (
            lambda: stub.Open311CreateRequest(
                pb.Open311CreateRequestRequest(
                    format="xml",
                    form=_form(api_key="salah", service_code="sampah", lat="0.54", long="123.06", description="x" * 20),
                )
            ),
            grpc.StatusCode.PERMISSION_DENIED,
            "text/xml",
        ),
        (
            lambda: stub.Open311CreateRequest(
                pb.Open311CreateRequestRequest(
                    format="json",
                    form=_form(api_key=api_key, service_code="sampah", description="Sampah menumpuk di pasar."),
                )
            ),
            grpc.StatusCode.INVALID_ARGUMENT,
            "application/json",
        ),
        (
            lambda: stub.Open311GetRequest(pb.Open311GetRequestRequest(service_request_id="GTO-0000-00", format="xml")),
            grpc.StatusCode.NOT_FOUND,
            "text/xml",
        ),
    ]
    for call, status, content_type in cases:
        with pytest.raises(grpc.RpcError) as caught:
            call()
        assert caught.value.code() == status
        body = http_body_detail(caught.value)
        assert body.content_type.startswith(content_type)
        if content_type == "text/xml":
            error = ET.fromstring(body.data).find("error")
            assert error.find("code").text in ("403", "404") and error.find("description").text
        else:
            assert json.loads(body.data)[0]["code"] == 400


def test_open311_list_filters_by_dates_and_never_shows_rahasia(served, clock):
    app, minter, stub = served
    old = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))
    clock.advance(days=3)
    new = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))
    secret = stub.FileComplaint(filing(privacy="rahasia"), metadata=minter.metadata(**ALICE))
    since = (clock.now - dt.timedelta(days=1)).isoformat()

    def listed(**filters):
        body = stub.Open311ListRequests(pb.Open311ListRequestsRequest(format="json", **filters)).data
        return [r["service_request_id"] for r in json.loads(body)]

    assert listed(start_date=since) == [new.tracking_code]
    assert set(listed()) == {old.tracking_code, new.tracking_code}
    assert listed(service_request_id=secret.tracking_code) == []
    with pytest.raises(grpc.RpcError) as caught:
        stub.Open311GetRequest(pb.Open311GetRequestRequest(service_request_id=secret.tracking_code, format="json"))
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as caught:
        stub.Open311ListRequests(pb.Open311ListRequestsRequest(format="json", start_date="kemarin"))
    assert json.loads(http_body_detail(caught.value).data)[0]["description"].startswith("start_date")


def test_uploads_never_filed_are_discarded_after_a_day(served, clock):
    from gorontalo_complaints.service_layer import photos

    app, minter, stub = served
    image = httpbody_pb2.HttpBody(content_type="image/jpeg", data=jpeg_with_gps())
    kept = stub.UploadPhoto(pb.UploadPhotoRequest(image=image), metadata=minter.metadata(**ALICE))
    abandoned = stub.UploadPhoto(pb.UploadPhotoRequest(image=image), metadata=minter.metadata(**ALICE))
    filed = stub.FileComplaint(filing(photo_ids=[kept.id]), metadata=minter.metadata(**ALICE))
    assert photos.discard_stale_uploads(app.uow, app.photo_store, app.clock) == 0  # not a day old yet
    clock.advance(days=2)
    assert photos.discard_stale_uploads(app.uow, app.photo_store, app.clock) == 1
    with app.uow() as uow:
        assert uow.photos.get(abandoned.id) is None and uow.photos.get(kept.id) is not None
    assert stub.GetPhoto(pb.GetPhotoRequest(tracking_code=filed.tracking_code, photo_id=kept.id)).data


def test_agency_asks_the_reporter_who_answers_neither_is_public(served):
    _app, minter, stub = served
    filed = stub.FileComplaint(filing(), metadata=minter.metadata(**ALICE))
    code = filed.tracking_code
    with pytest.raises(grpc.RpcError) as caught:  # nothing asked yet
        stub.AnswerQuestion(
            pb.AnswerQuestionRequest(tracking_code=code, note="Di depan toko"), metadata=minter.metadata(**ALICE)
        )
    assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    asked = stub.PostUpdate(
        pb.PostUpdateRequest(tracking_code=code, note="Di depan nomor berapa?", kind="question"),
        metadata=minter.metadata(**PUPR),
    )
    assert asked.kind == "question"
    with pytest.raises(grpc.RpcError) as caught:
        stub.AnswerQuestion(
            pb.AnswerQuestionRequest(tracking_code=code, note="Nomor 12"), metadata=minter.metadata(**BOB)
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    answered = stub.AnswerQuestion(
        pb.AnswerQuestionRequest(tracking_code=code, note="Depan nomor 12"), metadata=minter.metadata(**ALICE)
    )
    assert answered.kind == "answer"

    def kinds(metadata):
        updates = stub.ListUpdates(pb.ListUpdatesRequest(tracking_code=code), metadata=metadata).updates
        return sorted(u.kind for u in updates)

    assert kinds(minter.metadata(**ALICE)) == kinds(minter.metadata(**PUPR)) == ["answer", "question"]
    assert kinds([]) == kinds(minter.metadata(**BOB)) == kinds(minter.metadata(**DPMPTSP)) == []
    public = stub.GetComplaint(pb.GetComplaintRequest(tracking_code=code))
    assert public.first_response_at.seconds > 0  # the question counted as the agency's response
