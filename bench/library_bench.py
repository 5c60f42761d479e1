"""How long a worker takes to load a library of many reports, and how much memory it
then holds: a SQLite library of N reports (the bundled report under N slugs, each
checked by every rule when it is read), loaded by a fresh process as a worker
does when it starts. The floor is the same process reading the same rows from the
same database without building or checking anything."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bench.common import ROOT, Row

TIME_LIMIT = 5.0  # seconds to load the whole library, per worker
MEMORY_LIMIT = 300.0  # MB a worker holds with the whole library loaded

# Run in a fresh interpreter: what one worker does at start, and what it costs.
PROBE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
started = time.perf_counter()
from sqlalchemy import select
from library import Library
from library import models as m
imported = time.perf_counter()
library = Library.open(sys.argv[1])
with library.engine.connect() as connection:
    read = time.perf_counter()
    for table in (m.versions, m.facts, m.items, m.outline, m.pages):
        connection.execute(select(table)).all()
    floor = time.perf_counter() - read
began = time.perf_counter()
loaded = library.load_all()
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"reports": len(loaded), "seconds": seconds, "floor": floor,
                  "peak_mb": peak, "import": imported - started}))
"""

BASELINE = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[1])
import dashboard  # noqa: F401  (what a worker imports)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mb": peak}))
"""


def build(url: str, reports: int) -> None:
    """A library of ``reports`` copies of the bundled report."""
    from data.loader import DATA_DIR
    from library import Library
    from library.files import read_folder

    library = Library.open(url)
    meta, dataset, files = read_folder(DATA_DIR)
    for n in range(reports):
        library.save(
            replace(meta, slug=f"report_{n:03d}"),
            dataset,
            source_name="data/",
            source_sha256="",
            note="benchmark copy",
        )
    library.engine.dispose()


def _probe(script: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(reports: int = 100) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'library.sqlite3'}"
        build(url, reports)
        run = _probe(PROBE, url, str(ROOT))
        base = _probe(BASELINE, str(ROOT))
    assert run["reports"] == reports
    return [
        Row(
            f"load a library of {reports} reports (one worker)",
            run["seconds"],
            "s",
            floor=run["floor"],
            limit=TIME_LIMIT,
            note="floor: reading the same rows, nothing built or checked",
        ),
        Row(
            f"peak memory with {reports} reports loaded",
            run["peak_mb"],
            "MB",
            floor=base["peak_mb"],
            limit=MEMORY_LIMIT,
            note="floor: a worker's process with the code loaded, no library",
        ),
    ]


if __name__ == "__main__":
    for row in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 100):
        print(row.cells())
