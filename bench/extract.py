"""The extractor (ingest/) on the bundled report and on a long one.

1. Recall and precision of the proposed stated facts against the curated stated
   facts of the bundled report (data/facts.csv, kind "stated"): a proposed fact
   matches a curated one when their excerpts overlap in the report and their
   values are equal; each fact matches at most one other. A curated fact that
   is a date (in calendar months) is matched with the dates the extractor keeps
   apart from quantities.
2. The time to ingest (read the file, propose every table) a report of about
   30,000 characters built from the genre's text (the bundled report and the test
   samples, their numbers varied copy by copy), beside a floor measured in the
   same run: reading the same file and finding every numeral with one regular
   expression.

    python -m bench.extract
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.common import ROOT, Row, markdown
from data.numerals import NUMBER_TOKEN
from data.schemas import FactSchema as F
from ingest import propose, read_source

REPORT = ROOT / "data" / "source" / "report.txt"
SAMPLES = ROOT / "tests" / "unit" / "ingest_samples"
LONG_CHARACTERS = 30_000
RECALL_MIN, PRECISION_MIN = 0.98, 0.95
SECONDS_MAX = 2.0
CALENDAR_MONTH = "calendar_month"  # the unit of a fact that is a date
RUNS = 5


def match(curated: pd.DataFrame, proposed: pd.DataFrame) -> list[tuple[str, str]]:
    """(curated id, proposed id) pairs: excerpts overlap and values are equal."""
    pairs, used = [], set()
    for row in curated.to_dict("records"):
        a, b = row[F.start], row[F.start] + len(row[F.excerpt])
        for other in proposed.to_dict("records"):
            c, d = other[F.start], other[F.start] + len(other[F.excerpt])
            if other[F.id] in used or not (a < d and c < b):
                continue
            if abs(other[F.value] - row[F.value]) < 1e-9:
                pairs.append((row[F.id], other[F.id]))
                used.add(other[F.id])
                break
    return pairs


def proposed_dates(dates: pd.DataFrame) -> pd.DataFrame:
    """The extractor's dates (kept apart from quantities) as facts in a calendar
    month, to be matched with the curated facts that state one."""
    dates = dates.dropna(subset=["month"])
    return pd.DataFrame(
        {
            F.id: [f"date@{start}" for start in dates["start"]],
            F.start: dates["start"],
            F.excerpt: dates["text"],
            F.value: dates["month"].astype(float),
        }
    )


def accuracy() -> tuple[float, float, list[str], list[str]]:
    """Recall, precision, the curated ids missed and the proposed excerpts that
    match nothing. A curated fact in calendar months (去年9月下旬) is a date: it is
    matched with the dates the extractor keeps apart, not with its quantities."""
    report = REPORT.read_text(encoding="utf-8")
    curated = pd.read_csv(ROOT / "data" / "facts.csv", dtype={F.section: str})
    curated = curated[curated[F.kind] == "stated"]
    is_date = curated[F.unit] == CALENDAR_MONTH
    proposal = propose(report)
    proposed = proposal.facts[proposal.facts[F.kind] == "stated"]
    stated = match(curated[~is_date], proposed)
    pairs = stated + match(curated[is_date], proposed_dates(proposal.dates))
    found = {c for c, _ in pairs}
    matched = {p for _, p in pairs}
    missed = [fid for fid in curated[F.id] if fid not in found]
    extra = proposed[~proposed[F.id].isin(matched)][F.excerpt].tolist()
    return len(pairs) / len(curated), len(stated) / len(proposed), missed, extra


def long_report(characters: int = LONG_CHARACTERS) -> str:
    """About ``characters`` of the genre's text: the bundled report and the
    samples, repeated with every Arabic number changed copy by copy."""
    parts = [REPORT.read_text(encoding="utf-8")]
    parts += [
        path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))
    ]
    copies, copy = [], 0
    while sum(len(part) + 1 for part in copies) < characters:
        for part in parts:
            copy += 1
            copies.append(
                re.sub(r"\d+", lambda m, k=copy: str(int(m.group()) + k), part)
            )
    text = "\n".join(copies)
    cut = text.rfind("\n", 0, characters)
    return text[: cut if cut > 0 else characters]


def _median_seconds(job, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timing() -> tuple[float, float, int, int]:
    """(seconds to ingest, seconds of the floor, characters, facts proposed)."""
    text = long_report()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(text, encoding="utf-8")
        facts = len(propose(read_source(path).text).facts)  # warm imports
        seconds = _median_seconds(lambda: propose(read_source(path).text))
        floor = _median_seconds(
            lambda: sum(1 for _ in NUMBER_TOKEN.finditer(path.read_text("utf-8")))
        )
    return seconds, floor, len(text), facts


def measure() -> list[Row]:
    recall, precision, missed, extra = accuracy()
    seconds, floor, characters, facts = timing()
    return [
        Row(
            "stated facts missed (1 − recall), bundled report",
            round(100 * (1 - recall), 1),
            "%",
            limit=round(100 * (1 - RECALL_MIN), 1),
            note=f"recall {recall:.1%}; missed: {', '.join(missed) or 'none'}",
        ),
        Row(
            "proposed facts not curated (1 − precision), bundled report",
            round(100 * (1 - precision), 1),
            "%",
            limit=round(100 * (1 - PRECISION_MIN), 1),
            note=f"precision {precision:.1%}; unmatched: "
            + ("; ".join(extra) or "none"),
        ),
        Row(
            f"ingest {characters:,} characters (read + propose)",
            round(seconds * 1000, 1),
            "ms",
            floor=round(floor * 1000, 2),
            limit=SECONDS_MAX * 1000,
            note=f"{facts} facts proposed; floor: read the file and find every "
            f"numeral with one regex; median of {RUNS}",
        ),
    ]


if __name__ == "__main__":
    print(markdown(measure()))
