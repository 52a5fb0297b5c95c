"""SiPakai's small cells: a count of 1 to 4, or a figure drawn from that few complaints, is withheld."""

from gorontalo_complaints.domain.stats import MIN_PUBLISHED, WITHHELD, StatsRow, published


def row(**overrides) -> StatsRow:
    fields = dict(
        key="dinas-pupr-7571",
        name="Dinas PUPR Kota Gorontalo",
        received=12,
        open=4,
        resolved=8,
        rejected=0,
        median_first_response_seconds=3600.0,
        median_resolution_seconds=7200.0,
        share_within_deadline=0.75,
        average_rating=4.25,
        ratings=4,
    )
    fields.update(overrides)
    return StatsRow(**fields)


def test_counts_from_one_to_four_are_withheld_zero_and_five_are_not():
    shown = published(row())
    assert (shown.received, shown.open, shown.resolved, shown.rejected) == (12, WITHHELD, 8, 0)
    assert published(row(open=MIN_PUBLISHED)).open == 5
    assert published(row(open=1)).open == WITHHELD


def test_figures_of_few_complaints_are_withheld_with_their_count():
    shown = published(row())
    # Four ratings: their average would tell a reporter's own rating apart.
    assert (shown.ratings, shown.average_rating) == (WITHHELD, WITHHELD)
    assert (shown.median_resolution_seconds, shown.share_within_deadline) == (7200.0, 0.75)
    few = published(row(received=3, open=1, resolved=2, ratings=0, average_rating=0.0))
    assert few.median_first_response_seconds == WITHHELD and few.share_within_deadline == WITHHELD
    assert few.median_resolution_seconds == WITHHELD and few.average_rating == 0.0
    assert few.key == "dinas-pupr-7571" and few.name == "Dinas PUPR Kota Gorontalo"


def test_an_empty_row_stays_zero():
    empty = published(
        row(
            received=0,
            open=0,
            resolved=0,
            ratings=0,
            median_first_response_seconds=0.0,
            median_resolution_seconds=0.0,
            share_within_deadline=0.0,
            average_rating=0.0,
        )
    )
    assert empty == row(
        received=0,
        open=0,
        resolved=0,
        ratings=0,
        median_first_response_seconds=0.0,
        median_resolution_seconds=0.0,
        share_within_deadline=0.0,
        average_rating=0.0,
    )
