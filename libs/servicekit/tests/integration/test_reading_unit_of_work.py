"""uow.reading(): a read-only unit of work on a plain Connection, not an ORM Session (issue 20).

On both engines it must read every commit made before it (a citizen reads their own write at once),
never what is not committed, never write, and give its connection back to the pool."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from servicekit import db
from servicekit.uow import SqlAlchemyUnitOfWork


class ThingsUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, sessions, things):
        super().__init__(sessions, source="/test")
        self.things = things

    def names(self) -> list[str]:
        query = sa.select(self.things.c.name).order_by(self.things.c.id)
        return list(self.session.execute(query).scalars())


@pytest.fixture
def world(database_url):
    metadata = db.new_metadata()
    things = sa.Table(
        "reading_things", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String)
    )
    engine = db.make_engine(database_url)
    metadata.create_all(engine)
    sessions = db.session_factory(engine)
    yield engine, lambda: ThingsUnitOfWork(sessions, things), things
    engine.dispose()


def _add(uow_factory, things, name: str) -> None:
    with uow_factory() as uow:
        uow.session.execute(things.insert().values(name=name))
        uow.commit()


def test_a_reader_is_a_plain_connection_that_reads_a_commit_at_once(world):
    _engine, uow_factory, things = world
    _add(uow_factory, things, "first")
    with uow_factory().reading() as uow:
        assert isinstance(uow.session, sa.Connection)
        assert uow.names() == ["first"]
    _add(uow_factory, things, "second")  # the citizen's own write...
    with uow_factory().reading() as uow:  # ...is read by the very next reader
        assert uow.names() == ["first", "second"]


def test_a_reader_never_sees_an_uncommitted_write(world):
    _engine, uow_factory, things = world
    _add(uow_factory, things, "committed")
    writing, read_done = threading.Event(), threading.Event()

    def writer():
        with uow_factory() as uow:
            uow.session.execute(things.insert().values(name="in flight"))
            writing.set()
            read_done.wait(20)
            uow.commit()

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(20)
    with uow_factory().reading() as uow:
        seen = uow.names()
    read_done.set()
    thread.join(30)
    assert seen == ["committed"]
    with uow_factory().reading() as uow:
        assert uow.names() == ["committed", "in flight"]


def test_a_reader_cannot_commit_leaves_nothing_behind_and_gives_its_connection_back(world):
    engine, uow_factory, things = world
    uow = uow_factory()
    with pytest.raises(RuntimeError, match="reading"), uow.reading():
        uow.session.execute(things.insert().values(name="never"))
        uow.commit()
    assert uow.session.closed
    with uow:  # the same object writes again afterwards, in an ordinary session
        assert isinstance(uow.session, sa.orm.Session)
        assert uow.names() == []  # the refused reader's insert was rolled back
    checked_out = engine.pool.checkedout()
    for _ in range(60):  # more readers than the pool holds: each gave its connection back
        with uow_factory().reading() as reader:
            reader.names()
    assert engine.pool.checkedout() == checked_out
