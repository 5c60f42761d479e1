"""Load the report and its tables once, validate them, and hand back a Dataset.

Any broken file raises :class:`DataError`, whose message names the file, the line,
the column and the rule broken, so the command line can print it without a traceback.
"""

from __future__ import annotations

import csv
import ctypes
import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors
import pandera.pandas as pa

from data.measure import measure_word
from data.provenance import Problem, check_provenance
from data.schemas import MEASURE, FactSchema, ItemSchema, OutlineSchema

DATA_DIR = Path(__file__).resolve().parent
REPORT_PATH = Path("source") / "report.txt"
TABLES: dict[str, type[pa.DataFrameModel]] = {
    "facts.csv": FactSchema,
    "items.csv": ItemSchema,
    "outline.csv": OutlineSchema,
}


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
    """The report text and its three validated tables. Never mutated after load."""

    report: str
    facts: pd.DataFrame
    items: pd.DataFrame
    outline: pd.DataFrame
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
        for table in (self.facts, self.items, self.outline):
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


def _read_text(path: Path, name: str, problems: list[Problem]) -> str | None:
    if not path.is_file():
        problems.append(Problem(name, None, None, "file is missing"))
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                name,
                None,
                None,
                f"is not valid UTF-8 (byte {exc.start}): save it as UTF-8",
            )
        )
        return None


def read_table(path: Path, name: str, problems: list[Problem]) -> pd.DataFrame | None:
    """A CSV file as strings, or None with the reason appended to ``problems``."""
    text = _read_text(path, name, problems)
    if text is None:
        return None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        problems.append(
            Problem(name, None, None, "file is empty: it needs a header row")
        )
        return None
    width = len(rows[0])
    bad = [
        (number, len(row))
        for number, row in enumerate(rows[1:], start=2)
        if row and len(row) != width
    ]
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
    if bad:
        return None
    # One string object per distinct cell value, not per cell: large tables repeat
    # their sections, themes, units and excerpts many times.
    shared: dict[str, str] = {}
    body = [[shared.setdefault(cell, cell) for cell in row] for row in rows[1:] if row]
    return pd.DataFrame(body, columns=rows[0], dtype=str)


_RULES = {
    "column_in_dataframe": "required column is missing",
    "column_in_schema": "column is not part of the table (check its spelling)",
    "field_uniqueness": "must be unique, but repeats",
    "multiple_fields_uniqueness": "this combination must be unique, but repeats",
    "str_matches": "does not match the required pattern",
    "isin": "is not an allowed value",
    "greater_than_or_equal_to": "must be at least",
    "str_length": "has the wrong length",
    "coerce_dtype": "has the wrong type",
}
_TYPES = {
    "'float64'": "must be a number",
    "'int64'": "must be a whole number",
    "'bool'": "must be true or false",
}


def _describe(check: str) -> str:
    name, _, argument = str(check).partition("(")
    argument = argument[:-1] if argument.endswith(")") else argument
    if name == "isin":
        allowed = argument.strip("()[]").replace("'", "")
        return f"is not an allowed value (allowed: {allowed.rstrip(',')})"
    if name == "coerce_dtype":
        return _TYPES.get(argument, f"has the wrong type (expected {argument})")
    rule = _RULES.get(name, name)
    return f"{rule} ({argument})" if argument else rule


def _schema_problems(
    name: str, frame: pd.DataFrame, error: pa_errors.SchemaErrors
) -> list[Problem]:
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
        line = int(index) + 2 if index is not None and not pd.isna(index) else None
        column = case.get("column")
        failure = case.get("failure_case")
        if case.get("check") in ("column_in_dataframe", "column_in_schema"):
            column, failure = failure, None
        rule = _describe(case.get("check"))
        if failure is not None and not pd.isna(failure) and line is not None:
            rule += f"; found {failure!r}"
        row_id = None
        if line is not None and "id" in frame.columns:
            row_id = frame.iloc[line - 2]["id"]
        problem = Problem(name, line, column if column else None, rule, row_id)
        if problem not in problems:
            problems.append(problem)
    return problems


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    """Read report.txt and the three tables from ``data_dir``, validate, return them."""
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    problems: list[Problem] = []
    report = _read_text(root / REPORT_PATH, str(REPORT_PATH), problems)
    tables: dict[str, pd.DataFrame] = {}
    for name, schema in TABLES.items():
        frame = read_table(root / name, name, problems)
        if frame is None:
            continue
        try:
            tables[name] = schema.validate(frame, lazy=True)
        except pa_errors.SchemaErrors as error:
            problems.extend(_schema_problems(name, frame, error))
    if problems or report is None:
        raise DataError(problems, root)
    problems = check_provenance(
        report, tables["facts.csv"], tables["items.csv"], tables["outline.csv"]
    )
    if problems:
        raise DataError(problems, root)
    dataset = Dataset(
        report=report,
        facts=tables["facts.csv"],
        items=tables["items.csv"],
        outline=tables["outline.csv"],
    )
    _release_validation_memory()
    return dataset


def _release_validation_memory() -> None:
    """Hand the memory that validation used back to the system: each server worker
    keeps only the dataset (glibc keeps freed memory for reuse otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to release this way
        pass
