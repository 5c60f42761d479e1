"""A library for tests that need more than the bundled report: the bundled report,
a government work report from a GBK .txt and a CPPCC work report from a .docx,
both brought in by the ingest command's own code (every fact proposed)."""

from __future__ import annotations

import argparse
from pathlib import Path

import docx

from library import Library
from library.bundled import ensure_bundled
from library.cli import proposed_report

SAMPLES = Path(__file__).resolve().parent / "unit" / "ingest_samples"
GBK_REPORT = "gov_gbk"
DOCX_REPORT = "cppcc_docx"


def sample_files(folder: Path) -> dict[str, Path]:
    """The two sample reports as the files an editor would bring in."""
    government = folder / "government.txt"
    text = (SAMPLES / "government_work_report.txt").read_text(encoding="utf-8")
    government.write_bytes(text.encode("gbk"))
    document = docx.Document()
    cppcc = (SAMPLES / "cppcc_work_report.txt").read_text(encoding="utf-8")
    for line in cppcc.split("\n"):
        document.add_paragraph(line)
    document.save(folder / "cppcc.docx")
    return {GBK_REPORT: government, DOCX_REPORT: folder / "cppcc.docx"}


def build_library(url: str, folder: Path) -> Library:
    """The library at ``url`` with the bundled report and the two samples."""
    library = Library.open(url)
    ensure_bundled(library)
    for slug, path in sample_files(folder).items():
        args = argparse.Namespace(file=path, slug=slug, title="", replace=False)
        meta, dataset, origin = proposed_report(args)
        library.save(meta, dataset, **origin)
    return library
