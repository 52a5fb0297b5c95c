"""/sipakai against a stand-in gateway: the figures as SVG charts with their tables, small cells as "<5",
the plain map with the district seats, and Leaflet only where the operator has tiles."""

from __future__ import annotations

import json
import os
import re
import uuid

from flask import Flask, request
from gorontalo_web import create_app
from gorontalo_web.blueprints import sipakai
from gorontalo_web.config import WebSettings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def stats_row(key, name, received, **more):
    row = {
        "key": key,
        "name": name,
        "received": received,
        "open": 0,
        "resolved": 0,
        "rejected": 0,
        "median_first_response_seconds": 0,
        "median_resolution_seconds": 0,
        "share_within_deadline": 0,
        "average_rating": 0,
        "ratings": 0,
    }
    row.update(more)
    return row


def stand_in_gateway(*, exact_small_counts: bool = False) -> Flask:
    app = Flask("stand-in-gateway")
    app.stats_calls = []

    @app.get("/v1/public/complaints/stats")
    def stats():
        app.stats_calls.append(dict(request.args))
        small = 3 if exact_small_counts else -1  # an older API sends the count itself
        pupr = stats_row(
            "dinas-pupr-7571",
            "Dinas PUPR Kota Gorontalo",
            20,
            open=6,
            resolved=14,
            rejected=small,
            median_resolution_seconds=3 * 86400,
            share_within_deadline=0.85,
            average_rating=4.2,
            ratings=9,
        )
        dinkes = stats_row("dinkes-7504", "Dinas Kesehatan Pohuwato", small, open=small, share_within_deadline=-1)
        return {
            "from_date": request.args["from_date"],
            "to_date": request.args["to_date"],
            "total": stats_row("", "Provinsi Gorontalo", 23, open=8, resolved=14, share_within_deadline=0.8),
            "by_agency": [pupr, dinkes],
            "by_regency": [
                stats_row("75.71", "Kota Gorontalo", 20, resolved=14),
                stats_row("75.04", "Kabupaten Pohuwato", small),
            ],
        }

    @app.get("/v1/public/complaints.geojson")
    def geojson():
        features = [
            {
                "type": "Feature",
                "id": "GTO-7K3Q-95",
                "geometry": {"type": "Point", "coordinates": [123.057, 0.544]},
                "properties": {"tracking_code": "GTO-7K3Q-95", "title": "Jalan berlubang", "status": "in_progress"},
            },
            {
                "type": "Feature",
                "id": "GTO-AAAA-22",
                "geometry": {"type": "Point", "coordinates": [121.94, 0.47]},
                "properties": {"tracking_code": "GTO-AAAA-22", "title": "Lampu mati", "status": "resolved"},
            },
        ]
        body = {"type": "FeatureCollection", "features": features, "next_page_token": ""}
        return app.response_class(json.dumps(body), mimetype="application/geo+json")

    return app


def web_app(http_server, redis_client, gateway, **settings):
    sipakai._cache.clear()
    config = WebSettings(
        gateway_url=http_server(gateway),
        secret_key="test-secret",
        session_namespace=f"test-web-sipakai-{uuid.uuid4().hex[:8]}",
        redis_url=REDIS_URL,
        **settings,
    )
    return create_app(config, redis_client=redis_client)


