"""Reads never take the SQLite writer's lock (issue 20); writes stay serialized; connections are kept."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from servicekit import db
from servicekit.uow import SqlAlchemyUnitOfWork


@pytest.fixture
def world(tmp_path):
    metadata = db.new_metadata()
    things = sa.Table("things", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String))
    engine = db.make_engine(f"sqlite:///{tmp_path / 'readers.db'}")
    metadata.create_all(engine)
    sessions = db.session_factory(engine)
    yield engine, sessions, things
    engine.dispose()


def names(uow, things) -> list[str]:
    return [row.name for row in uow.session.execute(sa.select(things.c.name).order_by(things.c.id))]


def test_a_reader_answers_while_a_writer_holds_its_transaction_and_sees_only_committed_rows(world):
    engine, sessions, things = world
    with SqlAlchemyUnitOfWork(sessions, source="t") as uow:
        uow.session.execute(things.insert().values(name="committed"))
        uow.commit()
    writing, reader_done, order = threading.Event(), threading.Event(), []

    def writer():
        with SqlAlchemyUnitOfWork(sessions, source="t") as uow:
            uow.session.execute(things.insert().values(name="in flight"))
            writing.set()
            reader_done.wait(20)  # still holding the write lock while the reader runs
            order.append("writer commits")
            uow.commit()

    thread = threading.Thread(target=writer)
    thread.start()
    assert writing.wait(20)
    with SqlAlchemyUnitOfWork(sessions, source="t").reading() as uow:
        seen = names(uow, things)
    order.append("reader done")
    reader_done.set()
    thread.join(30)
    # Had the reader queued for the writer's lock, it would have finished only after the commit.
    assert order == ["reader done", "writer commits"]
    assert seen == ["committed"]
    # Read your own write: a reader begun after the commit sees it.
    with SqlAlchemyUnitOfWork(sessions, source="t").reading() as uow:
        assert names(uow, things) == ["committed", "in flight"]


def test_a_reading_unit_of_work_cannot_commit_and_the_next_use_writes_again(world):
    _engine, sessions, things = world
    uow = SqlAlchemyUnitOfWork(sessions, source="t")
    with pytest.raises(RuntimeError, match="reading"):
        with uow.reading():
            uow.commit()
    with uow:  # the same object, no longer reading: an ordinary write
        uow.session.execute(things.insert().values(name="written"))
        uow.commit()
    with uow.reading():
        assert names(uow, things) == ["written"]


def test_writers_are_still_serialized_and_none_is_lost(world):
    _engine, sessions, things = world

    def write(n):
        for i in range(20):
            with SqlAlchemyUnitOfWork(sessions, source="t") as uow:
                uow.session.execute(things.insert().values(name=f"{n}-{i}"))
                uow.commit()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with SqlAlchemyUnitOfWork(sessions, source="t").reading() as uow:
        assert len(names(uow, things)) == 160


def test_busy_threads_reuse_pooled_connections_instead_of_opening_new_ones(world):
    engine, sessions, things = world
    opened = []
    sa.event.listen(engine, "connect", lambda *_: opened.append(1))
    start = threading.Barrier(16)

    def read():
        start.wait(20)
        for _ in range(25):
            with SqlAlchemyUnitOfWork(sessions, source="t").reading() as uow:
                names(uow, things)

    threads = [threading.Thread(target=read) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # At most one connection per thread: none opened (and its PRAGMAs run) again after being dropped.
    assert 0 < len(opened) <= 16


def test_a_connection_invalidated_mid_write_gives_the_writer_lock_back(world):
    _engine, sessions, things = world
    broken = SqlAlchemyUnitOfWork(sessions, source="t")
    with broken:
        broken.session.execute(things.insert().values(name="lost"))
        broken.session.connection().invalidate()  # as after a driver error: no ROLLBACK through the dialect
    # The next writer gets the lock (it would wait 30 s and raise TimeoutError had it leaked).
    with SqlAlchemyUnitOfWork(sessions, source="t") as uow:
        uow.session.execute(things.insert().values(name="next"))
        uow.commit()
    with SqlAlchemyUnitOfWork(sessions, source="t").reading() as uow:
        assert names(uow, things) == ["next"]
