"""Every link complaints prints is absolute, from the one platform-wide PUBLIC_BASE_URL.

An SMS saying "Lihat /v1/complaints/GTO-..." cannot be followed from a phone; an Open311 client
needs an absolute media_url. COMPLAINTS_PUBLIC_BASE_URL is gone: servicekit's ServiceSettings
.public_base_url (PUBLIC_BASE_URL) is the one setting.
"""

import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import sqlalchemy as sa
from google.api import httpbody_pb2
from PIL import Image

from gorontalo.complaints.v1 import complaints_pb2 as pb
from gorontalo_complaints.adapters.tables import notifications
from gorontalo_complaints.bootstrap import bootstrap
from gorontalo_complaints.domain import notifications as n
from gorontalo_complaints.service_layer import open311
from servicekit.config import ServiceSettings

from ..conftest import serving
from .test_photos_public_open311_grpc import ALICE, PUPR, filing

BASE = "https://lapor.gorontaloprov.go.id"


def _messages(app) -> list[str]:
    with app.engine.connect() as connection:
        return [r.message for r in connection.execute(sa.select(notifications.c.message))]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 10)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def served_at_base(make_app, database_url, monkeypatch):
    # The old per-service setting must no longer win (or count) anywhere.
    monkeypatch.setenv("COMPLAINTS_PUBLIC_BASE_URL", "http://old.example")
    with serving(make_app(database_url, public_base_url=BASE)) as running:
        yield running


def test_notification_texts_link_absolutely_from_public_base_url(served_at_base):
    app, minter, stub = served_at_base
    anonymous = stub.FileAnonymousComplaint(
        pb.FileAnonymousComplaintRequest(
            title="Jalan berlubang di depan pasar",
            description="Lubang besar di jalan depan pasar, motor sering jatuh.",
            category="jalan_rusak",
            region_code="75.71.01",
            contact_phone="081234567890",
        )
    )
    stub.StartProgress(pb.StartProgressRequest(tracking_code=anonymous.tracking_code), metadata=minter.metadata(**PUPR))
    texts = _messages(app)
    assert len(texts) == 2  # the receipt (dispositioned) and in_progress
    for text in texts:
        assert text.endswith(f"Lihat {BASE}/v1/complaints/{anonymous.tracking_code}"), text
        assert len(text) <= n.SMS_LIMIT


def test_open311_urls_are_absolute_from_public_base_url(served_at_base):
    app, minter, stub = served_at_base
    discovery = json.loads(stub.Open311Discovery(pb.Open311FormatRequest(format="json")).data)
    assert discovery["endpoints"][0]["url"] == f"{BASE}/open311/v2"
    photo = stub.UploadPhoto(
        pb.UploadPhotoRequest(image=httpbody_pb2.HttpBody(content_type="image/jpeg", data=_jpeg())),
        metadata=minter.metadata(**ALICE),
    )
    filed = stub.FileComplaint(filing(photo_ids=[photo.id]), metadata=minter.metadata(**ALICE))
    one = ET.fromstring(
        stub.Open311GetRequest(pb.Open311GetRequestRequest(service_request_id=filed.tracking_code, format="xml")).data
    )
    assert one.findtext("request/media_url") == f"{BASE}/v1/complaints/{filed.tracking_code}/photos/{photo.id}"
    _key_id, api_key = open311.create_key(app.uow(), app.clock, name="FixMyStreet Gorontalo")
    form = urllib.parse.urlencode(
        dict(
            api_key=api_key,
            service_code="sampah",
            lat="0.5412",
            long="123.0595",
            description="Sampah menumpuk di pinggir jalan.",
            phone="081234567899",
        )
    )
    stub.Open311CreateRequest(
        pb.Open311CreateRequestRequest(
            format="json",
            form=httpbody_pb2.HttpBody(content_type="application/x-www-form-urlencoded", data=form.encode()),
        )
    )
    assert all(f"Lihat {BASE}/v1/complaints/GTO-" in text for text in _messages(app))


def test_bootstrap_reads_the_platform_wide_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("PUBLIC_BASE_URL", BASE + "/")
    monkeypatch.setenv("COMPLAINTS_PUBLIC_BASE_URL", "http://old.example")
    monkeypatch.setenv("COMPLAINTS_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    settings = ServiceSettings.from_env("complaints")
    app = bootstrap(settings, classifier=False)
    try:
        assert app.links.complaint("GTO-7K3Q-95") == f"{BASE}/v1/complaints/GTO-7K3Q-95"
    finally:
        app.engine.dispose()


@pytest.mark.parametrize("bad", ["/v1", "lapor.gorontaloprov.go.id", "ftp://lapor.go.id", "https://"])
def test_a_base_that_is_not_an_absolute_http_url_stops_the_service_at_start(make_app, bad):
    with pytest.raises(SystemExit) as stopped:
        make_app("sqlite://", public_base_url=bad)
    assert "PUBLIC_BASE_URL" in str(stopped.value)


def test_a_base_too_long_for_one_sms_stops_the_service_at_start(make_app):
    with pytest.raises(SystemExit) as stopped:
        make_app("sqlite://", public_base_url="https://" + "a" * 60 + ".gorontaloprov.go.id")
    assert "PUBLIC_BASE_URL" in str(stopped.value) and "SMS" in str(stopped.value)
