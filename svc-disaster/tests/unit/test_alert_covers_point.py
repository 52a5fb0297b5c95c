"""Which alerts cover a point (a tourism destination's page asks ListAlerts with latitude/longitude)."""

from __future__ import annotations

from gorontalo_disaster.domain.alert import Area

# Kota Gorontalo's centre and a point on the Bone Bolango coast (Olele), about 25 km apart.
KOTA = (0.5435, 123.0568)
OLELE = (0.4021, 123.1597)


def test_a_circle_covers_points_within_its_radius_only():
    area = Area("Pesisir Kabila Bone", circles=[(OLELE[0], OLELE[1], 5.0)], region_codes=["75.03"])
    assert area.covers(*OLELE)
    assert area.covers(OLELE[0] + 0.03, OLELE[1])  # about 3.3 km north
    assert not area.covers(*KOTA)


def test_a_polygon_covers_what_is_inside_it():
    square = [(0.35, 123.10), (0.35, 123.20), (0.45, 123.20), (0.45, 123.10), (0.35, 123.10)]
    area = Area("Kotak", polygons=[square], region_codes=["75.03"])
    assert area.covers(*OLELE)
    assert not area.covers(*KOTA)
    assert not area.covers(0.40, 123.25)


def test_an_area_of_region_codes_alone_covers_the_points_of_those_regions():
    kota = Area("Kota Gorontalo", region_codes=["75.71"])
    assert kota.covers(*KOTA)
    assert not kota.covers(*OLELE)
    province = Area("Provinsi", region_codes=["75"])
    assert province.covers(*OLELE)
