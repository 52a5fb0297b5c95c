"""Points in time keep their instant on SQLite and PostgreSQL alike (issue 11: +07:00 read back as Z)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from servicekit import db

OFFSETS = [7, 8, 9, 0, -12]  # WIB, WITA (Gorontalo), WIT, UTC and the calendar's far west


def _table():
    metadata = db.new_metadata()
    table = sa.Table(
        "moments",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", db.UtcDateTime(), nullable=True),
    )
    return metadata, table


@pytest.mark.parametrize("hours", OFFSETS)
def test_round_trip_keeps_the_instant(database_url, hours):
    engine = db.make_engine(database_url)
    metadata, table = _table()
    metadata.create_all(engine)
    written = dt.datetime(2026, 12, 6, 22, 50, tzinfo=dt.timezone(dt.timedelta(hours=hours)))
    with engine.begin() as connection:
        connection.execute(table.insert().values(id=1, at=written))
    with engine.connect() as connection:
        read = connection.execute(sa.select(table.c.at)).scalar_one()
    engine.dispose()
    assert read == written  # the same instant
    assert read.utcoffset() == dt.timedelta(0)  # and always read back in UTC
    assert read.tzinfo is not None


def test_comparisons_in_sql_use_the_instant(database_url):
    """An alert that expires at 22:50+07:00 (15:50Z) has expired at 16:00Z."""
    engine = db.make_engine(database_url)
    metadata, table = _table()
    metadata.create_all(engine)
    expires = dt.datetime(2026, 12, 6, 22, 50, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    now = dt.datetime(2026, 12, 6, 16, 0, tzinfo=dt.UTC)
    with engine.begin() as connection:
        connection.execute(table.insert().values(id=1, at=expires))
        still_active = connection.execute(sa.select(sa.func.count()).where(table.c.at > now)).scalar_one()
    engine.dispose()
    assert still_active == 0


def test_naive_values_are_refused(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'naive.db'}")
    metadata, table = _table()
    metadata.create_all(engine)
    with pytest.raises(sa.exc.StatementError, match="naive"):
        with engine.begin() as connection:
            connection.execute(table.insert().values(id=1, at=dt.datetime(2026, 1, 1)))
    engine.dispose()


def test_null_stays_null(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'null.db'}")
    metadata, table = _table()
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert().values(id=1, at=None))
        assert connection.execute(sa.select(table.c.at)).scalar_one() is None
    engine.dispose()


def test_region_within_matches_the_region_and_what_lies_inside_it(database_url):
    engine = db.make_engine(database_url)
    metadata = db.new_metadata()
    places = sa.Table("places", metadata, sa.Column("code", sa.String(20), primary_key=True))
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            places.insert(), [{"code": c} for c in ("75.71", "75.71.01.1001", "75.710", "75.72.01", "75.03.05")]
        )

        def inside(jurisdiction):
            return sorted(
                connection.execute(
                    sa.select(places.c.code).where(db.region_within(places.c.code, jurisdiction))
                ).scalars()
            )

        assert inside(["7571"]) == ["75.71", "75.71.01.1001"]  # not 75.710: a prefix is not a parent
        assert inside(["75.71", " 75.03 "]) == ["75.03.05", "75.71", "75.71.01.1001"]
        assert inside([]) == [] and inside(["75.71%"]) == [] and inside(["bukan kode"]) == []
    engine.dispose()
