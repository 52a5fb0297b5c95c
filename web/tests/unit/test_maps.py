"""The plain map: projection, the district seats from servicekit's data, GeoJSON points."""

from gorontalo_web import maps

from servicekit import regions


def test_the_seats_are_the_six_regency_capitals_at_servicekits_coordinates():
    seats = {seat.regency_code: seat for seat in maps.seats()}
    assert {code for code, *_ in maps.SEATS} == {r.code for r in regions.regencies()} == set(seats)
    assert (seats["75.04"].name, seats["75.04"].regency_name) == ("Marisa", "Kabupaten Pohuwato")
    assert (seats["75.01"].latitude, seats["75.01"].longitude) == regions.district_centroids()["75.01.01"]


def test_projection_keeps_north_up_and_west_left_inside_the_frame():
    marisa = maps.project(0.47, 121.94)
    kota = maps.project(0.5436, 123.0568)
    kwandang = maps.project(0.85, 122.90)
    assert marisa[0] < kota[0] and kwandang[1] < kota[1]
    assert maps.project(maps.NORTH, maps.WEST) == (0, 0)
    assert maps.project(maps.SOUTH, maps.EAST) == (maps.WIDTH, maps.HEIGHT)
    assert maps.project(-5, 200) == (maps.WIDTH, maps.HEIGHT)  # clamped to the frame


def test_points_of_geojson_skip_what_is_not_a_point_in_gorontalo():
    collection = {
        "features": [
            {
                "geometry": {"type": "Point", "coordinates": [123.057, 0.544]},
                "properties": {"tracking_code": "GTO-A", "title": "T"},
            },
            {"geometry": {"type": "Point", "coordinates": [106.8, -6.2]}, "properties": {}},  # Jakarta
            {"geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}},
            {"geometry": None},
        ]
    }
    [point] = maps.points_of(collection)
    assert (point.code, point.label, point.latitude, point.longitude) == ("GTO-A", "T", 0.544, 123.057)
    assert (point.x, point.y) == maps.project(0.544, 123.057)
    assert maps.points_of({}) == []
