"""What every benchmark reports: rows of a table, each figure beside its floor
(the best the same machine does in the same run) and the target it is held to."""

from __future__ import annotations

import platform
import statistics
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Row:
    """One line of a benchmark table.

    ``floor`` is the same measure taken on the simplest thing that could do the job
    (a static page, a bare route, the browser's own redraw), in the same run;
    ``limit`` is the most ``value`` may be: an absolute bound, or — when ``ratio``
    is True — a bound on ``value / floor``."""

    measure: str
    value: float
    unit: str
    floor: float | None = None
    limit: float | None = None
    ratio: bool = False
    note: str = ""

    @property
    def compared(self) -> float | None:
        """value / floor, when there is a floor."""
        return self.value / self.floor if self.floor else None

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when the row has no target."""
        if self.limit is None:
            return None
        measured = self.compared if self.ratio else self.value
        return measured is not None and measured <= self.limit

    def cells(self) -> list[str]:
        floor = "" if self.floor is None else f"{_num(self.floor)} {self.unit}"
        ratio = "" if self.compared is None else f"{self.compared:.2f}×"
        if self.limit is None:
            target = ""
        elif self.ratio:
            target = f"≤ {self.limit:g}× floor"
        else:
            target = f"≤ {_num(self.limit)} {self.unit}"
        met = {None: "", True: "met", False: "**missed**"}[self.met]
        return [
            self.measure,
            f"{_num(self.value)} {self.unit}",
            floor,
            ratio,
            target,
            met,
            self.note,
        ]


def _num(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


HEADER = ["measure", "value", "floor", "value / floor", "target", "", "note"]


def markdown(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def percentile(values: list[float], share: float) -> float:
    """The ``share`` (0–100) percentile of ``values``, by linear interpolation."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share) - 1]


def machine() -> str:
    """The machine and the versions that matter, for the record under each table."""
    import os

    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("dash", "plotly", "pandas", "gunicorn", "playwright")
    )
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; "
        f"{packages}"
    )


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
