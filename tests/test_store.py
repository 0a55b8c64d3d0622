"""The store on a real SQLite file: migrations, the demo dataset, reading it back."""

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from loaders import registry, store


def test_migrations_build_exactly_the_declared_schema(engine):
    assert store.schema_revision(engine) == store.head_revision()
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), store.schema.metadata) == []


def test_migrations_render_for_postgresql():
    sql = store.migration_sql("postgresql")
    for table in store.schema.metadata.tables:
        assert f"CREATE TABLE {table} (" in sql
    assert "SERIAL NOT NULL" in sql and "TIMESTAMP WITH TIME ZONE" in sql


def test_an_empty_store_receives_the_demo_and_says_so(engine):
    demo = registry.load_registry(registry.DEMO_DIR)
    stored = store.load_registry_frames(engine)
    assert stored.is_demo
    day = dt.date(2026, 11, 1)
    pd.testing.assert_frame_equal(store.status_on(stored, day), store.status_on(demo, day))
    start, end = dt.date(2015, 1, 1), dt.date(2027, 1, 1)
    pd.testing.assert_frame_equal(
        store.visits_by_municipality(stored, store.VisitFilter(start, end)), store.visits_by_municipality(demo, store.VisitFilter(start, end))
    )
    assert (len(stored.cells), len(stored.members), len(stored.programmes)) == (
        len(demo.cells), len(demo.members), len(demo.programmes),
    )


def test_opening_again_does_not_seed_twice(store_url):
    first = store.version(store.open_store(store_url))
    assert store.version(store.open_store(store_url)) == first


def test_deleting_the_demo_leaves_an_empty_store(engine):
    with engine.begin() as connection:
        store.delete_demo(connection)
        assert not store.holds_demo(connection)
    assert store.is_empty(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(store.schema.cell_members)).scalar_one() == 0


def test_foreign_keys_are_enforced_on_sqlite(engine):
    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as connection:
            connection.execute(
                sa.insert(store.schema.cell_members).values(
                    cell_id="no-such-cell", municipality="11002", nis_2025="11002",
                    joined=dt.date(2020, 1, 1), origin="test",
                )
            )


def test_the_version_changes_with_every_kind_of_change(engine):
    from loaders.store import editing

    seeded = store.version(engine)
    editing.edit_visit(engine, "V0002", 1, {"internal_notes": "edited"}, "alice")
    edited = store.version(engine)
    with engine.begin() as connection:
        store.delete_demo(connection)
    assert len({seeded, edited, store.version(engine)}) == 3
