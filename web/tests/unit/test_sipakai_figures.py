"""SiPakai's cells: "<5" for withheld or small counts, derived figures, months of the trend, chart geometry."""

import datetime as dt

from gorontalo_web.blueprints.sipakai import WITHHELD, bars, count, month_starts, row_of, trend


def test_counts_below_five_and_withheld_ones_show_as_less_than_five():
    assert [count(n).shown for n in (-1, 0, 1, 4, 5, 1234)] == ["<5", "0", "<5", "<5", "5", "1.234"]
    assert count(-1).value == 0 and count(3).value == 0 and count(7).value == 7  # nothing small is drawn
    assert count("12").shown == "12" and count(None).shown == "0" and count("x").shown == "—"


def test_a_row_derives_breaches_median_days_and_share_in_the_pages_language():
    raw = {
        "key": "dinas-pupr-7571",
        "received": 40,
        "resolved": 30,
        "median_resolution_seconds": 2.5 * 86400,
        "share_within_deadline": 0.9,
        "average_rating": 4.25,
        "ratings": 12,
    }
    row = row_of(raw, "Dinas PUPR", "id")
    assert (row.median_days, row.within_deadline, row.breaches.shown, row.rating) == ("2,5", "90%", "<5", "4,2")
    assert row_of(raw, "Dinas PUPR", "en").median_days == "2.5"
    assert row_of({**raw, "share_within_deadline": 0.5}, "x", "id").breaches.shown == "20"


def test_figures_of_withheld_rows_are_not_shown():
    row = row_of(
        {
            "received": -1,
            "resolved": -1,
            "median_resolution_seconds": -1,
            "share_within_deadline": -1,
            "average_rating": -1,
            "ratings": -1,
        },
        "x",
        "id",
    )
    assert (row.received.shown, row.median_days, row.within_deadline, row.breaches.shown, row.rating) == (
        (WITHHELD,) * 5
    )
    # An older API's exact small counts: the derived figures are withheld with them.
    older = row_of(
        {"received": 3, "resolved": 2, "median_resolution_seconds": 3600, "share_within_deadline": 1}, "x", "id"
    )
    assert (older.received.shown, older.median_days, older.within_deadline) == (WITHHELD,) * 3
    empty = row_of({}, "x", "id")
    assert (empty.received.shown, empty.median_days, empty.within_deadline, empty.rating) == ("0", "—", "—", "—")


def test_month_starts_cross_the_year():
    assert month_starts(dt.date(2026, 2, 14), 3) == [dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert len(month_starts(dt.date(2026, 12, 6), 12)) == 12


def test_bars_scale_to_the_largest_and_withheld_ones_are_not_drawn():
    chart = bars([("A", 10, "10"), ("B", 5, "5"), ("C", 0, "<5")])
    widths = [b["width"] for b in chart["bars"]]
    assert widths[0] > widths[1] > widths[2] == 0 and widths[0] <= chart["width"]
    assert chart["height"] == 3 * 44 and [b["shown"] for b in chart["bars"]] == ["10", "5", "<5"]
    assert bars([])["bars"] == []


def test_trend_columns_mark_withheld_months():
    months = [
        {"label": "Nov 26", "received": count(12), "resolved": count(-1)},
        {"label": "Des 26", "received": count(6), "resolved": count(5)},
    ]
    chart = trend(months)
    first = chart["columns"][0]["bars"]
    assert first[0]["height"] > 0 and not first[0]["withheld"] and first[1]["withheld"]
    assert chart["columns"][0]["x"] < chart["columns"][1]["x"]
