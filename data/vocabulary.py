"""The vocabularies every report shares: themes, units and kinds of unit.

They live in three small files of data/ (themes.csv, units.csv, unit_kinds.csv),
not in code: a new report that counts in 亿元 or 万吨 needs a row, never a code
change. A unit has zh/en names (after a number, and as an axis title), a kind (what
the "unit kind" filter groups it under) and a scale relative to its base unit
(亿元 is 元 × 10⁸), so two facts are only ever compared in one base.

The files are read once, at import, and checked: a broken vocabulary stops every
command with a message that names the file, the line and the rule.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

VOCABULARY_DIR = Path(__file__).resolve().parent
ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
NAME_MAX = 40
COLUMNS = {
    "themes.csv": ("theme", "name_zh", "name_en"),
    "unit_kinds.csv": ("kind", "name_zh", "name_en"),
    "units.csv": (
        "unit",
        "name_zh",
        "name_en",
        "axis_zh",
        "axis_en",
        "kind",
        "base",
        "scale",
    ),
}


class VocabularyError(ValueError):
    """A vocabulary file breaks a rule; the message names file, line and rule."""


@dataclass(frozen=True)
class Vocabulary:
    """The three vocabularies, in their files' order (the order shown on screen)."""

    themes: dict[str, dict[str, str]]
    unit_kinds: dict[str, dict[str, str]]
    units: dict[str, dict[str, str | float]]

    def theme_name(self, theme: str, lang: str) -> str:
        return self.themes[theme][f"name_{lang}"]

    def unit_kind_name(self, kind: str, lang: str) -> str:
        return self.unit_kinds[kind][f"name_{lang}"]

    def unit_name(self, unit: str, lang: str) -> str:
        """The unit as written after a number: 人次, 亿元 / person-times."""
        return str(self.units[unit][f"name_{lang}"])

    def unit_axis(self, unit: str, lang: str) -> str:
        """The unit as an axis title: 人次, 金额（亿元） / Person-times."""
        return str(self.units[unit][f"axis_{lang}"])


def _rows(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    path = folder / name
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise VocabularyError(f"{path}: cannot be read ({error})") from None
    if not lines or tuple(lines[0]) != COLUMNS[name]:
        raise VocabularyError(
            f"{path}, line 1: the header must be {','.join(COLUMNS[name])}"
        )
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if len(cells) != len(COLUMNS[name]):
            raise VocabularyError(
                f"{path}, line {number}: has {len(cells)} fields where the header "
                f"has {len(COLUMNS[name])}"
            )
        row = dict(zip(COLUMNS[name], cells))
        for column, cell in row.items():
            if not cell.strip() or len(cell) > NAME_MAX or cell != cell.strip():
                raise VocabularyError(
                    f"{path}, line {number}, column {column}: must be 1 to "
                    f"{NAME_MAX} characters without spaces around it"
                )
        rows.append((number, row))
    return rows


def _keyed(folder: Path, name: str) -> dict[str, dict[str, str]]:
    key = COLUMNS[name][0]
    found: dict[str, dict[str, str]] = {}
    for number, row in _rows(folder, name):
        if not ID.fullmatch(row[key]):
            raise VocabularyError(
                f"{folder / name}, line {number}, column {key}: {row[key]!r} must be "
                "lower-case letters, digits and _ , starting with a letter"
            )
        if row[key] in found:
            raise VocabularyError(
                f"{folder / name}, line {number}, column {key}: {row[key]!r} is "
                "named twice"
            )
        found[row[key]] = row
    return found


def load_vocabulary(folder: Path = VOCABULARY_DIR) -> Vocabulary:
    """Read and check the three vocabulary files of ``folder``."""
    themes = _keyed(folder, "themes.csv")
    kinds = _keyed(folder, "unit_kinds.csv")
    units: dict[str, dict[str, str | float]] = {}
    for unit, row in _keyed(folder, "units.csv").items():
        where = f"{folder / 'units.csv'}, unit {unit!r}"
        if row["kind"] not in kinds:
            raise VocabularyError(
                f"{where}: kind {row['kind']!r} is not in unit_kinds.csv"
            )
        try:
            scale = float(row["scale"])
        except ValueError:
            scale = float("nan")
        if not scale > 0 or scale == float("inf"):
            raise VocabularyError(f"{where}: scale must be a positive number")
        units[unit] = {**row, "scale": scale}
    for unit, row in units.items():
        base = units.get(str(row["base"]))
        if base is None or base["base"] != row["base"] or base["scale"] != 1:
            raise VocabularyError(
                f"{folder / 'units.csv'}, unit {unit!r}: base {row['base']!r} must "
                "be a unit of the file whose own base is itself, with scale 1"
            )
    return Vocabulary(themes=themes, unit_kinds=kinds, units=units)


VOCABULARY = load_vocabulary()
