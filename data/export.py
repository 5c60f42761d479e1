"""Rows as CSV for spreadsheets: UTF-8 with a byte-order mark, so Excel reads the
Chinese correctly, and no cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import pandas as pd

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would read as a formula with "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows_to_csv(rows: pd.DataFrame) -> str:
    """The CSV text of ``rows`` (with BOM); numbers stay numbers."""
    safe = rows.apply(lambda column: column.map(neutralise))
    return BOM + safe.to_csv(index=False, lineterminator="\r\n")
