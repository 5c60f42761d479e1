"""Alembic's environment: migrations run on the connection the library hands in
(library.database.upgrade), never on a URL read from a file."""

from alembic import context

from library.models import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
