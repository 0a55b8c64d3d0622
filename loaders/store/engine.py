"""Opening the store: the URL, the engine, the schema migrated, the demo seeded into an empty store.

SQLite by default (a file under ./data/), PostgreSQL through the same URL setting. The SQL
stays portable: no dialect-specific types, upserts done as "insert what is not there yet"
against unique row keys, every write inside one transaction.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from geo import settings
from loaders import registry
from loaders.store import reading, writing
from loaders.store.schema import DEMO_ORIGIN
from locales import Message

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def database_url() -> str:
    url = settings.DATABASE_URL.read()
    if url:
        return url
    path = settings.ROOT / "data" / "livcr.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


# Seconds a writer waits for another's transaction before "database is locked" (SQLite).
SQLITE_BUSY_TIMEOUT_S = 30


def create_engine(url: str | None = None) -> sa.Engine:
    """An engine that checks a pooled connection before using it, so a database restarted
    under a running dashboard costs a reconnect, not an error page."""
    url = url or database_url()
    if sa.engine.make_url(url).get_backend_name() != "sqlite":
        return sa.create_engine(url, future=True, pool_pre_ping=True)
    engine = sa.create_engine(url, future=True, pool_pre_ping=True, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # Foreign keys are off unless asked, per connection. WAL lets every reader go on
        # reading (the last committed state) while an import writes.
        cursor.execute("PRAGMA foreign_keys=ON")
        if sa.engine.make_url(url).database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def _alembic_config(engine: sa.Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade_store(engine: sa.Engine) -> None:
    """Bring the schema to the newest migration (creating it on an empty database)."""
    command.upgrade(_alembic_config(engine), "head")


def migration_sql(dialect_name: str) -> str:
    """The DDL of every migration as it would run on `dialect_name` (e.g. "postgresql"), no server needed."""
    import io

    output = io.StringIO()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["dialect_name"] = dialect_name
    config.attributes["output"] = output
    command.upgrade(config, "head", sql=True)
    return output.getvalue()


def schema_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config(sa.create_engine("sqlite://"))).get_current_head()


def classify_error(error: BaseException) -> str | None:
    """What a database error means for a visitor: 'busy', 'unreachable', 'damaged', or None
    when it is not a database error."""
    if isinstance(error, sa.exc.OperationalError):
        text = str(error.orig or error).lower()
        if "locked" in text or "busy" in text:
            return "busy"
        if "not a database" in text or "malformed" in text:
            return "damaged"
        return "unreachable"
    if isinstance(error, sa.exc.DatabaseError):
        return "damaged"
    if isinstance(error, sa.exc.DBAPIError) or isinstance(error, sa.exc.TimeoutError):
        return "unreachable"
    return None


class StoreRefused(RuntimeError):
    """The store exists but cannot be used as it is: nothing was changed. `problem` says what
    happened and how to restore a backup, in any language."""

    def __init__(self, problem: Message, backend: str):
        super().__init__(str(problem))
        self.problem = problem
        self.backend = backend  # "SQLite" or "PostgreSQL"

    @property
    def public_problem(self) -> Message:
        """The problem without the store's path or URL, for a page any visitor may see."""
        return Message(self.problem.key, **(self.problem.values | {"store": f"({self.backend})"}))


def open_store(url: str | None = None, seed_demo: bool = True) -> sa.Engine:
    """An engine on an up-to-date schema. A store this call creates receives the demo dataset
    (labelled as such); an existing store that is empty, unreadable or of a newer schema is
    refused (StoreRefused), never seeded again: what it held would vanish behind the demo.

    Any number of processes may open one store at once: the first migrates and seeds under a
    lock (PostgreSQL: an advisory lock; SQLite: a lock file beside the database), the others
    wait for it and find the store ready.
    """
    engine = create_engine(url)
    with _startup_lock(engine):
        new = _is_new(engine)
        try:
            revision = None if new else schema_revision(engine)
        except sa.exc.DatabaseError:
            raise StoreRefused(Message("store_damaged", store=_store_name(engine)), _backend(engine)) from None
        if revision is not None and revision not in _known_revisions():
            raise StoreRefused(Message("store_newer", store=_store_name(engine), revision=revision), _backend(engine))
        upgrade_store(engine)
        if new and seed_demo:
            with engine.begin() as connection:
                writing.write_registry(connection, registry.load_registry(registry.DEMO_DIR), DEMO_ORIGIN)
        elif seed_demo and reading.is_empty(engine):
            raise StoreRefused(Message("store_empty", store=_store_name(engine)), _backend(engine))
    return engine


def _backend(engine: sa.Engine) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(engine.dialect.name, engine.dialect.name)


def _store_name(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_alembic_config(engine=None)).walk_revisions()}


def _is_new(engine: sa.Engine) -> bool:
    """A store nothing was ever written to: no SQLite file yet (a 0-byte file is a damaged
    one, not a new one), or a PostgreSQL database without any table."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database in (None, "", ":memory:"):
            return True
        path = Path(database)
        if path.exists() and path.stat().st_size == 0:
            raise StoreRefused(Message("store_zero_bytes", store=str(path)), _backend(engine))
        return not path.exists()
    with engine.connect() as connection:
        return not sa.inspect(connection).get_table_names()


# Any 64-bit number the product owns: the key of PostgreSQL's advisory lock for start-up.
STARTUP_LOCK_KEY = 7_317_2018


@contextlib.contextmanager
def _startup_lock(engine: sa.Engine):
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": STARTUP_LOCK_KEY})
                connection.commit()
        return
    database = engine.url.database
    if database in (None, "", ":memory:"):
        yield
        return
    import fcntl

    if not Path(database).parent.is_dir():
        engine.connect().close()  # no folder: SQLite's own error ("unable to open"), nothing created
    with open(f"{database}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
