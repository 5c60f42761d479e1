"""`python dashboard.py ingest`: a new report from its file into the library, on
SQLite and PostgreSQL; its proposed facts written back by export-data and read in
again by import-data unchanged; bad files refused with one line, nothing written."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from dashboard import main
from data import load_dataset
from library import Library

SAMPLES = Path(__file__).resolve().parents[1] / "unit" / "ingest_samples"
GOVERNMENT = (SAMPLES / "government_work_report.txt").read_text(encoding="utf-8")
CPPCC = (SAMPLES / "cppcc_work_report.txt").read_text(encoding="utf-8")


@pytest.fixture
def cli(library_url, monkeypatch, capsys):
    """Run a command of the dashboard on the test's library; (status, out, err)."""
    monkeypatch.setenv("DATABASE_URL", library_url)

    def run(*args: str) -> tuple[int, str, str]:
        status = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def library(library_url):
    opened = Library.open(library_url)
    yield opened
    opened.engine.dispose()


def gbk_file(folder: Path) -> Path:
    path = folder / "gov2019.txt"
    path.write_bytes(GOVERNMENT.encode("gbk"))
    return path


def docx_file(folder: Path) -> Path:
    document = docx.Document()
    for line in CPPCC.split("\n"):
        document.add_paragraph(line)
    path = folder / "cppcc.docx"
    document.save(path)
    return path


def test_a_gbk_report_is_ingested_and_round_trips_through_files(cli, library, tmp_path):
    status, out, err = cli("ingest", gbk_file(tmp_path), "--slug", "gov2019")
    assert status == 0, err
    assert "as report 'gov2019', version 1" in out
    loaded = library.load("gov2019")
    assert loaded.dataset.report.startswith("政府工作报告")
    facts = loaded.dataset.facts
    assert len(facts) > 10 and set(facts["status"]) == {"proposed"}
    assert 3.35 in facts["value"].tolist()  # 3.35万亿元, in its own scale
    listing = library.reports().set_index("slug").loc["gov2019"]
    assert (listing["facts"], listing["reviewed"]) == (len(facts), 0)
    status, _, err = cli("export-data", "gov2019", "--out", tmp_path / "out")
    assert status == 0, err
    assert load_dataset(tmp_path / "out").fingerprint() == loaded.dataset.fingerprint()
    status, _, err = cli("import-data", tmp_path / "out", "--slug", "gov_copy")
    assert status == 0, err
    again = library.load("gov_copy")
    assert again.dataset.fingerprint() == loaded.dataset.fingerprint()
    assert again.meta.title_zh == loaded.meta.title_zh


def test_a_docx_report_is_ingested_with_a_slug_from_its_name(cli, library, tmp_path):
    status, out, err = cli("ingest", docx_file(tmp_path))
    assert status == 0, err
    assert "as report 'cppcc'" in out
    loaded = library.load("cppcc")
    assert loaded.dataset.report.split("\n", 1)[0] == CPPCC.split("\n", 1)[0]
    assert len(loaded.dataset.outline) > 1


def test_ingesting_a_slug_again_needs_replace_and_keeps_the_first_version(
    cli, library, tmp_path
):
    path = gbk_file(tmp_path)
    assert cli("ingest", path, "--slug", "gov")[0] == 0
    status, _, err = cli("ingest", path, "--slug", "gov")
    assert status == 2 and "--replace" in err and "\n" not in err.strip()
    assert library.version_of("gov") == 1
    status, out, err = cli("ingest", path, "--slug", "gov", "--replace")
    assert status == 0 and "version 2" in out, err
    assert library.history("gov")["number"].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("notes.docx", b"not a zip at all", "docx"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "PDF"),
        ("table.xlsx", b"PK\x03\x04", ".xlsx"),
    ],
)
def test_a_bad_file_gets_one_line_and_nothing_is_written(
    cli, library, tmp_path, name, content, expected
):
    path = tmp_path / name
    path.write_bytes(content)
    before = library.reports()
    status, out, err = cli("ingest", path, "--slug", "bad")
    assert status == 2
    assert expected in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and out == ""
    assert library.version_of("bad") is None
    assert len(library.reports()) == len(before)


def test_a_missing_file_is_named(cli, tmp_path):
    status, _, err = cli("ingest", tmp_path / "nowhere.txt")
    assert status == 2 and "nowhere.txt" in err and "Traceback" not in err
