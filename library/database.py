"""Where the library lives and how it is opened and brought up to date.

``DATABASE_URL`` (postgresql+psycopg://…) selects PostgreSQL; without it the
library is one SQLite file, ``LIBRARY_PATH`` (default instance/library.sqlite3),
in WAL mode so readers never wait for a writer. Every failure becomes a
LibraryError whose one-line message says what is wrong and what to do, with any
password in a URL hidden.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from serving.urls import redacted, scrubbed

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "instance" / "library.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 10_000  # a writer holds the file this long at most
CONNECT_SECONDS = 5
# A PostgreSQL statement waits this long at most for a lock another process
# holds (the upgrade lock of a start that hangs, a row being saved), then fails
# with one line instead of waiting for ever.
LOCK_TIMEOUT_MS = 60_000
# Whoever brings a PostgreSQL library up to date holds this lock (any number).
UPGRADE_LOCK = 74_201_126


class LibraryError(Exception):
    """The library cannot be opened, read or written; the message says why."""


def database_url(environ: dict[str, str] | None = None) -> str:
    """DATABASE_URL, else the SQLite file LIBRARY_PATH (or the default)."""
    environ = os.environ if environ is None else environ
    if url := environ.get("DATABASE_URL", "").strip():
        return url
    path = Path(environ.get("LIBRARY_PATH", "").strip() or DEFAULT_PATH)
    # Built, not pasted: a "?", "%" or "#" in the path is part of the file's
    # name, not a query string or an escape.
    return URL.create("sqlite", database=str(path.resolve())).render_as_string(
        hide_password=False
    )


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def _postgresql_settings(connection, _record) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {int(LOCK_TIMEOUT_MS)}")
    connection.commit()


def open_engine(url: str | None = None) -> Engine:
    """An engine on the library (not yet connected); LibraryError when ``url``
    is not one the library can use."""
    url = url or database_url()
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # Not shown: a URL that cannot be taken apart may hold its password
        # anywhere.
        raise LibraryError(
            "DATABASE_URL is not a database URL SQLAlchemy can read (its text is "
            "not shown, it may hold a password): use "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/NAME, or unset it to "
            "keep the library in a SQLite file"
        ) from None
    if parsed.drivername == "postgres":  # what many hosting services hand out
        parsed = parsed.set(drivername="postgresql")
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise LibraryError("the SQLite library needs a file path, not memory")
        if Path(parsed.database).is_dir():
            raise LibraryError(
                f"the SQLite library {parsed.database} is a folder: set LIBRARY_PATH "
                "to a file in it, such as library.sqlite3"
            )
        folder = Path(parsed.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(
                f"cannot create the library's folder {folder} ({error.strerror}): "
                "set LIBRARY_PATH to a writable place"
            ) from None
        path = Path(parsed.database)
        if not path.exists():  # a new library: the one moment its file is made
            try:
                # Readable by its owner only: it holds the editors' password
                # hashes.
                path.touch(mode=0o600)
                sqlite3.connect(path).close()
            except (sqlite3.Error, OSError) as error:
                raise LibraryError(
                    f"cannot create the SQLite library {path} ({error}): set "
                    "LIBRARY_PATH to a writable place"
                ) from None
        location = "file:" + quote(str(path.resolve())) + "?mode=rw"

        def connect() -> sqlite3.Connection:
            # Read-write, never create: a library removed while the dashboard
            # runs is an error to report, not a new empty library in its place.
            return sqlite3.connect(
                location,
                uri=True,
                timeout=SQLITE_BUSY_MS / 1000,
                check_same_thread=False,
            )

        # A connection per use (cheap for a file): a library file replaced while
        # the dashboard runs (a backup put back) is read at the next request.
        engine = create_engine(parsed, creator=connect, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend != "postgresql":
        raise LibraryError(
            f"DATABASE_URL {redacted(url)!r} names a {backend} database: the library "
            "runs on PostgreSQL (postgresql+psycopg://…) or SQLite (unset it)"
        )
    if parsed.drivername == "postgresql":  # psycopg 3 is the driver installed
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_driver_name() != "psycopg":
        raise LibraryError(
            f"DATABASE_URL {redacted(url)!r} names the driver "
            f"{parsed.get_driver_name()!r}, which the dashboard does not install: "
            "use postgresql+psycopg://USER:PASSWORD@HOST:PORT/NAME"
        )
    engine = create_engine(
        parsed,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_SECONDS},
    )
    # Set once per connection, not as a startup "options" parameter: that would
    # replace any options the URL gives, and PgBouncer refuses it.
    event.listen(engine, "connect", _postgresql_settings)
    return engine


def describe(engine: Engine) -> str:
    """The library's place, as a message may show it."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return f"the SQLite library {url.database}"
    return f"the PostgreSQL library {redacted(url.render_as_string(False))}"


def failure(engine: Engine, error: Exception, doing: str) -> LibraryError:
    """``error`` as a one-line LibraryError, the URL's password hidden."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = reason[0] if reason else type(error).__name__
    first = scrubbed(first, engine.url.render_as_string(False))
    if "locked" in first or "lock timeout" in first:
        advice = "another process is writing to it; try again when it is done"
    elif "not a database" in first or "malformed" in first:
        advice = (
            "the file is not a library or is damaged: restore it from a backup "
            "(export-data writes one), or set LIBRARY_PATH to a new file"
        )
    elif engine.url.get_backend_name() == "sqlite":
        advice = "check that the file's folder is writable and the disk not full"
    else:
        advice = (
            "check that PostgreSQL runs and DATABASE_URL names a database you may use"
        )
    return LibraryError(f"cannot {doing} {describe(engine)}: {first}; {advice}")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest migration: what an up-to-date library is at."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The migration the library is at (None: empty, never upgraded)."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:
        raise failure(engine, error, "open") from None


def upgrade(engine: Engine) -> bool:
    """Bring an empty or older library up to date; True when anything ran. On
    PostgreSQL one process at a time does it (an advisory lock), so workers that
    start together never race."""
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK}
                )
            before = MigrationContext.configure(connection).get_current_revision()
            if before == head():
                return False
            scripts = ScriptDirectory.from_config(_config())
            if before is not None and not _known(scripts, before):
                raise LibraryError(
                    f"{describe(engine)} is at migration {before!r}, which this "
                    f"dashboard does not know (it knows up to {head()!r}): it was "
                    "made by a newer dashboard; run that one, or set LIBRARY_PATH "
                    "or DATABASE_URL to another library"
                )
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            return True
    except SQLAlchemyError as error:
        raise failure(engine, error, "bring up to date") from None
    except CommandError as error:
        reason = " ".join(str(error).split())
        raise LibraryError(
            f"cannot bring {describe(engine)} up to date: {reason}; run "
            "`python dashboard.py db upgrade` to see whether it persists"
        ) from None


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except CommandError:
        return False
