"""GET /v1/me's read (issue 20): a read-only unit of work on a plain connection, not an ORM session.

It must still read every commit made before it (a citizen reads their own change at once), never
what is not committed, never wait for a writer, and never write."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from gorontalo_identity.adapters.tables import accounts
from gorontalo_identity.service_layer import services


def _rename(ident, account_id: str, full_name: str) -> None:
    with ident.uow() as uow:
        uow.session.execute(accounts.update().where(accounts.c.id == account_id).values(full_name=full_name))
        uow.commit()


def test_a_profile_read_gives_every_field_as_the_writer_stored_it(ident):
    siti = ident.signup()
    read = services.get_account(ident.uow().reading(), siti.id)
    with ident.uow() as uow:  # the ordinary (writing) unit of work's view of the same row
        written = uow.accounts.get(siti.id)
    assert read == written
    assert (read.nik, read.phone, read.acr) == (ident.SITI_NIK, "+6281234567890", 1)


def test_a_change_is_read_at_once_and_an_uncommitted_one_never(ident):
    siti = ident.signup()
    _rename(ident, siti.id, "Siti Rahma Katili")
    assert services.get_account(ident.uow().reading(), siti.id).full_name == "Siti Rahma Katili"

    writing, read_done, order = threading.Event(), threading.Event(), []

    def writer():
        with ident.uow() as uow:
            uow.session.execute(accounts.update().where(accounts.c.id == siti.id).values(full_name="In Flight"))
            writing.set()
            read_done.wait(20)  # holds the writer's lock (SQLite) while the profile is read
            order.append("writer commits")
            uow.commit()

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(20)
    seen = services.get_account(ident.uow().reading(), siti.id).full_name
    order.append("read")
    read_done.set()
    thread.join(30)
    assert order == ["read", "writer commits"]  # the reader did not queue behind the writer
    assert seen == "Siti Rahma Katili"
    assert services.get_account(ident.uow().reading(), siti.id).full_name == "In Flight"


def test_a_reading_unit_of_work_cannot_write_and_gives_its_connection_back(ident):
    siti = ident.signup()
    uow = ident.uow()
    with pytest.raises(RuntimeError, match="reading"), uow.reading():
        uow.commit()
    with uow.reading():
        assert uow.accounts.get(siti.id).id == siti.id
        assert isinstance(uow.session, sa.Connection)
    assert uow.session.closed
    with uow:  # the same object writes again afterwards, in an ordinary session
        assert isinstance(uow.session, sa.orm.Session)
    for _ in range(40):  # more reads than the pool holds: each gave its connection back
        services.get_account(ident.uow().reading(), siti.id)
