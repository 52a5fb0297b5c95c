"""Revision 0002 on a database that already holds applications (SQLite and PostgreSQL)."""

import datetime as dt

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from gorontalo_permits.bootstrap import migrations_path
from servicekit import db


def _upgrade(engine, revision):
    config = Config()
    config.set_main_option("script_location", migrations_path())
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_existing_applications_get_their_due_date(database_url):
    engine = db.make_engine(database_url)
    try:
        _upgrade(engine, "0001")
        submitted = dt.datetime(2026, 8, 14, 2, 0, tzinfo=dt.UTC)  # Friday before 17 August
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO applications (id, applicant_id, kbli_code, business_name, business_address, "
                    "region_code, regency_code, latitude, longitude, investment_rupiah, workforce, risk_level, "
                    "fee_rupiah, sla_working_days, status, submitted_at, updated_at, version) VALUES ('a1', 'c', "
                    "'56101', 'Resto', 'Jl. A 1', '75.71.01.1001', '75.71', 0.5, 123.0, 0, 0, 'menengah_rendah', "
                    "150000, 5, 'submitted', :at, :at, 0)"
                ),
                {"at": submitted},
            )
        _upgrade(engine, "head")
        with engine.connect() as connection:
            row = connection.execute(
                sa.text("SELECT sla_due_date, nib, permit_number, sla_paused_days FROM applications")
            ).one()
        due = row.sla_due_date if isinstance(row.sla_due_date, dt.date) else dt.date.fromisoformat(row.sla_due_date)
        assert due == dt.date(2026, 8, 24)  # weekend and Hari Kemerdekaan skipped
        assert (row.nib, row.permit_number, row.sla_paused_days) == ("", "", 0)
    finally:
        engine.dispose()


def test_existing_applications_get_the_kbli_title_of_the_shipped_catalog(database_url):
    engine = db.make_engine(database_url)
    try:
        _upgrade(engine, "0005")
        at = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
        with engine.begin() as connection:
            for application_id, kbli_code in (("a1", "56101"), ("a2", "99999")):  # 99999: not in the catalog
                connection.execute(
                    sa.text(
                        "INSERT INTO applications (id, applicant_id, kbli_code, business_name, business_address, "
                        "region_code, regency_code, latitude, longitude, investment_rupiah, workforce, risk_level, "
                        "fee_rupiah, sla_working_days, status, submitted_at, updated_at, version) VALUES (:id, 'c', "
                        ":kbli, 'Resto', 'Jl. A 1', '75.71.01.1001', '75.71', 0.5, 123.0, 0, 0, 'menengah_rendah', "
                        "150000, 5, 'submitted', :at, :at, 0)"
                    ),
                    {"id": application_id, "kbli": kbli_code, "at": at},
                )
        _upgrade(engine, "head")
        with engine.connect() as connection:
            titles = dict(connection.execute(sa.text("SELECT id, kbli_title FROM applications ORDER BY id")).all())
        assert titles == {"a1": "Restoran", "a2": ""}
    finally:
        engine.dispose()
