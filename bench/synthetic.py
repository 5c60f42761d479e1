"""A data folder ``times`` times larger than the bundled one, valid by the project's
own rules: the same report and outline, with facts and list items repeated. Copy 0
keeps the real ids (the overview's cards name them); copy n suffixes every fact id,
list id and id inside a formula with ``_xn``, and keeps excerpts and offsets.

    python -m bench.synthetic OUT_DIR [--times 1000] [--check]
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import time
from pathlib import Path

from bench.common import ROOT

DATA = ROOT / "data"
ID = re.compile(r"[a-z][a-z0-9_]*")  # every id in a formula ('count(x)', 'a / b')


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _suffixed(text: str, suffix: str) -> str:
    """``text`` with every id in it suffixed ('count' itself is not an id)."""
    return ID.sub(lambda m: m[0] if m[0] == "count" else m[0] + suffix, text)


def generate(out_dir: Path, times: int = 1000) -> Path:
    """Write report, outline, and ``times`` copies of facts and items to ``out_dir``."""
    if out_dir.resolve() == DATA.resolve():
        raise ValueError("write the synthetic data elsewhere, never into data/")
    facts, items = _read("facts.csv"), _read("items.csv")
    if any(re.search(r"_x\d+$", row["id"]) for row in facts):
        raise ValueError("a fact id already ends like a copy suffix (_xN)")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "source").mkdir(exist_ok=True)
    shutil.copy(DATA / "source" / "report.txt", out_dir / "source" / "report.txt")
    for name in ("outline.csv", "pages.csv"):
        shutil.copy(DATA / name, out_dir / name)
    all_facts, all_items = [], []
    for copy in range(times):
        suffix = f"_x{copy}" if copy else ""
        for fact in facts:
            all_facts.append(
                {
                    **fact,
                    "id": fact["id"] + suffix,
                    "formula": _suffixed(fact["formula"], suffix),
                }
            )
        for item in items:
            all_items.append({**item, "list_id": item["list_id"] + suffix})
    _write(out_dir / "facts.csv", all_facts)
    _write(out_dir / "items.csv", all_items)
    return out_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--times", type=int, default=1000)
    parser.add_argument(
        "--check", action="store_true", help="validate it as the app does, timed"
    )
    args = parser.parse_args()
    generate(args.out_dir, args.times)
    print(f"wrote {args.out_dir}")
    if args.check:
        from data import load_dataset

        started = time.perf_counter()
        dataset = load_dataset(args.out_dir)
        print(
            f"valid: {len(dataset.facts):,} facts, {len(dataset.items):,} list items "
            f"in {time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
