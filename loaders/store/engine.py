"""Opening the store: the URL, the engine, the schema migrated, the demo seeded into an empty store.

SQLite by default (a file under ./data/), PostgreSQL through the same URL setting. The SQL
stays portable: no dialect-specific types, upserts done as "insert what is not there yet"
against unique row keys, every write inside one transaction.
"""

from __future__ import annotations

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

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def database_url() -> str:
    url = settings.DATABASE_URL.read()
    if url:
        return url
    path = settings.ROOT / "data" / "livcr.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def create_engine(url: str | None = None) -> sa.Engine:
    engine = sa.create_engine(url or database_url(), future=True)
    if engine.dialect.name == "sqlite":
        # SQLite leaves foreign keys off unless asked, per connection.
        @sa.event.listens_for(engine, "connect")
        def _enable_foreign_keys(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
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


def open_store(url: str | None = None, seed_demo: bool = True) -> sa.Engine:
    """An engine on an up-to-date schema; an empty store gets the demo dataset (labelled as such)."""
    engine = create_engine(url)
    upgrade_store(engine)
    if seed_demo and reading.is_empty(engine):
        with engine.begin() as connection:
            writing.write_registry(connection, registry.load_registry(registry.DEMO_DIR), DEMO_ORIGIN)
    return engine
