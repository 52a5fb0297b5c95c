"""The installable app: manifest with its icons, the service worker at the origin's root, the offline page."""

from __future__ import annotations

import json
import re
import struct

import pytest
from gorontalo_web import create_app
from gorontalo_web.config import WebSettings


class NoRedis:
    """The pages here never keep a session."""

    def pipeline(self):
        raise AssertionError("no session expected")


@pytest.fixture
def client():
    settings = WebSettings(gateway_url="http://127.0.0.1:9", secret_key="test-secret")
    return create_app(settings, redis_client=NoRedis()).test_client()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["name"] == "Gorontalo Satu" and manifest["display"] == "standalone"
    assert manifest["scope"] == "/" and manifest["start_url"] == "/saya"
    sizes = set()
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        width, height = png_size(image.data)
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add(width)
    assert {192, 512} <= sizes  # what browsers ask for to offer "install"
    assert json.loads(client.get("/manifest.webmanifest?lang=en").data)["lang"] == "en"


def test_the_service_worker_is_served_at_the_root_never_cached_and_knows_what_to_keep(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    source = response.get_data(as_text=True)
    config = json.loads(re.match(r"const CONFIG = (\{.*?\});\n", source).group(1))
    assert config["offline"] == "/offline"
    assert {"/saya", "/izin", "/pajak", "/siaga"} <= set(config["pages"])
    for url in config["assets"]:
        assert re.match(r"^/static/[\w-]+\.[0-9a-f]{10}\.\w+$", url)
        assert client.get(url).status_code == 200
    assert any(url.startswith("/static/app.") and url.endswith(".js") for url in config["assets"])
    # Forms and the live stream are not the worker's business; navigations and static files are.
    assert "request.method !== 'GET'" in source and "request.mode === 'navigate'" in source


def test_every_page_registers_the_worker_through_the_shared_script(client):
    page = client.get("/offline")
    assert page.status_code == 200 and "<h1>Tidak ada sambungan</h1>" in page.text
    script = re.search(r'<script src="(/static/app\.[0-9a-f]{10}\.js)" defer>', page.text).group(1)
    source = client.get(script).get_data(as_text=True)
    assert "serviceWorker.register('/sw.js'" in source and "data-offline-draft" in source
