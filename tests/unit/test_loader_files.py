"""What a clumsy editor can do to the files themselves: a stray quote, a line break
or a control character in a cell, an over-long cell, a byte-order mark, an empty or
linked report, an empty number, overlapping sections. Each stops loading with one
line naming the file, the physical line, the column and the rule, and the command
line exits 2 without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from data import DataError, load_dataset

ROOT = Path(__file__).resolve().parents[2]
URGENT = 47  # the physical line of facts.csv that holds 'urgent_issues'


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir)
    return [str(problem) for problem in caught.value.problems]


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_bytes("\n".join(lines).encode("utf-8"))


def edit_line(path: Path, number: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in physical line ``number`` (1-based) of ``path``."""
    lines = lines_of(path)
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    write_lines(path, lines)


def check(data_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "dashboard.py"), "check"]
        + (["--data-dir", str(data_dir)] if data_dir else []),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


# A stray quote; a line break inside a cell; physical line numbers.


def test_a_stray_quote_names_the_line_where_it_opened(data_copy):
    edit_line(data_copy / "facts.csv", URGENT, ",Pressing public", ',"Pressing public')
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT}, column 'label_en': a quote opens")
        for m in messages
    ), messages


def test_check_refuses_a_stray_quote_instead_of_dropping_a_row(data_copy):
    edit_line(data_copy / "facts.csv", URGENT, ",Pressing public", ',"Pressing public')
    result = check(data_copy)
    assert result.returncode == 2, result.stdout
    assert f"facts.csv, line {URGENT}" in result.stderr
    assert "OK" not in result.stdout and "Traceback" not in result.stderr


def test_a_quoted_line_break_in_a_cell_is_refused_at_its_first_line(data_copy):
    edit_line(
        data_copy / "facts.csv",
        URGENT,
        ",Pressing public concerns addressed,",
        ',"Pressing public\nconcerns addressed",',
    )
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT}, column 'label_en'")
        and "line break" in m
        for m in messages
    ), messages


def test_line_numbers_are_physical_lines_after_a_blank_line(data_copy):
    path = data_copy / "facts.csv"
    lines = lines_of(path)
    lines.insert(5, "")  # a blank line 6; the row of line 47 moves to line 48
    write_lines(path, lines)
    edit_line(path, URGENT + 1, ",Pressing public concerns addressed,", ",,")
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT + 1} (id=urgent_issues)")
        and m.endswith("column 'label_en': must not be empty")
        for m in messages
    ), messages


@pytest.mark.parametrize(
    "separator", ["\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1e"]
)
def test_other_line_breaks_in_a_cell_are_refused(data_copy, separator):
    edit_line(
        data_copy / "facts.csv", URGENT, "Pressing public", f"Pressing{separator}public"
    )
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT}, column 'label_en'")
        and f"U+{ord(separator):04X}" in m
        for m in messages
    ), messages


def test_windows_line_endings_are_read_as_line_ends(data_copy):
    for name in ("facts.csv", "source/report.txt"):
        path = data_copy / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert len(load_dataset(data_copy).facts) == len(load_dataset().facts)


# Over-long cells.


def test_a_cell_over_the_csv_modules_limit_is_a_broken_rule(data_copy):
    edit_line(data_copy / "facts.csv", URGENT, "医疗、", "医" * 131_073 + "、")
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT} (id=urgent_issues), column 'excerpt'")
        and "at most 80 characters" in m
        and "131,091 characters" in m
        for m in messages
    ), messages
    assert all(len(m) < 300 for m in messages), "a message quotes a cell in full"


