"""Load the report and its tables once, validate them, and hand back a Dataset.

Any broken file raises :class:`DataError`, whose message names the file, the line,
the column and the rule broken, so the command line can print it without a traceback.
"""

from __future__ import annotations

import csv
import ctypes
import gc
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors
import pandera.pandas as pa

from data.measure import measure_word
from data.pages import page_problems
from data.provenance import Problem, check_provenance
from data.schemas import (
    MEASURE,
    STATUS,
    UNIT_KINDS,
    FactSchema,
    ItemSchema,
    OutlineSchema,
    PageSchema,
)

DATA_DIR = Path(__file__).resolve().parent
REPORT_PATH = Path("source") / "report.txt"
# A folder written by export-data holds report.txt beside its tables.
FLAT_REPORT_PATH = Path("report.txt")
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "facts.csv": FactSchema,
    "items.csv": ItemSchema,
    "outline.csv": OutlineSchema,
    "pages.csv": PageSchema,
}
# A report may describe its own pages; without pages.csv it has none of its own.
OPTIONAL_TABLES = frozenset({"pages.csv"})


@cache
def _columns(name: str) -> tuple[str, ...]:
    return tuple(TABLES[name].to_schema().columns)


def empty_table(name: str) -> pd.DataFrame:
    """Table ``name`` without rows: its columns, as text."""
    return pd.DataFrame({column: pd.Series(dtype=str) for column in _columns(name)})


