"""The library of reports, on SQLite and on a real PostgreSQL: brought up to date,
the bundled report imported once, every version kept, written back to files."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from data import DataError, load_dataset
from data.loader import DATA_DIR
from data.vocabulary import VOCABULARY
from library import Library, LibraryError, open_engine, upgrade
from library import models as m
from library.bundled import bundled_slug, ensure_bundled
from library.database import head
from library.files import read_folder, write_folder

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_FILES = (
    "facts.csv",
    "items.csv",
    "outline.csv",
    "pages.csv",
    "source/report.txt",
    "report.json",
)
HANG_GUARD = 120


@pytest.fixture
def library(library_url) -> Library:
    opened = Library.open(library_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def bundled_copy(tmp_path) -> Path:
    """The bundled report's files, safe to change."""
    folder = tmp_path / "bundled"
    for name in BUNDLED_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA_DIR / name, folder / name)
    return folder


def count(library: Library, table) -> int:
    with library.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_an_empty_library_is_brought_up_to_date_once(library_url):
    engine = open_engine(library_url)
    assert upgrade(engine) is True
    assert upgrade(engine) is False  # at head: nothing runs
    names = set(inspect(engine).get_table_names())
    assert {"reports", "versions", "facts", "items", "outline", "units"} <= names
    with engine.connect() as connection:
        at = connection.execute(text("SELECT version_num FROM alembic_version"))
        assert at.scalar_one() == head()
        # The migrations make exactly the tables the code declares.
        migrated = MigrationContext.configure(connection)
        assert compare_metadata(migrated, m.metadata) == []
    engine.dispose()


def test_the_vocabularies_are_tables_seeded_from_the_files(library):
    assert count(library, m.units) == len(VOCABULARY.units)
    assert count(library, m.themes) == len(VOCABULARY.themes)
    with library.engine.connect() as connection:
        row = connection.execute(
            select(m.units).where(m.units.c.unit == "yuan_100m")
        ).one()
    assert (row.name_zh, row.base, row.scale) == ("亿元", "yuan", 1e8)


def test_the_bundled_report_is_imported_once_and_reads_back_equal(library):
    assert ensure_bundled(library) is None
    assert ensure_bundled(library) is None  # the same files again: nothing changes
    assert len(library.history(bundled_slug())) == 1
    loaded = library.load(bundled_slug())
    bundled = load_dataset()
    assert loaded.version == 1
    assert loaded.dataset.report == bundled.report
    for name in ("facts", "items", "outline"):
        pd.testing.assert_frame_equal(
            getattr(loaded.dataset, name), getattr(bundled, name)
        )
    listing = library.reports().set_index("slug").loc[bundled_slug()]
    assert listing["facts"] == len(bundled.facts)
    assert listing["reviewed"] == len(bundled.facts)  # curated: all reviewed
    assert listing["organisation"] == "天河区政协机关"


def test_a_changed_bundled_file_is_reported_and_never_merged(library, bundled_copy):
    ensure_bundled(library, bundled_copy)
    path = bundled_copy / "facts.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    original = rows[0]["label_en"]
    rows[0]["label_en"] = "Changed after import"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    warning = ensure_bundled(library, bundled_copy)
    assert "facts.csv" in warning and "items.csv" not in warning
    assert "import-data" in warning and "--replace" in warning
    loaded = library.load(bundled_slug())
    assert loaded.version == 1
    assert loaded.dataset.facts.iloc[0]["label_en"] == original