def test_figures_charts_and_tables_without_login(http_server, redis_client):
    gateway = stand_in_gateway()
    page = web_app(http_server, redis_client, gateway).test_client().get("/sipakai")
    assert page.status_code == 200
    html = page.text
    # The period and each of its 12 months.
    assert len(gateway.stats_calls) == 13 and gateway.stats_calls[0]["from_date"].endswith("-01")
    # Each chart is an image with its title and description, and a table holds the same numbers.
    charts = re.findall(r'<svg class="chart"[^>]*aria-labelledby="([\w-]+)-title \1-desc"', html)
    assert set(charts) == {"chart-trend", "chart-agency", "chart-deadline", "chart-median", "chart-regency"}
    for chart in charts:
        assert f'<title id="{chart}-title">' in html and f'<desc id="{chart}-desc">' in html
    trend = re.search(r'<svg class="chart" id="chart-trend".*?</svg>', html, flags=re.S).group(0)
    assert trend.count('<rect class="bar ') == 24  # filed and resolved for each of 12 months
    agency = re.search(r'<tr data-key="dinas-pupr-7571">(.*?)</tr>', html, flags=re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", agency)
    assert cells == ["20", "6", "14", "&lt;5", "3,0", "85%", "&lt;5", "4,2"]  # 3 breaches of 20: "<5"
    small = re.findall(
        r"<td>(.*?)</td>", re.search(r'<tr data-key="dinkes-7504">(.*?)</tr>', html, flags=re.S).group(1)
    )
    assert small[:2] == ["&lt;5", "&lt;5"] and small[5] == "&lt;5"
    assert "Kabupaten Pohuwato" in html and "Kota Gorontalo" in html
    assert re.search(r'data-figure="received">23<', html)


def test_small_counts_are_shown_as_less_than_five_even_when_the_api_sends_them(http_server, redis_client):
    html = (
        web_app(http_server, redis_client, stand_in_gateway(exact_small_counts=True)).test_client().get("/sipakai").text
    )
    row = re.search(r'<tr data-key="dinkes-7504">(.*?)</tr>', html, flags=re.S).group(1)
    assert "<td>3</td>" not in row and row.count("&lt;5") >= 2
    assert not re.search(r'class="chart-value"[^>]*>3<', html)


def test_the_plain_map_has_the_points_and_the_district_seats_and_no_leaflet(http_server, redis_client):
    html = web_app(http_server, redis_client, stand_in_gateway()).test_client().get("/sipakai").text
    svg = re.search(r'<svg class="map".*?</svg>', html, flags=re.S).group(0)
    assert svg.count('<circle class="map-point') == 2 and 'data-code="GTO-7K3Q-95"' in svg
    labels = re.findall(r'<text class="map-seat-label"[^>]*>([^<]+)</text>', svg)
    assert labels == ["Limboto", "Tilamuta", "Suwawa", "Marisa", "Kwandang", "Kota Gorontalo"]
    assert "2 pengaduan publik" in svg
    assert "leaflet" not in html and "map.js" not in html.replace("sipakai", "")


def test_with_the_operators_tiles_leaflet_is_loaded_and_points_come_from_this_origin(http_server, redis_client):
    app = web_app(
        http_server, redis_client, stand_in_gateway(), map_tiles_url="https://tiles.example.go.id/{z}/{x}/{y}.png"
    )
    client = app.test_client()
    html = client.get("/sipakai").text
    assert re.search(r'<script src="/static/leaflet\.[0-9a-f]{10}\.js" defer>', html)
    assert re.search(r'<link rel="stylesheet" href="/static/leaflet\.[0-9a-f]{10}\.css">', html)
    assert 'data-map-tiles="https://tiles.example.go.id/{z}/{x}/{y}.png"' in html
    points = client.get("/sipakai/peta.geojson")
    assert points.status_code == 200 and points.mimetype == "application/geo+json"
    assert {f["properties"]["tracking_code"] for f in points.json["features"]} == {"GTO-7K3Q-95", "GTO-AAAA-22"}
    assert client.get("/").text.count("leaflet") == 0  # loaded only where a map is shown


def test_an_unreachable_gateway_is_said_on_the_page(http_server, redis_client):
    settings = WebSettings(
        gateway_url="http://127.0.0.1:9",
        secret_key="s",
        redis_url=REDIS_URL,
        session_namespace=f"test-web-sipakai-{uuid.uuid4().hex[:8]}",
    )
    sipakai._cache.clear()
    page = create_app(settings, redis_client=redis_client).test_client().get("/sipakai")
    assert page.status_code == 503 and 'role="alert"' in page.text