class DataError(Exception):
    """A data file is missing or breaks a rule; ``problems`` lists each breach."""

    def __init__(self, problems: list[Problem], data_dir: Path) -> None:
        self.problems = problems
        self.data_dir = data_dir
        super().__init__(self.render())

    def render(self, limit: int = 30) -> str:
        lines = [
            f"The dashboard's data in {self.data_dir} is not valid "
            f"({len(self.problems)} problem(s)):"
        ]
        lines += [f"  - {problem}" for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more.")
        lines.append(
            "Fix the file(s) named above (README.md, 'Updating the data', "
            "explains each column), then start again."
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class Dataset:
    """The report text and its validated tables. Never mutated after load."""

    report: str
    facts: pd.DataFrame
    items: pd.DataFrame
    outline: pd.DataFrame
    # The pages the report describes for itself (pages.csv); empty: none.
    pages: pd.DataFrame = field(default_factory=lambda: empty_table("pages.csv"))
    _by_id: dict[str, int] = field(init=False, repr=False, compare=False)
    fact_ids: frozenset[str] = field(init=False, repr=False, compare=False)
    _records: dict[str, dict] = field(init=False, repr=False, compare=False)
    _members: dict[str, object] = field(init=False, repr=False, compare=False)
    # How many members each list has, by list id (a Series named "members").
    list_sizes: pd.Series = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if MEASURE not in self.facts.columns:  # read from each excerpt, once
            measures = [
                measure_word(excerpt, value)
                for excerpt, value in zip(
                    self.facts[FactSchema.excerpt], self.facts[FactSchema.value]
                )
            ]
            object.__setattr__(self, "facts", self.facts.assign(**{MEASURE: measures}))
        if STATUS not in self.facts.columns:  # curated tables: every fact reviewed
            object.__setattr__(self, "facts", self.facts.assign(**{STATUS: "reviewed"}))
        # One column order wherever the facts were read from (files, the library).
        order = [c for c in self.facts.columns if c not in (STATUS, MEASURE)]
        if list(self.facts.columns) != [*order, STATUS, MEASURE]:
            object.__setattr__(self, "facts", self.facts[[*order, STATUS, MEASURE]])
        # Row positions, not rows: a dict per fact would cost far more memory.
        ids = self.facts[FactSchema.id].tolist()
        positions = {fact_id: n for n, fact_id in enumerate(ids)}
        object.__setattr__(self, "_by_id", positions)
        object.__setattr__(self, "fact_ids", frozenset(ids))
        object.__setattr__(self, "_records", {})
        # Grouped once (as row positions: small): a page asks for the members of
        # every list it shows.
        order = self.items.sort_values(
            [ItemSchema.list_id, ItemSchema.position], kind="stable"
        )
        positions = pd.Series(self.items.index.get_indexer(order.index))
        lists = order[ItemSchema.list_id].to_numpy()
        members = {
            str(key): group.to_numpy() for key, group in positions.groupby(lists)
        }
        object.__setattr__(self, "_members", members)
        sizes = pd.Series({k: len(v) for k, v in members.items()}, dtype="int64")
        object.__setattr__(self, "list_sizes", sizes.rename("members"))

    @cached_property
    def themes_present(self) -> frozenset[str]:
        """The themes the report's facts have (a filter offers only these)."""
        return frozenset(self.facts[FactSchema.theme].unique().tolist())

    @cached_property
    def unit_kinds_present(self) -> frozenset[str]:
        """The kinds of unit the report's facts count in."""
        units = set(self.facts[FactSchema.unit].unique().tolist())
        return frozenset(UNIT_KINDS[unit] for unit in units if unit in UNIT_KINDS)

    @property
    def list_ids(self) -> frozenset[str]:
        """The ids of the facts that count an enumerated list."""
        return frozenset(self._members)

    def members(self, list_id: str) -> pd.DataFrame:
        """The members of list ``list_id`` in the report's order (empty if none)."""
        return self.items.iloc[self._members.get(list_id, [])]

    def fingerprint(self) -> str:
        """A short digest of the report and the tables: changes whenever the data
        does (so nothing computed from older data is served from a cache)."""
        digest = hashlib.sha256(self.report.encode())
        for table in (self.facts, self.items, self.outline, self.pages):
            digest.update(table.to_csv(index=False).encode())
        return digest.hexdigest()[:16]

    def fact(self, fact_id: str) -> dict:
        """One fact as a plain dict; KeyError names the unknown id."""
        try:
            position = self._by_id[fact_id]
        except KeyError:
            raise KeyError(f"no fact with id {fact_id!r} in facts.csv") from None
        record = self._records.get(fact_id)
        if record is None:  # made when first asked for, then kept
            record = self.facts.iloc[[position]].to_dict("records")[0]
            self._records[fact_id] = record
        return record


# A file larger than this is not read: it cannot be a table of one report.
MAX_FILE_BYTES = 256 * 2**20
# Cells are bounded per column by the schemas; the csv module's own limit (131,072
# characters) would otherwise stop reading with an exception before they are checked.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
BOM = "\ufeff"
# Characters that end a line for some reader (str.splitlines, a browser, an editor):
# a cell is one line, and so is a line of the report.
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NAMES = {
    0x00: "NUL",
    0x09: "TAB",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
# Control characters (C0, DEL, C1), the line and paragraph separators, the marks
# that reorder text on screen (bidirectional embeddings, overrides and isolates), a
# byte-order mark inside the text, and the two non-characters XML refuses: none of
# them belongs in a report or a table, and each breaks an export or a page.
_UNWANTED = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff"
)
UNWANTED_IN_TABLES = re.compile(f"[\t{_UNWANTED}]")
UNWANTED_IN_REPORT = re.compile(f"[{_UNWANTED}]")  # tab and newline are text there


def describe_character(character: str) -> str:
    """'U+0000 (NUL)': a character named so that it can be found in an editor."""
    code = ord(character)
    name = _NAMES.get(code) or unicodedata.name(character, "a control character")
    return f"U+{code:04X} ({name})"


def _unwanted_rule(character: str) -> str:
    what = "a line break" if character in LINE_BREAKS else "the character"
    return (
        f"holds {what} {describe_character(character)}, which has no place in the "
        "text: remove it (a cell is one line of plain text)"
    )


def _linked(root: Path, name: str) -> Path | None:
    """The first symbolic link on the way from ``root`` to ``name``, if any."""
    path = root
    for part in Path(name).parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


def _read_file(root: Path, name: str, problems: list[Problem]) -> str | None:
    """The text of ``root/name``, or None with the reason appended to ``problems``.

    Only regular files inside the data folder are read: a link is named with its
    target instead of followed, and a pipe or device is never waited on."""
    path = root / name
    if (link := _linked(root, name)) is not None:
        target = Path(os.path.realpath(link))
        where = "" if target.exists() else ", which does not exist"
        problems.append(
            Problem(
                name,
                None,
                None,
                f"is a symbolic link to {target}{where}: the dashboard reads only "
                "files inside its data folder; copy the file there instead",
            )
        )
        return None
    if not path.exists():
        problems.append(Problem(name, None, None, "file is missing"))
        return None
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        flags |= getattr(os, "O_NONBLOCK", 0)  # a pipe is refused, not waited on
        with os.fdopen(os.open(path, flags), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                problems.append(Problem(name, None, None, "is not a regular file"))
                return None
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.append(
            Problem(name, None, None, f"cannot be read ({exc.strerror or exc})")
        )
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"is larger than {MAX_FILE_BYTES // 2**20} MB: this cannot be "
                "the data of one report",
            )
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                name,
                data.count(b"\n", 0, exc.start) + 1,
                None,
                f"is not valid UTF-8 (byte {exc.start}): save it as UTF-8",
            )
        )
        return None


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def report_path(root: Path) -> Path:
    """Where the report's text is in ``root``: report.txt beside the tables, or
    source/report.txt (the bundled layout) when there is no such file."""
    flat = root / FLAT_REPORT_PATH
    return FLAT_REPORT_PATH if flat.exists() or flat.is_symlink() else REPORT_PATH