def test_export_data_and_import_data_round_trip(library, tmp_path):
    ensure_bundled(library)
    loaded = library.load(bundled_slug())
    out = tmp_path / "out"
    written = write_folder(loaded, out)
    assert sorted(p.name for p in written) == sorted(
        ["report.txt", "facts.csv", "items.csv", "outline.csv", "pages.csv"]
        + ["report.json"]
    )
    assert (out / "report.txt").read_text(encoding="utf-8") == loaded.dataset.report
    with open(out / "facts.csv", encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    with open(DATA_DIR / "facts.csv", encoding="utf-8") as handle:
        today = handle.readline().strip().split(",")
    assert header == [*today, "status", "measure"]  # today's columns, then the new
    assert not list(out.glob(".*"))  # no temporary file left behind
    meta, dataset, _ = read_folder(out, slug="copy")
    assert dataset.fingerprint() == loaded.dataset.fingerprint()
    library.save(meta, dataset, source_name="out/", source_sha256="", note="round trip")
    again = library.load("copy")
    assert again.dataset.fingerprint() == loaded.dataset.fingerprint()
    assert again.dataset.pages.equals(loaded.dataset.pages)  # the pages it describes
    assert len(again.dataset.pages) == 8
    assert again.meta.title_zh == loaded.meta.title_zh


def test_an_existing_slug_needs_replace_which_keeps_the_earlier_version(library):
    ensure_bundled(library)
    loaded = library.load(bundled_slug())
    args = {"source_name": "x", "source_sha256": "", "note": "again"}
    with pytest.raises(LibraryError, match="already has a report .*--replace"):
        library.save(loaded.meta, loaded.dataset, **args)
    assert library.version_of(bundled_slug()) == 1
    changed = loaded.dataset.facts.copy()
    changed.loc[0, "label_en"] = "A corrected label"
    dataset = replace(loaded.dataset, facts=changed)
    assert library.save(loaded.meta, dataset, replace=True, **args) == 2
    history = library.history(bundled_slug())
    assert history["number"].tolist() == [1, 2]
    assert count(library, m.versions) == 2  # version 1's rows are kept
    assert library.load(bundled_slug()).dataset.facts.loc[0, "label_en"] == (
        "A corrected label"
    )


def test_a_report_that_breaks_a_rule_is_refused_and_nothing_is_written(library):
    ensure_bundled(library)
    loaded = library.load(bundled_slug())
    broken = loaded.dataset.facts.copy()
    broken.loc[0, "excerpt"] = "不在报告里的话"
    meta = replace(loaded.meta, slug="broken")
    before = (count(library, m.versions), count(library, m.facts))
    with pytest.raises(DataError, match="excerpt"):
        library.save(
            meta,
            replace(loaded.dataset, facts=broken),
            source_name="x",
            source_sha256="",
            note="broken",
        )
    assert (count(library, m.versions), count(library, m.facts)) == before
    assert library.version_of("broken") is None


def test_a_worker_reloads_a_report_only_when_its_version_changes(library_url):
    first, second = Library.open(library_url), Library.open(library_url)
    ensure_bundled(first)
    held = second.load(bundled_slug())
    assert second.load(bundled_slug()) is held  # unchanged: served from memory
    changed = held.dataset.facts.copy()
    changed.loc[1, "label_en"] = "Saved by another worker"
    first.save(
        held.meta,
        replace(held.dataset, facts=changed),
        source_name="x",
        source_sha256="",
        note="edit",
        replace=True,
    )
    fresh = second.load(bundled_slug())
    assert fresh is not held and fresh.version == 2
    assert fresh.dataset.facts.loc[1, "label_en"] == "Saved by another worker"
    first.engine.dispose()
    second.engine.dispose()


def test_an_unknown_report_is_named(library):
    with pytest.raises(LibraryError, match="no report 'nothing_here'"):
        library.load("nothing_here")


def test_a_new_sqlite_library_is_readable_by_its_owner_only(tmp_path):
    """It holds the editors' password hashes."""
    path = tmp_path / "library.sqlite3"
    Library.open(f"sqlite:///{path}").engine.dispose()
    assert path.stat().st_mode & 0o777 == 0o600


def test_sqlite_library_runs_in_wal_mode(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://user:hunter2@db.example/lib", "runs on PostgreSQL"),
        ("not a url at all", "is not a database URL"),
        ("postgresql+psycopg://user:hunter2@127.0.0.1:1/lib", "Connection refused"),
    ],
)
def test_a_bad_database_url_gets_one_line_without_its_password(url, expected):
    with pytest.raises(LibraryError) as raised:
        library = Library.open(url)
        library.version_of("x")
    message = str(raised.value)
    assert expected in message
    assert "hunter2" not in message and "\n" not in message


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "dashboard.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )


def test_the_library_commands(tmp_path, library_url):
    env = {"DATABASE_URL": library_url}
    done = cli("db", "upgrade", env=env)
    assert done.returncode == 0 and "brought up to date" in done.stdout, done.stderr
    done = cli("library", env=env)
    assert done.returncode == 0, done.stderr
    assert bundled_slug() in done.stdout and "55 facts, 55 reviewed" in done.stdout
    out = tmp_path / "exported"
    done = cli("export-data", bundled_slug(), "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert load_dataset(out).fingerprint() == load_dataset().fingerprint()
    done = cli("import-data", str(out), env=env)
    assert done.returncode == 2 and "--replace" in done.stderr
    assert "Traceback" not in done.stderr
    done = cli("import-data", str(out), "--slug", "copy", env=env)
    assert done.returncode == 0 and "'copy', version 1" in done.stdout, done.stderr
    done = cli("export-data", "missing", "--out", str(tmp_path / "x"), env=env)
    assert done.returncode == 2 and "no report 'missing'" in done.stderr
    assert not (tmp_path / "x").exists()


def test_the_app_opens_the_bundled_report_from_the_library(tmp_path, monkeypatch):
    monkeypatch.setenv("LIBRARY_PATH", str(tmp_path / "new" / "library.sqlite3"))
    from dashboard import create_app

    create_app()
    assert (tmp_path / "new" / "library.sqlite3").exists()
    library = Library.open()
    assert library.version_of(bundled_slug()) == 1
    library.engine.dispose()


def test_a_worker_loads_every_report_at_once_as_one_by_one(library):
    ensure_bundled(library)
    loaded = library.load(bundled_slug())
    for slug in ("second", "third"):
        library.save(
            replace(loaded.meta, slug=slug),
            loaded.dataset,
            source_name="x",
            source_sha256="",
            note="copy",
        )
    everything = Library(library.engine).load_all()
    assert sorted(everything) == sorted([bundled_slug(), "second", "third"])
    for held in everything.values():
        assert held.dataset.fingerprint() == loaded.dataset.fingerprint()
        pd.testing.assert_frame_equal(held.dataset.facts, loaded.dataset.facts)


def test_a_broken_report_among_many_is_named_by_its_own_rule(library):
    ensure_bundled(library)
    loaded = library.load(bundled_slug())
    library.save(
        replace(loaded.meta, slug="second"),
        loaded.dataset,
        source_name="x",
        source_sha256="",
        note="copy",
    )
    # Broken behind the library's back (a hand edit of the database).
    with library.engine.begin() as connection:
        version = connection.execute(
            select(m.versions.c.id)
            .join(m.reports, m.reports.c.id == m.versions.c.report_id)
            .where(m.reports.c.slug == "second")
        ).scalar_one()
        connection.execute(
            m.facts.update()
            .where(m.facts.c.version_id == version, m.facts.c.position == 1)
            .values(unit="furlongs")
        )
    with pytest.raises(DataError) as raised:
        Library(library.engine).load_all()
    message = str(raised.value)
    assert "report 'second' (version 1)" in message
    assert "facts.csv, line 2" in message and "'unit'" in message


def test_processes_starting_together_import_the_bundled_report_once(library_url):
    """Workers (or servers) started at the same moment on a new library each find
    the bundled report missing; one imports it, the others go on without error."""
    opened = [Library.open(library_url) for _ in range(4)]
    errors = []

    def start(library: Library) -> None:
        try:
            ensure_bundled(library)
        except Exception as error:  # noqa: BLE001 (collected, then asserted)
            errors.append(error)

    threads = [threading.Thread(target=start, args=(lib,)) for lib in opened]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(HANG_GUARD)
    assert errors == []
    assert len(opened[0].history(bundled_slug())) == 1
    for library in opened:
        library.engine.dispose()


def test_a_library_made_before_pages_keeps_the_bundled_reports_pages(
    library_url, bundled_copy
):
    """A library whose bundled report was imported before reports described their
    pages is brought up to date with the bundled pages: no import, no warning."""
    from alembic import command

    from library.database import _config

    (bundled_copy / "pages.csv").unlink()  # the files as they were then
    engine = open_engine(library_url)
    with engine.begin() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    older = Library(engine)
    older.seed_vocabulary()
    assert ensure_bundled(older, bundled_copy) is None  # imported, without pages
    engine.dispose()
    opened = Library.open(library_url)  # brought up to date
    assert len(opened.load(bundled_slug()).dataset.pages) == 8
    assert ensure_bundled(opened, DATA_DIR) is None  # no file "changed"
    assert opened.load(bundled_slug()).version == 1  # and no new version
    opened.engine.dispose()
