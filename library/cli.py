"""The library's commands:

    python dashboard.py db upgrade
    python dashboard.py library
    python dashboard.py ingest FILE [--slug S] [--title T] [--replace]
    python dashboard.py import-data DIR [--slug S] [--replace]
    python dashboard.py export-data SLUG --out DIR

Each failure is one message on stderr and exit status 2; nothing is written.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from pathlib import Path

import pandas as pd

from data import DataError, Dataset
from data.loader import DATA_DIR, validated
from data.numerals import NUMBER_TOKEN
from library.bundled import ensure_bundled
from library.database import LibraryError, describe, open_engine, upgrade
from library.files import read_folder, write_folder
from library.reports import NAME_MAX, UNSHOWABLE, Library, ReportMeta

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # what a shell reports for a command ended by Ctrl+C
COMMANDS = ("db", "library", "ingest", "import-data", "export-data")


def add_parsers(sub) -> None:
    """The library's sub-commands, on the dashboard's command line."""
    db = sub.add_parser("db", help="manage the library's database")
    db.add_argument("action", choices=["upgrade"], help="bring it up to date")
    sub.add_parser("library", help="list the reports in the library")
    ingest = sub.add_parser(
        "ingest", help="bring a report in from a .txt, .docx or .pdf file"
    )
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--slug", help="its name in addresses")
    ingest.add_argument("--title", default="", help="default: its first line")
    ingest.add_argument("--replace", action="store_true", help="add a new version")
    load = sub.add_parser(
        "import-data", help="bring a report in from a folder export-data wrote"
    )
    load.add_argument("folder", type=Path)
    load.add_argument("--slug")
    load.add_argument("--replace", action="store_true")
    export = sub.add_parser(
        "export-data", help="write a report as report.txt and CSV files"
    )
    export.add_argument("slug")
    export.add_argument("--out", type=Path, required=True)


def slug_for(name: str, text: str) -> str:
    """A slug from a file name (ASCII letters and digits kept), else from the
    text's digest: 2024年政府工作报告.docx → report_3f2a9c1e."""
    stem = re.sub(r"[^a-z0-9]+", "_", Path(name).stem.lower()).strip("_")
    if stem and stem[0].isalpha() and re.fullmatch(r"[a-z0-9_]+", stem):
        return stem[:64]
    return "report_" + hashlib.sha256(text.encode()).hexdigest()[:8]


def check_slug_given(slug: str | None) -> None:
    """Refuse a --slug given empty or with spaces (it is never silently replaced
    by one made from the file's name)."""
    if slug is not None and (not slug.strip() or slug != slug.strip()):
        raise LibraryError(
            f"--slug {slug!r} is empty or has spaces: give a name of lower-case "
            "letters, digits and _, or leave --slug out"
        )


# More numbers than one report of the genre states (a government work report
# states a few hundred): the file is refused before anything is saved.
MAX_FACTS = 10_000


def too_many_facts(name: str) -> str:
    return (
        f"{name}: more than {MAX_FACTS:,} numbers, more than one report states; "
        "split it into its reports and bring each in alone"
    )


def proposed_report(args: argparse.Namespace) -> tuple[ReportMeta, Dataset, dict]:
    """The report in ``args.file`` with its proposed facts, checked by every rule,
    before the library is touched."""
    return report_from_file(args.file, args.slug, args.title)


