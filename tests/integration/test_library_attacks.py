"""Hostile input for the library and its commands: URLs, library files, slugs,
titles, report.json, export folders and an interrupted save. Each gets one line
(exit status 2 on the command line), never a traceback or a hang, and leaves the
library as it was."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

import library.database
import library.files
import library.reports
from dashboard import main
from library import Library, LibraryError, ReportMeta, open_engine, upgrade
from library.files import read_folder, read_meta, write_folder

SAMPLES = Path(__file__).resolve().parents[1] / "unit" / "ingest_samples"
REPORT = SAMPLES / "cppcc_work_report.txt"
HANG_GUARD = 120  # seconds: a guard against a hang, not a timing


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run a command of the dashboard on a SQLite library of the test's own;
    returns (status, out, err)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LIBRARY_PATH", str(tmp_path / "lib" / "library.sqlite3"))

    def run(*args) -> tuple[int, str, str]:
        status = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def one_line(message: str) -> bool:
    return "\n" not in message.strip() and "Traceback" not in message


# -- where the library is -----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgres ql://user:hunter2@db.example/lib",  # not a URL: shown as is
        "postgresql://user:hunter2@db.example:port/lib",  # ValueError in SQLAlchemy
        "postgresql://user:hunter2@[::1/lib",
    ],
    ids=["space-in-scheme", "port-not-a-number", "broken-ipv6"],
)
def test_a_database_url_that_cannot_be_read_never_shows_its_password(url):
    with pytest.raises(LibraryError) as raised:
        open_engine(url)
    message = str(raised.value)
    assert "hunter2" not in message and one_line(message)
    assert "DATABASE_URL" in message


@pytest.mark.parametrize("driver", ["asyncpg", "psycopg2", "pg8000"])
def test_a_postgresql_driver_other_than_psycopg_is_named(driver):
    with pytest.raises(LibraryError) as raised:
        Library.open(f"postgresql+{driver}://user:hunter2@127.0.0.1:1/lib")
    message = str(raised.value)
    assert driver in message and "postgresql+psycopg://" in message
    assert "hunter2" not in message and one_line(message)


def test_a_postgres_scheme_is_taken_as_postgresql():
    # postgres:// is what many hosting services hand out.
    with pytest.raises(LibraryError) as raised:
        Library.open("postgres://user:hunter2@127.0.0.1:1/lib")
    assert "Connection refused" in str(raised.value)


@pytest.mark.parametrize(
    "name", ["q?x=1", "per%41cent.sqlite3", "a?mode=ro&uri=true", "hash#.sqlite3"]
)
def test_library_path_is_the_file_it_names(tmp_path, monkeypatch, recwarn, name):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LIBRARY_PATH", str(tmp_path / name))
    engine = open_engine()
    upgrade(engine)
    engine.dispose()
    assert [p.name for p in tmp_path.iterdir() if "-" not in p.name] == [name]
    assert not [w for w in recwarn if "Query string" in str(w.message)]


def test_library_path_naming_a_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LIBRARY_PATH", str(tmp_path))
    with pytest.raises(LibraryError, match="is a folder: set LIBRARY_PATH"):
        open_engine()


def test_a_library_from_a_newer_dashboard_is_refused_and_left_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    engine = open_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(LibraryError) as raised:
        Library.open(url)
    message = str(raised.value)
    assert "'f00d'" in message and "newer" in message and one_line(message)
    with engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).scalar_one()
            == "f00d"
        )
    engine.dispose()


@pytest.mark.parametrize("command", [["library"], ["run", "--port", "1"]])
def test_a_library_file_of_random_bytes_is_called_damaged(cli, tmp_path, command):
    path = tmp_path / "lib" / "library.sqlite3"
    path.parent.mkdir()
    path.write_bytes(bytes(range(256)) * 400)
    status, out, err = cli(*command)
    assert status == 2 and out == ""
    assert "not a library or is damaged" in err and one_line(err)
    assert path.read_bytes() == bytes(range(256)) * 400


def test_a_locked_sqlite_library_says_another_process_is_writing(
    tmp_path, monkeypatch, dataset
):
    monkeypatch.setattr(library.database, "SQLITE_BUSY_MS", 50)
    path = tmp_path / "library.sqlite3"
    opened = Library.open(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(LibraryError) as raised:
            opened.save(
                ReportMeta("locked", "标题", "Title"),
                dataset,
                source_name="x",
                source_sha256="",
                note="",
            )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        opened.engine.dispose()
    message = str(raised.value)
    assert "another process" in message and one_line(message)


def test_a_held_upgrade_lock_on_postgresql_gives_up_with_one_line(
    postgres_url, monkeypatch
):
    # Another start holding the upgrade lock for ever must not hang this one.
    monkeypatch.setattr(library.database, "LOCK_TIMEOUT_MS", 500)
    holder = open_engine(postgres_url)
    outcome: list[str] = []
    with holder.connect() as connection:
        connection.execute(
            text("SELECT pg_advisory_lock(:key)"),
            {"key": library.database.UPGRADE_LOCK},
        )

        def start():
            try:
                Library.open(postgres_url).engine.dispose()
                outcome.append("opened")
            except LibraryError as error:
                outcome.append(str(error))

        starter = threading.Thread(target=start, daemon=True)
        starter.start()
        starter.join(timeout=HANG_GUARD)
        hung = starter.is_alive()
        connection.execute(
            text("SELECT pg_advisory_unlock(:key)"),
            {"key": library.database.UPGRADE_LOCK},
        )
        connection.commit()
    starter.join(timeout=HANG_GUARD)
    holder.dispose()
    assert not hung, "the start waited for the upgrade lock for ever"
    assert outcome and "lock" in outcome[0] and one_line(outcome[0])


def test_the_lock_limit_keeps_the_options_a_postgresql_url_gives(postgres_url):
    engine = open_engine(postgres_url + "?options=-c%20statement_timeout%3D4321")
    with engine.connect() as connection:
        statement = connection.execute(text("SHOW statement_timeout")).scalar_one()
        lock = connection.execute(text("SHOW lock_timeout")).scalar_one()
    engine.dispose()
    assert statement == "4321ms" and lock == "1min"


# -- what a report is called ----------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"title_zh": "\x1b[2J\x1b[31mevil\x07"}, "control character"),
        ({"title_en": "two\nlines"}, "control character"),
        ({"organisation": "a\u202eb"}, "control character"),
        ({"kind": "k" * 65}, "kind is longer than 64"),
        ({"slug": "X" * 10_000}, "must be lower-case"),
    ],
    ids=["ansi-title", "newline", "bidi", "long-kind", "huge-slug"],
)
def test_report_fields_a_terminal_or_a_column_cannot_hold_are_refused(fields, words):
    meta = ReportMeta(**{"slug": "ok", "title_zh": "标题", "title_en": "T", **fields})
    problem = meta.problem()
    assert problem is not None and words in problem
    assert problem.isprintable() and len(problem) < 300


def test_titles_of_the_genre_are_accepted():
    # An ideographic space, full-width punctuation and quotes are text, not
    # control characters.
    title = "\u3000关于２０２４年“十四五”规划实施情况的报告（草案）"
    assert ReportMeta("ok", title, "Report, 2024 — draft").problem() is None


def test_a_bad_slug_or_title_is_refused_before_the_library_is_made(cli, tmp_path):
    library_file = tmp_path / "lib" / "library.sqlite3"
    for extra in (
        ["--slug", "../../x"],
        ["--slug", "UPPER"],
        ["--slug", "ok", "--title", "T" * 1000],
        ["--slug", "ok", "--title", "\x1b[31mred"],
        ["--slug", "ok", "--title", "   "],
    ):
        status, out, err = cli("ingest", REPORT, *extra)
        assert status == 2 and out == "", extra
        assert one_line(err) and err.rstrip("\n").isprintable()
    assert not library_file.exists()


def test_a_first_line_with_soft_hyphens_makes_a_clean_title(cli, tmp_path):
    path = tmp_path / "soft.txt"
    text = REPORT.read_text(encoding="utf-8")
    path.write_text("\u200b政协\u00ad工作报告\n" + text, encoding="utf-8")
    status, _, err = cli("ingest", path, "--slug", "soft")
    assert status == 0, err
    opened = Library.open()
    try:
        assert opened.load("soft").meta.title_zh == "政协工作报告"
    finally:
        opened.engine.dispose()


def test_an_explicit_title_too_long_is_refused_not_cut(cli):
    status, _, err = cli("ingest", REPORT, "--slug", "ok", "--title", "标" * 161)
    assert status == 2 and "longer than 160" in err


def test_the_listing_shows_a_stored_title_escaped(cli):
    status, _, err = cli("library")
    assert status == 0, err
    opened = Library.open()
    with opened.engine.begin() as connection:
        connection.execute(
            text("UPDATE reports SET title_zh = :title"),
            {"title": "\x1b[2Jevil\nsecond line"},
        )
    opened.engine.dispose()
    status, out, _ = cli("library")
    assert status == 0 and "\x1b" not in out
    assert len(out.strip().splitlines()) == 1 and "evil\\nsecond" in out


def test_an_export_replaces_a_symlink_in_the_way_not_its_target(tmp_path, dataset):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.txt"
    out.mkdir()
    elsewhere.write_text("not to be touched", encoding="utf-8")
    (out / "report.txt").symlink_to(elsewhere)
    write_folder(_loaded(dataset), out)
    assert not (out / "report.txt").is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "not to be touched"


# -- report.json ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        '{"slug": "x", "version": ' + "9" * 5000 + "}",
        '{"slug": "x", "version": NaN}',
        '{"slug": "x", "version": {"nested": 1}}',
        "[" * 20_000 + "]" * 20_000,
    ],
    ids=["huge-integer", "nan", "nested-version", "deep-nesting"],
)
def test_a_hostile_report_json_gets_one_line(tmp_path, content):
    (tmp_path / "report.json").write_text(content, encoding="utf-8")
    with pytest.raises(LibraryError) as raised:
        read_meta(tmp_path)
    message = str(raised.value)
    assert "report.json" in message and one_line(message) and len(message) < 400


@pytest.mark.parametrize(
    ("name", "size"), [("report.txt", 5 * 2**20 + 1), ("facts.csv", 32 * 2**20 + 1)]
)
def test_a_folder_with_a_file_larger_than_a_report_is_refused_unread(
    tmp_path, dataset, monkeypatch, name, size
):
    folder = tmp_path / "big"
    write_folder(_loaded(dataset), folder)
    with open(folder / name, "ab") as file:
        file.truncate(size)

    def never(*_args, **_kwargs):
        raise AssertionError("the folder was read")

    monkeypatch.setattr(library.files, "load_dataset", never)
    with pytest.raises(LibraryError) as raised:
        read_folder(folder)
    assert name in str(raised.value) and one_line(str(raised.value))


def test_a_folder_name_too_long_for_the_system_gets_one_line(tmp_path):
    with pytest.raises(LibraryError, match="too long"):
        read_folder(tmp_path / ("a" * 300))


# -- export-data -------------------------------------------------------------------


def _loaded(dataset):
    return library.reports.Loaded(ReportMeta("tianhe", "标题", "Title"), 1, dataset)


def test_exported_files_are_readable_by_others_as_the_umask_allows(tmp_path, dataset):
    previous = os.umask(0o022)
    try:
        written = write_folder(_loaded(dataset), tmp_path / "out")
    finally:
        os.umask(previous)
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o644, path.name


def test_an_export_folder_name_too_long_gets_one_line(tmp_path, dataset):
    with pytest.raises(LibraryError, match="too long"):
        write_folder(_loaded(dataset), tmp_path / ("a" * 300))


def test_an_export_that_cannot_write_every_file_changes_none(tmp_path, dataset):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.txt").write_text("an earlier export", encoding="utf-8")
    (out / "notes.md").write_text("kept", encoding="utf-8")
    (out / "facts.csv").mkdir()  # in the way of one file
    with pytest.raises(LibraryError) as raised:
        write_folder(_loaded(dataset), out)
    assert "facts.csv" in str(raised.value) and one_line(str(raised.value))
    assert (out / "report.txt").read_text(encoding="utf-8") == "an earlier export"
    assert (out / "notes.md").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in out.iterdir()) == [
        "facts.csv",
        "notes.md",
        "report.txt",
    ]


# -- an interrupted command ---------------------------------------------------------


def test_ctrl_c_during_a_save_writes_nothing_and_prints_one_line(
    cli, tmp_path, monkeypatch
):
    status, _, err = cli("library")  # the library made, the bundled report in
    assert status == 0, err
    rows = library.reports._rows
    calls = []

    def interrupted(*args):
        calls.append(1)
        if len(calls) == 2:  # facts written, items not yet
            raise KeyboardInterrupt
        return rows(*args)

    monkeypatch.setattr(library.reports, "_rows", interrupted)
    status, out, err = cli("ingest", REPORT, "--slug", "cppcc")
    assert status == 130 and out == ""
    assert "Interrupted" in err and one_line(err)
    monkeypatch.setattr(library.reports, "_rows", rows)
    opened = Library.open()
    try:
        assert opened.version_of("cppcc") is None
        assert list(opened.reports()["slug"]) == ["tianhe_campaign"]
    finally:
        opened.engine.dispose()
