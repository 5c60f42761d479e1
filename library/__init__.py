"""The library of reports: every report the dashboard knows, kept in a database.

SQLite by default (one file, nothing to install), PostgreSQL when DATABASE_URL is
set; the schema is kept by Alembic migrations. Each report keeps every version of
its text and tables; the dashboard reads the current one into validated DataFrames
(data.loader's rules) and reloads a report only when its version has changed.
"""

from library.database import LibraryError, database_url, open_engine, upgrade
from library.reports import Library, ReportMeta

__all__ = [
    "Library",
    "LibraryError",
    "ReportMeta",
    "database_url",
    "open_engine",
    "upgrade",
]