def read_report(root: Path, problems: list[Problem]) -> str | None:
    """The report's text (Windows line ends read as plain ones), or None with the
    reason appended to ``problems``: a byte-order mark, an empty file, or a control
    character is named once, not as a hundred offsets that no longer match."""
    name = str(report_path(root))
    text = _read_file(root, name, problems)
    if text is None:
        return None
    if text.startswith(BOM):
        problems.append(
            Problem(
                name,
                None,
                None,
                "starts with a byte-order mark (U+FEFF), which would shift every "
                "offset by one: save it as UTF-8 without a BOM",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(name, None, None, "the report is empty"))
        return None
    text = text.replace("\r\n", "\n")
    found = False
    lines_seen: set[int] = set()
    for match in UNWANTED_IN_REPORT.finditer(text):
        line = _line_of(text, match.start())
        if line in lines_seen:
            continue
        lines_seen.add(line)
        found = True
        character = match.group()
        what = "a line break" if character in LINE_BREAKS else "the character"
        problems.append(
            Problem(
                name,
                line,
                None,
                f"holds {what} {describe_character(character)}, which has no "
                "place in the text: remove it (only tabs and newlines may be)",
            )
        )
    return None if found else text


def _quote_problem(line: str) -> tuple[int, str]:
    """Which cell of ``line`` (0-based) breaks the quoting rules, and how."""
    cell, at, end = 0, 0, len(line)
    while at <= end:
        if at < end and line[at] == '"':
            at += 1
            while True:
                close = line.find('"', at)
                if close < 0:
                    return cell, (
                        "a quote opens in this cell and is not closed on this line: "
                        "a cell never holds a line break; close the quote (write a "
                        'quote inside a cell as two: "")'
                    )
                if line.startswith('"', close + 1):
                    at = close + 2
                    continue
                at = close + 1
                break
            if at < end and line[at] != ",":
                return cell, (
                    "a quote closes before the end of this cell: quote the whole "
                    'cell, and write a quote inside it as two ("")'
                )
        else:
            comma = line.find(",", at)
            at = end if comma < 0 else comma
        cell += 1
        at += 1
    return max(cell - 1, 0), "its quotes cannot be read: check them"


def _parse_lines(
    lines: list[str],
    skip: set[int],
    header: list[str] | None,
    name: str,
    problems: list[Problem],
) -> list[tuple[int, list[str]]]:
    """(physical line, cells) of every non-blank line, each line read on its own:
    a quote left open never swallows the lines after it."""
    rows: list[tuple[int, list[str]]] = []
    # Fast path: one reader for the whole file, with the number of records checked
    # against the number of physical lines; any doubt, and each line is read alone.
    if not skip:
        reader = csv.reader(lines, strict=True)
        try:
            for cells in reader:
                rows.append((reader.line_num, cells))
                if reader.line_num != len(rows):
                    break
            else:
                return [(number, cells) for number, cells in rows if cells]
        except csv.Error:
            pass
        rows = []
    for number, line in enumerate(lines, start=1):
        if number in skip or not line:
            continue
        try:
            cells = next(csv.reader((line,), strict=True))
        except csv.Error:
            cell, rule = _quote_problem(line)
            column = header[cell] if header and cell < len(header) else None
            problems.append(Problem(name, number, column, rule))
            continue
        rows.append((number, cells))
    return rows


def _cell_of(line: str, position: int, header: list[str] | None) -> str | None:
    """The column of the cell that holds character ``position`` of ``line``."""
    if header is None:
        return None
    cells = next(csv.reader((line[:position],)), [])
    index = max(len(cells) - 1, 0)
    return header[index] if index < len(header) else None


def read_table(
    path: Path,
    name: str,
    problems: list[Problem],
    root: Path | None = None,
) -> pd.DataFrame | None:
    """A CSV file as strings, indexed by the physical line of each row, or None with
    the reasons appended to ``problems``. A leading byte-order mark (Excel writes
    one) is skipped; every cell is one line of text without control characters."""
    root = root if root is not None else path.parent
    text = _read_file(root, str(path.relative_to(root)), problems)
    if text is None:
        return None
    text = text.removeprefix(BOM)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    lines = [line.removesuffix("\r") for line in lines]
    if not any(lines):
        problems.append(
            Problem(name, None, None, "file is empty: it needs a header row")
        )
        return None
    try:
        header = next(csv.reader((lines[0],), strict=True))
    except csv.Error:
        header = None
    skip: set[int] = set()
    if UNWANTED_IN_TABLES.search(text):
        for number, line in enumerate(lines, start=1):
            if match := UNWANTED_IN_TABLES.search(line):
                skip.add(number)
                problems.append(
                    Problem(
                        name,
                        number,
                        _cell_of(line, match.start(), header if number > 1 else None),
                        _unwanted_rule(match.group()),
                    )
                )
    before = len(problems)
    rows = _parse_lines(lines, skip, header, name, problems)
    if skip or len(problems) > before:
        return None
    if not rows or rows[0][0] != 1:
        problems.append(Problem(name, 1, None, "the first line must be the header row"))
        return None
    (_, header), body = rows[0], rows[1:]
    width = len(header)
    repeated = sorted({column for column in header if header.count(column) > 1})
    for column in repeated:
        problems.append(
            Problem(name, 1, column, "the header names this column more than once")
        )
    bad = [(number, len(cells)) for number, cells in body if len(cells) != width]
    for line, count in bad:
        problems.append(
            Problem(
                name,
                line,
                None,
                f"has {count} fields where the header has {width} "
                "(quote cells that contain commas)",
            )
        )
    if bad or repeated:
        return None
    # One string object per distinct cell value, not per cell: large tables repeat
    # their sections, themes, units and excerpts many times.
    shared: dict[str, str] = {}
    return pd.DataFrame(
        [[shared.setdefault(cell, cell) for cell in cells] for _, cells in body],
        columns=header,
        index=pd.Index([number for number, _ in body], name="line", dtype="int64"),
        dtype=str,
    )


_RULES = {
    "column_in_dataframe": "required column is missing",
    "column_in_schema": "column is not part of the table (check its spelling)",
    "field_uniqueness": "must be unique, but repeats",
    "multiple_fields_uniqueness": "this combination must be unique, but repeats",
    "str_matches": "does not match the required pattern",
    "isin": "is not an allowed value",
    "greater_than_or_equal_to": "must be at least",
    "coerce_dtype": "has the wrong type",
    "finite": "must be a finite number",
    "not_nullable": "must be a number",
}
_TYPES = {
    "'float64'": "must be a number",
    "'int64'": "must be a whole number",
    "'bool'": "must be true or false",
}
SHOWN = 40  # characters of a bad cell quoted in a message


def _shown(value) -> str:
    """A bad cell as a message quotes it: an empty cell and NaN by name, a number
    as written, a long text cut short with its length."""
    if isinstance(value, float):
        return "NaN" if value != value else f"{value:g}"
    text = str(value)
    if text == "":
        return "an empty cell"
    if len(text) > SHOWN:
        return f"{text[:SHOWN]!r}… ({len(text):,} characters)"
    return repr(text)


def _describe(check: str, failure=None) -> str:
    name, _, argument = str(check).partition("(")
    argument = argument[:-1] if argument.endswith(")") else argument
    if name == "isin":
        allowed = argument.strip("()[]").replace("'", "")
        return f"is not an allowed value (allowed: {allowed.rstrip(',')})"
    if name == "coerce_dtype":
        return _TYPES.get(argument, f"has the wrong type (expected {argument})")
    if name == "str_length":
        low, _, high = (part.strip() for part in argument.partition(","))
        if isinstance(failure, str) and failure == "" and low not in ("", "None"):
            return "must not be empty"
        if high not in ("", "None"):
            return f"must be at most {int(high):,} characters long"
        return f"must be at least {low} characters long"
    rule = _RULES.get(name, name)
    return f"{rule} ({argument})" if argument else rule


def _schema_problems(
    name: str, frame: pd.DataFrame, error: pa_errors.SchemaErrors
) -> list[Problem]:
    """One Problem per broken rule, on the physical line of its row (the frame's
    index, as read_table made it)."""
    problems = []
    for case in error.failure_cases.to_dict("records"):
        index = case.get("index")
        is_missing_index = index is None or pd.isna(index)
        # With coerce=True a bad cell is reported by coerce_dtype; the plain dtype
        # check and column-wide checks that then fail on it only repeat that.
        if str(case.get("check")).startswith("dtype(") or (
            case.get("schema_context") == "Column" and is_missing_index
        ):
            continue
        line = None if is_missing_index else int(index)
        column = case.get("column")
        failure = case.get("failure_case")
        if case.get("check") in ("column_in_dataframe", "column_in_schema"):
            column, failure = failure, None
        rule = _describe(case.get("check"), failure)
        if line is not None and rule != "must not be empty" and failure is not None:
            rule += f"; found {_shown(failure)}"
        row_id = None
        if line is not None and "id" in frame.columns and line in frame.index:
            row_id = frame.at[line, "id"]
        problem = Problem(name, line, column if column else None, rule, row_id)
        if problem not in problems:
            problems.append(problem)
    return sorted(problems, key=lambda p: -1 if p.line is None else p.line)


def data_folder(data_dir: Path | str | None = None) -> Path:
    """The folder the data is read from: ``data_dir``, else the environment's
    DATA_DIR, else the bundled data/ folder (so every command reads the same)."""
    chosen = data_dir if data_dir not in (None, "") else os.environ.get("DATA_DIR")
    return Path(chosen) if chosen else DATA_DIR


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read report.txt and the three tables from ``data_dir`` (see data_folder),
    validate, return them; DataError lists every broken rule."""
    root = data_folder(data_dir)
    if not root.is_dir():
        rule = "is not a folder" if root.exists() else "the data folder does not exist"
        raise DataError([Problem(str(root), None, None, rule)], root)
    problems: list[Problem] = []
    report = read_report(root, problems)
    frames: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        if name in OPTIONAL_TABLES and not os.path.lexists(root / name):
            frames[name] = empty_table(name)
            continue
        frame = read_table(root / name, name, problems, root)
        if frame is not None:
            frames[name] = frame
            problems += _digit_problems(name, frame)
    return validated(report, frames, root, problems)


def _digit_problems(name: str, frame: pd.DataFrame) -> list[Problem]:
    """A number is written in the digits 0-9: Python would read ٠.٥ or ０.５ as
    0.5, so a cell that looks like a number to no one else would pass."""
    problems = []
    for column, spec in TABLES[name].to_schema().columns.items():
        if column not in frame.columns or str(spec.dtype) not in ("float64", "int64"):
            continue
        for line, cell in frame[column].items():
            if isinstance(cell, str) and not cell.isascii():
                problems.append(
                    Problem(
                        name,
                        line,
                        column,
                        f"must be written in the digits 0-9; found {cell!r}",
                    )
                )
    return problems


def validated(
    report: str | None,
    frames: dict[str, pd.DataFrame],
    where: Path | str,
    problems: list[Problem] | None = None,
    release: bool = True,
) -> Dataset:
    """The report and its tables (text cells, indexed by the line each row is
    named by in messages) checked by every rule of the project: the schemas, then
    the rules across tables. Files and the library both load through here, so a
    report is held to the same rules wherever it is kept."""
    problems = list(problems or [])
    tables: dict[str, pd.DataFrame] = {}
    for name, schema in TABLES.items():
        frame = frames.get(name)
        if frame is None and name in OPTIONAL_TABLES:
            frame = empty_table(name)
        if frame is None:
            continue
        try:
            tables[name] = schema.validate(frame, lazy=True)
        except pa_errors.SchemaErrors as error:
            problems.extend(_schema_problems(name, frame, error))
    if problems or report is None or len(tables) < len(TABLES):
        raise DataError(problems, Path(where))
    problems = check_provenance(
        report, tables["facts.csv"], tables["items.csv"], tables["outline.csv"]
    ) + page_problems(tables["pages.csv"])
    if problems:
        raise DataError(problems, Path(where))
    # Rows were indexed by physical line for the messages; the app counts from 0.
    tables = {name: table.reset_index(drop=True) for name, table in tables.items()}
    dataset = Dataset(
        report=report,
        facts=tables["facts.csv"],
        items=tables["items.csv"],
        outline=tables["outline.csv"],
        pages=tables["pages.csv"],
    )
    if release:  # a caller loading many reports releases once, after the last
        release_validation_memory()
    return dataset


REPORT_KEY = "report"


@cache
def _batch_schema(name: str) -> pa.DataFrameSchema:
    """Table ``name``'s schema without its uniqueness rules: many reports' rows
    are checked in one frame, where ids repeat from report to report (uniqueness
    is checked within each report instead)."""
    schema = TABLES[name].to_schema()
    batch = schema.update_columns(
        {column: {"unique": False} for column in schema.columns}
    )
    batch.unique = None
    return batch


UNIQUE_KEYS = {
    "facts.csv": ["id"],
    "items.csv": ["list_id", "position"],
    "outline.csv": ["section"],
    "pages.csv": ["page"],
}


def _rows_of(combined: pd.DataFrame, n: int, name: str) -> pd.DataFrame:
    """Report ``n``'s rows of a table checked for many reports (none: empty)."""
    if n not in combined.index.get_level_values(REPORT_KEY):
        return empty_table(name)
    return combined.xs(n, level=REPORT_KEY)


def validated_many(
    entries: list[tuple[str, dict[str, pd.DataFrame], str]],
) -> list[Dataset]:
    """``validated`` for many reports at once, each a (text, frames, where): the
    schemas run once over every report's rows (their cost is mostly fixed per
    call), the rules across tables on each report. When any rule is broken, the
    reports are checked one by one, so the message is the one ``validated``
    gives for the report that broke it."""
    if not entries:
        return []
    checked: dict[str, pd.DataFrame] = {}
    one_by_one = False
    for name in TABLES:
        combined = pd.concat(
            [
                frames[name] if name in frames else empty_table(name)
                for _, frames, _ in entries
            ],
            keys=range(len(entries)),
            names=[REPORT_KEY, "line"],
        )
        flat = combined.reset_index(level=REPORT_KEY)
        if flat.duplicated(subset=[REPORT_KEY, *UNIQUE_KEYS[name]]).any():
            one_by_one = True
            break
        try:
            checked[name] = _batch_schema(name).validate(combined, lazy=True)
        except pa_errors.SchemaErrors:
            one_by_one = True
            break
    if one_by_one:
        return [
            validated(text, frames, where, release=False)
            for text, frames, where in entries
        ]
    datasets = []
    for n, (text, _, where) in enumerate(entries):
        tables = {name: _rows_of(checked[name], n, name) for name in TABLES}
        problems = check_provenance(
            text, tables["facts.csv"], tables["items.csv"], tables["outline.csv"]
        ) + page_problems(tables["pages.csv"])
        if problems:
            raise DataError(problems, Path(where))
        tables = {name: table.reset_index(drop=True) for name, table in tables.items()}
        datasets.append(
            Dataset(
                report=text,
                facts=tables["facts.csv"],
                items=tables["items.csv"],
                outline=tables["outline.csv"],
                pages=tables["pages.csv"],
            )
        )
    return datasets


def release_validation_memory() -> None:
    """Hand the memory that validation used back to the system: each server worker
    keeps only the dataset (glibc keeps freed memory for reuse otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to release this way
        pass
