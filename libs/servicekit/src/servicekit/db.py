"""Database engine, sessions and Alembic migrations, for SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import logging
import pathlib
import threading

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event, orm

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(sa.types.TypeDecorator):
    """A point in time, stored as UTC and always read back timezone-aware.

    SQLite has no timestamp type: SQLAlchemy writes the wall-clock digits and drops the offset, so
    22:50+07:00 came back as 22:50Z. Converting to UTC before writing makes both engines agree, and
    a naive value is refused instead of being guessed at.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"UtcDateTime takes a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("UtcDateTime refuses a naive datetime: give it a timezone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            # Written by process_bind_param, so the digits are UTC.
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def region_within(column, jurisdiction) -> sa.ColumnElement[bool]:
    """Rows whose region code (Kemendagri, dotted) lies inside any region of `jurisdiction`.

    The SQL twin of servicekit.regions.within, written once for every repository that filters by an
    officer's jurisdiction. Codes are normalised first, so only digits and dots reach the LIKE.
    An empty jurisdiction matches nothing.
    """
    from . import regions

    conditions = []
    for scope in jurisdiction or ():
        code = regions.normalise(scope)
        if code:
            conditions += [column == code, column.like(code + ".%")]
    return sa.or_(*conditions) if conditions else sa.false()


def new_metadata() -> sa.MetaData:
    return sa.MetaData(naming_convention=NAMING_CONVENTION)


# Execution option of a connection whose transaction only reads (SqlAlchemyUnitOfWork.reading()).
READ_ONLY = "gorontalo_read_only"
# SQLite connections a process keeps open: about its gRPC worker threads (16) plus the consumers' and
# the relay's. Connections beyond the pool were opened and thrown away per call, each running its
# PRAGMAs again (issue 20's profile); kept, they cost a few hundred KB each.
SQLITE_POOL_SIZE = 24


def make_engine(url: str) -> sa.Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
        on_file = "///" in url and path not in ("", ":memory:")  # in-memory databases keep their own pool
        pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_SIZE} if on_file else {}
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # WAL lets the outbox relay read while request threads write.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        # One writer at a time: threads of this process queue on a lock (fair, no sleeping),
        # and BEGIN IMMEDIATE makes other processes wait on SQLite's own lock.
        write_lock = threading.Lock()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            if conn.get_execution_options().get(READ_ONLY):
                # A reader: a deferred transaction reads one WAL snapshot (every commit before it,
                # so a citizen reads their own write) and never waits for the writer. Sent on the driver's
                # connection itself: through exec_driver_sql it was a whole statement execution of
                # SQLAlchemy's (~8 % of a profile read's CPU, issue 20), and this one can neither fail
                # (it takes no lock) nor return rows.
                conn.connection.driver_connection.execute("BEGIN DEFERRED")
                return
            # Bounded like SQLite's own busy timeout: a nested transaction in one thread fails, not hangs.
            if not write_lock.acquire(timeout=30):
                raise TimeoutError("SQLite write lock not acquired within 30 s")
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                write_lock.release()
                raise
            conn.info["holds_write_lock"] = True

        # The lock is given back once COMMIT or ROLLBACK has run, not before: SQLAlchemy's commit and
        # rollback events fire ahead of them, and a writer let in then met SQLite's own lock, whose
        # busy handler sleeps in steps of milliseconds (issue 20: writes queued in those sleeps).
        dialect = engine.dialect
        plain_commit, plain_rollback = dialect.do_commit, dialect.do_rollback

        def _release_after(end):
            def ended(dbapi_connection):
                try:
                    end(dbapi_connection)
                finally:
                    if not _still_in_transaction(dbapi_connection) and _info(dbapi_connection).pop(
                        "holds_write_lock", False
                    ):
                        write_lock.release()

            return ended

        dialect.do_commit = _release_after(plain_commit)
        dialect.do_rollback = _release_after(plain_rollback)

        # A connection thrown away mid-transaction (an error invalidated it) is never rolled back
        # through the dialect: its lock goes with it.
        @event.listens_for(engine, "invalidate")
        @event.listens_for(engine, "close")
        def _sqlite_discarded(_dbapi_connection, record, *_exception):
            if record is not None and record.info.pop("holds_write_lock", False):
                write_lock.release()

        # pysqlite's own transaction handling must step aside for the explicit BEGIN.
        @event.listens_for(engine, "connect")
        def _sqlite_no_autobegin(dbapi_connection, _record):
            dbapi_connection.isolation_level = None

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _info(connection) -> dict:
    """The pool entry's info dict of a pooled connection; {} for one outside the pool."""
    try:
        return connection.info
    except (AttributeError, NotImplementedError):
        return {}


def _still_in_transaction(dbapi_connection) -> bool:
    """A failed COMMIT leaves the transaction open (SQLAlchemy rolls it back next): keep the lock."""
    try:
        return bool(dbapi_connection.in_transaction)
    except Exception:  # noqa: BLE001 - a connection already closed holds no transaction
        return False


def session_factory(engine: sa.Engine) -> orm.sessionmaker:
    return orm.sessionmaker(bind=engine, expire_on_commit=False)


def migrate(engine: sa.Engine, script_location: str) -> None:
    """Bring the database to the newest revision; safe to run at every start and from several
    replicas at once: on PostgreSQL a transaction-scoped advisory lock (one per migrations folder)
    makes a second runner wait, then find the schema at head and do nothing."""
    config = _alembic_config(script_location)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": _lock_key(script_location)}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("database migrated", extra={"path": script_location})


class SchemaNotCurrent(RuntimeError):
    """The database is behind (or ahead of) this release and the process was told not to migrate it."""


def migrate_on_start() -> bool:
    """MIGRATE_ON_START (default true): `serve` brings the schema to head itself, which suits one process
    (`make run`). Deployments with replicas set it to false and run `<service> migrate` once (a
    Kubernetes Job) before the new release's pods start; `serve` then only checks the schema."""
    from .config import env

    return (env("MIGRATE_ON_START", "true") or "true").strip().lower() not in ("0", "false", "no", "off")


def migrate_at_start(engine: sa.Engine, script_location: str) -> None:
    """What `serve` does with the schema: migrate it, or (MIGRATE_ON_START=false) refuse to start on a
    schema that is not this release's, naming the command that fixes it."""
    if migrate_on_start():
        migrate(engine, script_location)
        return
    current, head = schema_revisions(engine, script_location)
    if current != head:
        raise SchemaNotCurrent(
            f"database schema is at {current or 'nothing'}, this release needs {head}: run the service's "
            "`migrate` command first (MIGRATE_ON_START=false)"
        )
    log.info("database schema is current", extra={"revision": head})


def schema_revisions(engine: sa.Engine, script_location: str) -> tuple[str | None, str | None]:
    """(the database's revision, the newest revision shipped with this release)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(script_location)).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def _alembic_config(script_location: str) -> Config:
    config = Config()
    config.set_main_option("script_location", script_location)
    return config


def _lock_key(script_location: str) -> str:
    # The folder's last two parts (e.g. gorontalo_tax/migrations): the same for every replica of one
    # service wherever it is installed, different between services sharing a server.
    return "migrate:" + "/".join(pathlib.PurePath(script_location).parts[-2:])


def run_migrate_command(database_url: str, script_location: str) -> int:
    """`<service> migrate`: the one step that changes the schema when replicas do not (a Kubernetes Job)."""
    engine = make_engine(database_url)
    try:
        migrate(engine, script_location)
        current, _head = schema_revisions(engine, script_location)
    finally:
        engine.dispose()
    print(f"schema at {current}")
    return 0