def report_from_file(
    path: str | Path, slug: str | None, title: str
) -> tuple[ReportMeta, Dataset, dict]:
    """The report in the file at ``path`` with its proposed facts, checked by
    every rule, before the library is touched: (meta, dataset, origin), origin
    being what ``Library.save`` keeps of where it came from. ``slug`` None: made
    from the file's name (``slug_for``); ``title`` empty: its first line. The
    command line's ingest and an editor's upload both bring reports in here."""
    from ingest import IngestError, propose, read_source

    check_slug_given(slug)
    try:
        source = read_source(path)
    except IngestError as error:
        raise LibraryError(str(error)) from None
    # Counted before any is proposed: a text of tens of thousands of numbers is
    # not one report, and proposing them all would take minutes.
    if sum(1 for _ in NUMBER_TOKEN.finditer(source.text)) > 2 * MAX_FACTS:
        raise LibraryError(too_many_facts(source.name))
    proposal = propose(source.text)
    if len(proposal.facts) > MAX_FACTS:
        raise LibraryError(too_many_facts(source.name))
    frames = {
        name: frame.set_axis(pd.RangeIndex(2, 2 + len(frame), name="line"))
        for name, frame in (
            ("facts.csv", proposal.facts),
            ("items.csv", proposal.items),
            ("outline.csv", proposal.outline),
        )
    }
    dataset = validated(source.text, frames, source.name)
    if title and not title.strip():
        raise LibraryError("--title is only spaces: give the report's title")
    # A title given is kept as given (and refused when too long); the first line
    # of the text stands in, its spaces made one, without the soft hyphens and
    # zero-width spaces a word processor leaves, cut to fit.
    first = " ".join(source.text.strip().split("\n", 1)[0].split())
    first = "".join(c for c in first if unicodedata.category(c) not in UNSHOWABLE)
    title = title.strip() or first[:NAME_MAX].strip()
    meta = ReportMeta(
        slug=slug or slug_for(source.name, source.text),
        title_zh=title,
        title_en=title,
    )
    origin = {
        "source_name": source.name,
        "source_sha256": source.sha256,
        "note": f"ingested from {source.name}",
    }
    return meta, dataset, origin


def _ingest(library: Library, args, meta, dataset, origin) -> str:
    number = library.save(meta, dataset, replace=args.replace, **origin)
    return (
        f"Ingested {origin['source_name']} as report {meta.slug!r}, version "
        f"{number}: {len(dataset.facts)} facts proposed, {len(dataset.list_ids)} "
        f"lists, {len(dataset.outline)} sections."
    )


def _import(library: Library, args, meta, dataset, files) -> str:
    from ingest.read import shown

    folder = shown(str(args.folder))
    number = library.save(
        meta,
        dataset,
        source_name=shown(args.folder.name) + "/",
        source_sha256=files.get("report.txt", files.get("source/report.txt", "")),
        note=f"imported from {folder}",
        files=files,
        replace=args.replace,
    )
    return f"Imported {folder} as report {meta.slug!r}, version {number}."


def _export(library: Library, args: argparse.Namespace) -> str:
    loaded = library.load(args.slug)
    written = write_folder(loaded, args.out)
    return (
        f"Wrote {len(written)} files of {args.slug!r} (version {loaded.version}) "
        f"to {args.out}"
    )


def _listing(library: Library) -> str:
    from ingest.read import shown

    reports = library.reports()
    if reports.empty:
        return "The library has no reports yet."
    lines = []
    for row in reports.itertuples(index=False):
        period = f", {row.period}" if row.period else ""
        # Shown escaped: a library written before titles were checked, or by
        # hand, may hold a terminal escape or a newline in them.
        lines.append(
            shown(
                f"{row.slug}: {row.title_zh} ({row.organisation or '-'}{period}); "
                f"version {row.version}, {row.facts} facts, {row.reviewed} reviewed"
            )
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run one library command; returns the exit status."""
    try:
        if args.command == "db":
            engine = open_engine()
            changed = upgrade(engine)
            state = "brought up to date" if changed else "already up to date"
            print(f"{describe(engine)} is {state}.")
            return 0
        # A new report is read and checked before the library is opened: a bad
        # file leaves the library as it was.
        if args.command == "ingest":
            prepared = proposed_report(args)
        elif args.command == "import-data":
            check_slug_given(args.slug)
            prepared = read_folder(args.folder, slug=args.slug or "")
        if args.command in ("ingest", "import-data") and (
            problem := prepared[0].problem()
        ):
            raise LibraryError(f"cannot save the report: {problem}")
        library = Library.open()
        if warning := ensure_bundled(library, DATA_DIR):
            print(warning, file=sys.stderr)
        if args.command == "library":
            print(_listing(library))
        elif args.command == "ingest":
            print(_ingest(library, args, *prepared))
        elif args.command == "import-data":
            print(_import(library, args, *prepared))
        else:
            print(_export(library, args))
    except (LibraryError, DataError) as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Every write is one transaction, rolled back when interrupted.
        print(
            "Interrupted: the library keeps what it had before this command; "
            "run it again to finish",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return 0
