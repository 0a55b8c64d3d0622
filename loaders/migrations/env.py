"""Alembic environment: the engine comes from the caller (loaders.store.upgrade_store).

Offline mode (`sql=True`) renders the migrations for a dialect named by the caller, which
is how the PostgreSQL DDL is checked without a server.
"""

from alembic import context

from loaders.store.schema import metadata

if context.is_offline_mode():
    context.configure(
        dialect_name=context.config.attributes["dialect_name"],
        target_metadata=metadata,
        literal_binds=True,
        output_buffer=context.config.attributes["output"],
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
