"""Each kind of broken data file stops loading with a message naming the file,
the line, the column and the rule; the command line exits non-zero without a
traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

from data import DataError, load_dataset

ROOT = Path(__file__).resolve().parents[2]


def problems_of(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir)
    return [str(problem) for problem in caught.value.problems]


def find(rows, fact_id, key="id"):
    return next(row for row in rows if row[key] == fact_id)


def set_field(fact_id, column, value, key="id"):
    """A mutation of the row whose ``key`` is ``fact_id``: ``column`` = ``value``."""

    def mutate(rows):
        find(rows, fact_id, key)[column] = value

    return mutate


@pytest.mark.parametrize(
    ("fact_id", "column", "value", "expected"),
    [
        (
            "questionnaires",
            "theme",
            "sports",
            "column 'theme': is not an allowed value",
        ),
        ("questionnaires", "unit", "boxes", "column 'unit': is not an allowed value"),
        (
            "questionnaires",
            "qualifier",
            "roughly",
            "column 'qualifier': is not an allowed",
        ),
        ("questionnaires", "kind", "guessed", "column 'kind': is not an allowed value"),
        ("questionnaires", "value", "two hundred", "column 'value': must be a number"),
        ("questionnaires", "value", "-236", "column 'value': must be at least (0)"),
        ("questionnaires", "start", "3029.5", "column 'start': must be a whole number"),
        ("questionnaires", "id", "Questionnaires!", "column 'id': does not match"),
        ("questionnaires", "section", "1-4", "column 'section': does not match"),
    ],
)
def test_schema_rules(edit_table, fact_id, column, value, expected):
    data_dir = edit_table("facts.csv", set_field(fact_id, column, value))
    messages = problems_of(data_dir)
    assert any(m.startswith("facts.csv, line ") and expected in m for m in messages), (
        messages
    )


def test_duplicate_id_names_both_lines(edit_table):
    data_dir = edit_table("facts.csv", set_field("symposiums", "id", "questionnaires"))
    messages = [m for m in problems_of(data_dir) if "must be unique" in m]
    assert len(messages) == 2 and all("column 'id'" in m for m in messages)


def test_missing_and_unknown_columns(edit_table):
    def rename(rows):
        for row in rows:
            row["units"] = row.pop("unit")

    messages = problems_of(edit_table("facts.csv", rename))
    assert "facts.csv, column 'unit': required column is missing" in messages
    assert any("column 'units': column is not part of the table" in m for m in messages)


def test_excerpt_that_does_not_match_the_report(edit_table):
    data_dir = edit_table("facts.csv", set_field("questionnaires", "start", "3030"))
    messages = problems_of(data_dir)
    assert any(
        "(id=questionnaires), column 'excerpt': excerpt is not the report's "
        "text at start=3030"
        in m
        and "first occurs at 3029" in m
        for m in messages
    ), messages


def test_excerpt_absent_from_the_report(edit_table):
    data_dir = edit_table(
        "facts.csv", set_field("questionnaires", "excerpt", "发放调查问卷999份")
    )
    messages = problems_of(data_dir)
    assert any("does not occur in the report at all" in m for m in messages), messages


def test_stated_value_missing_from_its_excerpt(edit_table):
    data_dir = edit_table("facts.csv", set_field("questionnaires", "value", "237"))
    messages = problems_of(data_dir)
    assert any(
        "(id=questionnaires), column 'value': the excerpt '发放调查问卷236份' "
        "does not state the value 237" in m
        for m in messages
    ), messages


def test_chinese_numeral_value_is_checked_too(edit_table):
    data_dir = edit_table("facts.csv", set_field("visit_groups", "value", "5"))
    assert any(
        "(id=visit_groups)" in m and "does not state the value 5" in m
        for m in problems_of(data_dir)
    )


def test_derived_ratio_must_match_its_formula(edit_table):
    data_dir = edit_table(
        "facts.csv", set_field("attendance_per_lecture", "value", "14")
    )
    assert any(
        "(id=attendance_per_lecture), column 'value': lecture_attendance / "
        "lecture_sessions = 13.375, but value is 14" in m
        for m in problems_of(data_dir)
    )


def test_derived_formula_names_unknown_fact(edit_table):
    data_dir = edit_table(
        "facts.csv",
        set_field("attendance_per_lecture", "formula", "lecture_attendance / lectures"),
    )
    assert any(
        "column 'formula': names unknown fact id(s): lectures" in m
        for m in problems_of(data_dir)
    )


def test_derived_fact_without_formula(edit_table):
    data_dir = edit_table("facts.csv", set_field("lessons", "formula", ""))
    assert any(
        "(id=lessons), column 'formula': a derived fact needs a formula" in m
        for m in problems_of(data_dir)
    )


def test_stated_fact_with_formula(edit_table):
    data_dir = edit_table("facts.csv", set_field("questionnaires", "formula", "a / b"))
    assert any("a stated fact has no formula" in m for m in problems_of(data_dir))


def test_count_must_match_the_listed_members(edit_table):
    def drop_last_lesson(rows):
        rows.remove([r for r in rows if r["list_id"] == "lessons"][-1])

    messages = problems_of(edit_table("items.csv", drop_last_lesson))
    assert any(
        "(id=lessons), column 'value': items.csv lists 4 members of lessons, "
        "but value is 5" in m
        for m in messages
    ), messages


def test_item_of_an_unknown_list(edit_table):
    def rename_list(rows):
        rows[0]["list_id"] = "no_such_list"

    messages = problems_of(edit_table("items.csv", rename_list))
    assert any(
        m.startswith(
            "items.csv, line 2, column 'list_id': list 'no_such_list' "
            "has no counting fact"
        )
        for m in messages
    ), messages


def test_item_positions_without_gaps(edit_table):
    def gap(rows):
        [r for r in rows if r["list_id"] == "lessons"][-1]["position"] = "9"

    messages = problems_of(edit_table("items.csv", gap))
    assert any(
        "column 'position': positions of list 'lessons' must run 1..n" in m
        for m in messages
    ), messages


def test_fact_in_the_wrong_section(edit_table):
    data_dir = edit_table("facts.csv", set_field("questionnaires", "section", "1.3"))
    assert any(
        "(id=questionnaires), column 'section': the excerpt sits in section "
        "'1.4', not '1.3'" in m
        for m in problems_of(data_dir)
    )


def test_outline_heading_must_match(edit_table):
    data_dir = edit_table("outline.csv", set_field_outline("1.4", "start", "2738"))
    assert any(
        m.startswith("outline.csv, line ")
        and "column 'title_zh'" in m
        and "does not begin with the heading" in m
        for m in problems_of(data_dir)
    )


def set_field_outline(section, column, value):
    def mutate(rows):
        next(r for r in rows if r["section"] == section)[column] = value

    return mutate


def test_missing_file(data_copy):
    (data_copy / "items.csv").unlink()
    assert "items.csv: file is missing" in problems_of(data_copy)


def test_missing_report(data_copy):
    (data_copy / "source" / "report.txt").unlink()
    assert "source/report.txt: file is missing" in problems_of(data_copy)


def test_file_not_in_utf8(data_copy):
    text = (data_copy / "facts.csv").read_text(encoding="utf-8")
    (data_copy / "facts.csv").write_bytes(text.encode("gb18030"))
    messages = problems_of(data_copy)
    assert any(m.startswith("facts.csv, line 2: is not valid UTF-8") for m in messages)


def test_row_with_an_unquoted_comma(data_copy):
    path = data_copy / "outline.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(
        m.startswith("outline.csv, line 4: has 9 fields where the header has 8")
        for m in problems_of(data_copy)
    )


def test_empty_file(data_copy):
    (data_copy / "outline.csv").write_text("", encoding="utf-8")
    assert "outline.csv: file is empty: it needs a header row" in problems_of(data_copy)


def test_error_message_says_what_to_do(edit_table):
    data_dir = edit_table("facts.csv", set_field("questionnaires", "theme", "sports"))
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir)
    text = str(caught.value)
    assert str(data_dir) in text and "Fix the file(s) named above" in text


@pytest.mark.parametrize("command", ["check", "run"])
def test_command_line_reports_broken_data_without_traceback(edit_table, command):
    data_dir = edit_table("facts.csv", set_field("questionnaires", "value", "237"))
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "dashboard.py"),
            command,
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "does not state the value 237" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "running at" not in result.stdout


def test_command_line_check_passes_on_bundled_data():
    result = subprocess.run(
        [sys.executable, str(ROOT / "dashboard.py"), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


@pytest.mark.parametrize(
    ("fact_id", "qualifier", "words"),
    [
        ("units_visited", "exact", "'近10' : the qualifier must be about"),
        ("historical_characters", "exact", "the qualifier must be more_than"),
        ("satisfaction", "exact", "the qualifier must be at_least"),
        ("questionnaires", "at_least", "qualifier at_least needs the report's hedge"),
        ("questionnaires", "about", "qualifier about needs the report's hedge"),
    ],
)
def test_a_qualifier_must_read_the_reports_hedge(edit_table, fact_id, qualifier, words):
    """近10 is about 10 and 97%以上 at least 97%: dropping the hedge, or inventing
    one the report does not write, is a broken rule."""
    found = problems_of(
        edit_table("facts.csv", set_field(fact_id, "qualifier", qualifier))
    )
    key = words.replace("'近10' : ", "")
    assert any(key in problem and f"id={fact_id}" in problem for problem in found), (
        found
    )


def _check_one(report: str, excerpt: str, value: float, unit: str, qualifier: str):
    """The cross-table rules on a one-fact report."""
    import pandas as pd

    from data.provenance import check_provenance

    start = report.index(excerpt)
    facts = pd.DataFrame(
        [
            dict(
                id="fact",
                section="0",
                theme="general",
                label_zh="x",
                label_en="x",
                value=value,
                unit=unit,
                qualifier=qualifier,
                kind="stated",
                formula="",
                excerpt=excerpt,
                start=start,
            )
        ]
    )
    items = pd.DataFrame(
        columns=["list_id", "position", "label_zh", "label_en", "excerpt", "start"]
    )
    outline = pd.DataFrame(
        [
            dict(
                section="0",
                level=1,
                parent="",
                number="",
                title_zh="总述",
                title_en="Introduction",
                start=0,
                end=len(report),
            )
        ]
    )
    return [str(problem) for problem in check_provenance(report, facts, items, outline)]


@pytest.mark.parametrize(
    ("excerpt", "qualifier"),
    [
        ("超过100家", "more_than"),
        ("逾200人", "more_than"),
        ("不少于30个", "at_least"),
        ("控制在3%以内", "at_most"),
        ("不超过5天", "at_most"),
    ],
)
def test_more_hedges_of_the_genre(excerpt, qualifier):
    """超过 and 逾 are more than, 不少于 at least, 以内 and 不超过 at most: each
    needs its qualifier, and none passes as exact."""
    report = f"今年{excerpt}。"
    value = float("".join(c for c in excerpt if c.isdigit()))
    assert _check_one(report, excerpt, value, "count", qualifier) == []
    found = _check_one(report, excerpt, value, "count", "exact")
    assert any(f"must be {qualifier}, not exact" in p for p in found), found


@pytest.mark.parametrize(("excerpt", "value"), [("二十来个", 20), ("10来家", 10)])
def test_lai_after_a_round_number_is_about(excerpt, value):
    report = f"今年{excerpt}。"
    assert _check_one(report, excerpt, value, "count", "about") == []
    found = _check_one(report, excerpt, value, "count", "exact")
    assert any("must be about, not exact" in p for p in found), found


def test_a_scaled_unit_states_the_value_in_its_unit():
    """33.5万亿元 is 33.5 in trillions of yuan (the unit's scale is 10¹²)."""
    report = "国内生产总值达到33.5万亿元。"
    assert _check_one(report, "达到33.5万亿元", 33.5, "yuan_1t", "exact") == []
    found = _check_one(report, "达到33.5万亿元", 34, "yuan_1t", "exact")
    assert any("does not state the value 34" in p for p in found), found


def set_page(page, column, value):
    return set_field(page, column, value, key="page")


@pytest.mark.parametrize(
    ("page", "column", "value", "expected"),
    [
        (
            "study",
            "themes",
            "campaign sports",
            "pages.csv, line 3, column 'themes': unknown theme 'sports'",
        ),
        ("study", "page", "studies", "page 'studies' has no name in the catalogs"),
        ("study", "view", "gallery", "column 'view': is not an allowed value"),
        ("source", "path", "/about", "a page of view 'source' is at '/source'"),
        ("study", "path", "/library", "'/library' is taken"),
        ("study", "path", "/../etc", "column 'path'"),
    ],
)
def test_a_reports_own_pages_keep_their_rules(
    edit_table, page, column, value, expected
):
    problems = problems_of(edit_table("pages.csv", set_page(page, column, value)))
    assert any(expected in problem for problem in problems), problems


def test_a_reports_own_pages_include_its_source_page_and_deck(edit_table):
    def drop_deck(rows):
        rows[:] = [row for row in rows if row["view"] != "present"]

    problems = problems_of(edit_table("pages.csv", drop_deck))
    assert any("no page at '/present'" in problem for problem in problems), problems


def test_a_report_without_pages_csv_has_none_of_its_own(data_copy):
    (data_copy / "pages.csv").unlink()
    assert load_dataset(data_copy).pages.empty


@pytest.mark.parametrize("value", ["٠.٥", "０.５", "2²"])
def test_a_number_is_written_in_the_digits_0_to_9(edit_table, value):
    edited = edit_table("facts.csv", set_field("questionnaires", "value", value))
    problems = problems_of(edited)
    assert any(
        "column 'value'" in p and "must be written in the digits 0-9" in p
        for p in problems
    ), problems
