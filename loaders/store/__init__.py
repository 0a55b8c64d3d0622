"""The registry's store: one package owns every SQL statement on it.

- `schema`: the tables, declared once (the migrations in loaders/migrations build them);
- `engine`: the URL, the engine, migrations, the demo seeded into an empty store, errors told apart;
- `reading`: every SELECT: the registry read back as frames, the cache version, exports, single records;
- `writing`: every INSERT, UPDATE and DELETE, each with its audit line;
- `editing`, `backup`, `export`: the rules of an edit, the backup file, the export files.

The names most callers need are here too, so `from loaders import store` and `store.open_store(...)`
read as before.
"""

from __future__ import annotations


from loaders.store.engine import (  # noqa: F401
    MIGRATIONS, classify_error, create_engine, database_url, head_revision, migration_sql, open_store,
    schema_revision, upgrade_store,
)
from loaders.store.reading import (  # noqa: F401
    EXPORT_COLUMNS, audit_entries, export_rows, holds_demo, is_empty, load_registry_frames, read_visit, version,
)
from loaders.store.schema import (  # noqa: F401
    DEMO_ORIGIN, TABLES_CHILD_FIRST, audit_log, cell_members, cells, imports, metadata, programmes,
    sign_in_throttle, status_events, visit_municipalities, visits,
)
from loaders.store.writing import (  # noqa: F401
    StoreThrottle, delete_demo, row_key, status_key, utc_now, visit_key, write_audit, write_registry,
)