def test_check_reports_a_huge_cell_with_exit_2_and_no_traceback(data_copy):
    edit_line(data_copy / "facts.csv", URGENT, "医疗、", "医" * 131_073 + "、")
    result = check(data_copy)
    assert result.returncode == 2
    assert "column 'excerpt'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "line", "old", "column"),
    [
        ("facts.csv", URGENT, "Pressing public", "label_en"),
        ("facts.csv", URGENT, "群众反映", "label_zh"),
        ("items.csv", 2, "Set up", "label_en"),
        ("outline.csv", 2, "Introduction", "title_en"),
    ],
)
def test_labels_and_titles_have_a_length_limit(data_copy, name, line, old, column):
    edit_line(data_copy / name, line, old, old + "x" * 500)
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"{name}, line {line}")
        and f"column '{column}'" in m
        and "characters long" in m
        for m in messages
    ), messages


# Control characters.


@pytest.mark.parametrize(
    "character", ["\x00", "\x1b", "\x7f", "\t", "\ufffe", "\u202e"]
)
def test_a_control_character_in_a_table_is_refused(data_copy, character):
    edit_line(
        data_copy / "facts.csv", URGENT, "Pressing public", f"Pressing{character}"
    )
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT}, column 'label_en'")
        and f"U+{ord(character):04X}" in m
        for m in messages
    ), messages


def test_a_nul_in_the_report_is_refused_naming_its_line(data_copy):
    path = data_copy / "source" / "report.txt"
    lines = lines_of(path)
    lines[-1] = lines[-1] + "\x00"  # at the end: no offset moves
    write_lines(path, lines)
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"source/report.txt, line {len(lines)}:") and "U+0000" in m
        for m in messages
    ), messages


def test_a_tab_in_the_report_is_allowed(data_copy):
    path = data_copy / "source" / "report.txt"
    path.write_bytes(path.read_bytes() + b"\t\n")
    assert len(load_dataset(data_copy).facts) > 0


# Byte-order marks, an empty or linked report, a folder that is not there.


@pytest.mark.parametrize("name", ["facts.csv", "items.csv", "outline.csv"])
def test_a_byte_order_mark_on_a_table_is_accepted(data_copy, name):
    path = data_copy / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    dataset = load_dataset(data_copy)
    assert list(dataset.facts.columns)[0] == "id"
    assert len(dataset.facts) == len(load_dataset().facts)


def test_a_byte_order_mark_on_the_report_is_named_once(data_copy):
    path = data_copy / "source" / "report.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    messages = problems_of(data_copy)
    assert len(messages) == 1, messages
    assert messages[0].startswith("source/report.txt: starts with a byte-order mark")


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_report_says_so_once(data_copy, content):
    (data_copy / "source" / "report.txt").write_text(content, encoding="utf-8")
    assert problems_of(data_copy) == ["source/report.txt: the report is empty"]


@pytest.mark.parametrize("name", ["source/report.txt", "facts.csv"])
def test_a_linked_file_is_refused_naming_its_target(data_copy, tmp_path_factory, name):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "target.txt"
    path = data_copy / name
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"{name}: is a symbolic link to {elsewhere}") for m in messages
    ), messages


def test_a_linked_source_folder_is_refused(data_copy, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (data_copy / "source").rename(elsewhere / "source")
    (data_copy / "source").symlink_to(elsewhere / "source")
    messages = problems_of(data_copy)
    assert any(
        m.startswith("source/report.txt: is a symbolic link") for m in messages
    ), messages


def test_a_fifo_is_refused_without_waiting_for_a_writer(data_copy):
    path = data_copy / "source" / "report.txt"
    path.unlink()
    os.mkfifo(path)
    assert "source/report.txt: is not a regular file" in problems_of(data_copy)


def test_a_missing_data_folder_is_named_once(tmp_path):
    missing = tmp_path / "nowhere"
    assert problems_of(missing) == [f"{missing}: the data folder does not exist"]


def test_a_file_given_as_the_data_folder_is_named(data_copy):
    path = data_copy / "facts.csv"
    assert problems_of(path) == [f"{path}: is not a folder"]


def test_a_file_that_is_not_utf8_names_its_line(data_copy):
    path = data_copy / "facts.csv"
    lines = lines_of(path)
    lines[URGENT - 1] = lines[URGENT - 1].replace("医疗", "\udce9", 1)
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT}: is not valid UTF-8") for m in messages
    ), messages


