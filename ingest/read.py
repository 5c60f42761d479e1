"""Read a report's file into text: .txt (UTF-8, UTF-8 with a byte-order mark, or
GB18030/GBK, told apart by charset-normalizer), .docx (paragraphs and tables, in
document order, through python-docx) and the text layer of a PDF (pypdf).

Every offset the extractor proposes refers to ``Source.text``, which is the text as
read and decoded: only line ends are made "\\n" (and a leading byte-order mark is
dropped), so the offsets hold in the text that is stored.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError

# A report of this kind is tens of thousands of characters; more than this much
# text is not one report.
MAX_TEXT_BYTES = 5 * 2**20
# A .docx or a PDF may carry pictures: the file may be larger than its text.
MAX_FILE_BYTES = 100 * 2**20
FORMATS = {".txt": "txt", ".docx": "docx", ".pdf": "pdf"}
# Encodings a Chinese report's plain text is saved in; charset-normalizer decides.
TEXT_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16"]
# Every line break some reader knows, made "\n" (the report is one line per line).
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Characters no report text holds: C0/C1 controls (tab and newline apart), marks
# that reorder text on screen, a byte-order mark inside the text, non-characters.
CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
# PDFs often map CJK glyphs to Kangxi radicals (⼈ for 人): read them as the
# ideographs they are drawn as.
RADICALS = re.compile("[\u2f00-\u2fdf\u2e80-\u2eff]")


@dataclass(frozen=True)
class Source:
    """A report's text as read, with where it came from."""

    text: str
    name: str
    sha256: str
    format: str


def read_source(path: str | Path) -> Source:
    """Read the report at ``path``; IngestError says in one line why it cannot be."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise IngestError(
            f"{path.name}: unknown kind of file {path.suffix or '(no extension)'!r}; "
            "give a .txt, .docx or .pdf file"
        )
    data = _read_bytes(path)
    text = {"txt": _text_of_txt, "docx": _text_of_docx, "pdf": _text_of_pdf}[kind](
        path.name, data
    )
    text = LINE_BREAKS.sub("\n", text)
    if not text.strip():
        raise IngestError(
            f"{path.name}: holds no text; give the file that has the report's text"
        )
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise IngestError(
            f"{path.name}: more than {MAX_TEXT_BYTES // 2**20} MB of text, too much "
            "for one report; split it into its reports and bring each in alone"
        )
    return Source(
        text=text,
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=kind,
    )


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise IngestError(f"{path}: no such file; check the path")
    if not path.is_file():
        raise IngestError(f"{path}: not a regular file; give the report's file")
    limit = MAX_TEXT_BYTES if path.suffix.lower() == ".txt" else MAX_FILE_BYTES
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise IngestError(
            f"{path.name}: cannot be read ({error.strerror or error}); "
            "check its permissions"
        ) from None
    if not data:
        raise IngestError(f"{path.name}: the file is empty; give the report's file")
    if len(data) > limit:
        raise IngestError(
            f"{path.name}: larger than {limit // 2**20} MB, too much for one report; "
            "split it into its reports and bring each in alone"
        )
    return data


def _binary(name: str) -> IngestError:
    return IngestError(
        f"{name}: looks like a binary file, not text; save the report as plain "
        "text (UTF-8 or GBK), .docx or .pdf"
    )


def _text_of_txt(name: str, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _binary(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=TEXT_ENCODINGS).best()
        if best is None:
            raise _binary(name) from None
        text = str(best)
    text = text.removeprefix("\ufeff")
    if found := CONTROL.search(text):
        if len(CONTROL.findall(text[:8192])) > 8:
            raise _binary(name)
        line = text.count("\n", 0, found.start()) + 1
        raise IngestError(
            f"{name}, line {line}: holds the control character "
            f"U+{ord(found.group()):04X}, which no report text has; remove it and "
            "bring the file in again"
        )
    return text


def _clean(text: str) -> str:
    """Text extracted from a document, without what the extraction leaves behind:
    control characters, and radicals standing in for ideographs."""
    text = LINE_BREAKS.sub("\n", text)
    text = CONTROL.sub("", text)
    return RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _text_of_docx(name: str, data: bytes) -> str:
    not_word = IngestError(
        f"{name}: not a Word .docx document (not a readable .docx archive); open it "
        "in Word or WPS and save it again as .docx"
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_word
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(element, document).text)
            elif tag == "tbl":
                lines += _table_lines(Table(element, document))
    except Exception:  # python-docx raises many kinds for a broken package
        raise not_word from None
    text = _clean("\n".join(lines))
    if not text.strip():
        raise IngestError(
            f"{name}: the document holds no text (pictures only?); give the "
            "report's text, or run OCR on the scan first"
        )
    return text


def _table_lines(table) -> list[str]:
    """One line per row, its cells joined by an ideographic space; a merged cell
    is written once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split("\n")))
        lines.append("\u3000".join(cells))
    return lines


def _text_of_pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise IngestError(
                    f"{name}: the PDF is password-protected; remove the password "
                    "(or print it to a new PDF) and bring that file in"
                )
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, Exception):
        raise IngestError(
            f"{name}: cannot be read as a PDF (damaged or not a PDF); save the "
            "report again as PDF, .docx or plain text"
        ) from None
    text = _clean("\n".join(pages))
    if not text.strip():
        raise IngestError(
            f"{name}: the PDF has no text layer (a scan); run OCR first, then "
            "bring in the recognised text"
        )
    return text
