"""The registry's store: one package owns every SQL statement on it.

- `schema`: the tables, declared once (the migrations in loaders/migrations build them);
- `engine`: the URL, the engine, migrations, the demo seeded into an empty store, errors told apart;
- `reading`: every SELECT: the registry read back as frames, the cache version, exports, single records;
- `writing`: every INSERT, UPDATE and DELETE, each with its audit line;
- `editing`, `backup`, `export`: the rules of an edit, the backup file, the export files;
- `status`, `visits`, `municipality`, `figures`, `coverage`: the questions asked of the registry's frames,
  by subject, every one about visits through one `VisitFilter`.

The names most callers need are here too, so `from loaders import store` and `store.open_store(...)`
read as before.
"""

from __future__ import annotations


from loaders.store.engine import (  # noqa: F401
    MIGRATIONS, StoreRefused, classify_error, create_engine, database_url, head_revision, migration_sql, open_store,
    schema_revision, upgrade_store,
)
from loaders.store.reading import (  # noqa: F401
    EXPORT_COLUMNS, audit_entries, demo_summary, export_rows, holds_demo, import_history, is_empty, load_registry_frames,
    read_visit, saved_mappings, stored_row_keys, version,
)
from loaders.store import schema  # noqa: F401 - the tables: store.schema.visits, ...
from loaders.store.writing import (  # noqa: F401
    StoreThrottle, delete_demo, row_key, status_key, utc_now, visit_key, write_audit, write_registry,
)
from loaders.store.coverage import coverage_days, coverage_places, coverage_series  # noqa: F401
from loaders.store.figures import KeyFigures, compute_key_figures, figures_by_region  # noqa: F401, E402
from loaders.store.municipality import (  # noqa: F401, E402
    MunicipalitySummary, formed_from, programmes_of, summarise_municipality,
)
from loaders.store.status import cell_members_on, status_history, status_on, status_on_vintage  # noqa: F401, E402
from loaders.store.visits import (  # noqa: F401, E402
    VisitFilter, classify_recency, count_visits, plan_visits, visits_by_municipality, visits_per_quarter, visits_to,
)