# Numbers.


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("value", "", "must be a number; found an empty cell"),
        ("value", "NaN", "must be a number; found NaN"),
        ("value", "nan", "must be a number; found NaN"),
        ("value", "inf", "must be a finite number; found inf"),
        ("value", "1e400", "must be a finite number; found inf"),
        ("start", "", "must be a whole number; found an empty cell"),
    ],
)
def test_an_empty_or_not_a_number_value_says_so(data_copy, column, value, expected):
    old = ",3,items," if column == "value" else ",4952"
    new = f",{value},items," if column == "value" else f",{value}"
    edit_line(data_copy / "facts.csv", URGENT, old, new)
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"facts.csv, line {URGENT} (id=urgent_issues), column '{column}'")
        and m.endswith(expected)
        for m in messages
    ), messages


# The outline.


def outline_line(data_dir: Path, section: str) -> int:
    lines = lines_of(data_dir / "outline.csv")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(section + ","))


def set_outline(data_dir: Path, section: str, column: str, value: str) -> int:
    path = data_dir / "outline.csv"
    lines = lines_of(path)
    header = lines[0].split(",")
    number = outline_line(data_dir, section)
    cells = lines[number - 1].split(",")
    cells[header.index(column)] = value
    lines[number - 1] = ",".join(cells)
    write_lines(path, lines)
    return number


def test_overlapping_sections_are_refused(data_copy):
    start = lines_of(data_copy / "outline.csv")[outline_line(data_copy, "1.2") - 1]
    inside_next = str(int(start.split(",")[-2]) + 10)
    line = set_outline(data_copy, "1.1", "end", inside_next)
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"outline.csv, line {line}, column 'end'") and "overlaps" in m
        for m in messages
    ), messages


def test_a_section_that_is_its_own_parent_is_refused(data_copy):
    line = set_outline(data_copy, "1.1", "parent", "1.1")
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"outline.csv, line {line}, column 'parent'")
        and "its own parent" in m
        for m in messages
    ), messages


def test_a_subsection_lies_inside_its_parent(data_copy):
    line = set_outline(data_copy, "2.1", "parent", "1")
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"outline.csv, line {line}, column 'parent'")
        and "inside its parent" in m
        for m in messages
    ), messages


def test_levels_and_parents_agree(data_copy):
    first = set_outline(data_copy, "2", "parent", "1")
    second = set_outline(data_copy, "2.1", "parent", "")
    messages = problems_of(data_copy)
    assert any(
        m.startswith(f"outline.csv, line {first}, column 'parent'") for m in messages
    ), messages
    assert any(
        m.startswith(f"outline.csv, line {second}, column 'parent'") for m in messages
    ), messages


# Where the data is read from.


def test_load_dataset_reads_data_dir_from_the_environment(data_copy, monkeypatch):
    edit_line(data_copy / "facts.csv", URGENT, ",3,items,", ",4,items,")
    monkeypatch.setenv("DATA_DIR", str(data_copy))
    assert any("urgent_issues" in m for m in problems_of(None))


def test_check_honours_data_dir_in_the_environment(data_copy):
    edit_line(data_copy / "facts.csv", URGENT, ",3,items,", ",4,items,")
    result = check(None, env={"DATA_DIR": str(data_copy)})
    assert result.returncode == 2, result.stdout
    assert "urgent_issues" in result.stderr


def test_a_message_about_positions_names_the_first_few(data_copy):
    path = data_copy / "items.csv"
    lines = lines_of(path)
    member = next(line for line in lines if line.startswith("lessons,"))
    cells = member.split(",")
    for position in range(10, 200):
        cells[1] = str(position)
        lines.insert(len(lines) - 1, ",".join(cells))
    write_lines(path, lines)
    message = next(m for m in problems_of(data_copy) if "must run 1..n" in m)
    assert message.endswith("found [1, 2, 3, 4, 5, 10, 11, 12, … and 187 more]")
