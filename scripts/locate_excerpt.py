"""Print where an excerpt occurs in the report, for the `start` column of a table.

python scripts/locate_excerpt.py "发放调查问卷236份"
3029  section 1.4  …意见。三是发放调查问卷236份，征求全体政协委员…
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.loader import DATA_DIR, REPORT_PATH, read_table  # noqa: E402
from data.provenance import section_at  # noqa: E402
from data.schemas import OutlineSchema  # noqa: E402

CONTEXT = 12


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0]:
        print(__doc__, file=sys.stderr)
        return 2
    excerpt = argv[0]
    report = (DATA_DIR / REPORT_PATH).read_text(encoding="utf-8")
    outline = OutlineSchema.validate(
        read_table(DATA_DIR / "outline.csv", "outline.csv", [])
    )
    start, found = report.find(excerpt), False
    while start >= 0:
        found = True
        before = report[max(0, start - CONTEXT) : start].replace("\n", " ")
        after = report[start + len(excerpt) : start + len(excerpt) + CONTEXT]
        print(
            f"{start}  section {section_at(outline, start)}  "
            f"…{before}[{excerpt}]{after.replace(chr(10), ' ')}…"
        )
        start = report.find(excerpt, start + 1)
    if not found:
        print(f"not found in {REPORT_PATH}: {excerpt!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
