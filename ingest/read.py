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
import logging
import os
import re
import stat
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
# A .docx is a zip: its parts are inflated and parsed whole before any text is
# read, so a small file may unpack to gigabytes. Its declared sizes bound what
# inflating yields (zipfile stops there), so they are checked first.
MAX_DOCX_UNPACKED = 256 * 2**20
MAX_DOCX_XML = 64 * 2**20  # one XML part: a report's text many times over
MAX_DOCX_PARTS = 10_000
# A PDF's pages are read one by one; drawing operators take time to read even
# when they draw no text, so a page's content (and the forms it draws) is
# measured before its text is read, and reading stops at these limits.
MAX_PDF_PAGES = 5_000
MAX_PDF_CONTENT_BYTES = 16 * 2**20
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
# pypdf logs what it repairs in a damaged PDF; with no handler anywhere, Python
# would print it on stderr beside the one message. An application that sets up
# logging (the server) still receives it.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


# Characters that move the cursor, colour a terminal or reorder text instead of
# showing as themselves: controls, format characters (bidi overrides), line and
# paragraph separators, lone surrogates (undecodable bytes of a file name).
UNSHOWABLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def shown(name: str) -> str:
    """A file name as a message or the library may show it: control characters
    (a newline, a terminal escape, a bidi override) written as escapes."""
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in UNSHOWABLE else char
        for char in name
    )


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
    name = shown(path.name)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise IngestError(
            f"{name}: unknown kind of file {path.suffix or '(no extension)'!r}; "
            "give a .txt, .docx or .pdf file"
        )
    data = _read_bytes(path)
    text = {"txt": _text_of_txt, "docx": _text_of_docx, "pdf": _text_of_pdf}[kind](
        name, data
    )
    text = LINE_BREAKS.sub("\n", text)
    if not text.strip():
        raise IngestError(
            f"{name}: holds no text; give the file that has the report's text"
        )
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise _too_much_text(name)
    return Source(
        text=text,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=kind,
    )


def _too_much_text(name: str) -> IngestError:
    return IngestError(
        f"{name}: more than {MAX_TEXT_BYTES // 2**20 or 1} MB of text, too much "
        "for one report; split it into its reports and bring each in alone"
    )


def _read_bytes(path: Path) -> bytes:
    name, where = shown(path.name), shown(str(path))
    not_regular = IngestError(f"{where}: not a regular file; give the report's file")
    try:
        exists, regular = path.exists(), path.is_file()
    except OSError as error:  # a name too long, a folder that cannot be entered
        raise IngestError(
            f"{name}: cannot be read ({error.strerror or error}); check the path"
        ) from None
    if not exists:
        raise IngestError(f"{where}: no such file; check the path")
    if not regular:
        raise not_regular
    limit = MAX_TEXT_BYTES if path.suffix.lower() == ".txt" else MAX_FILE_BYTES
    try:
        # Without O_NONBLOCK, opening a FIFO that took the file's place since the
        # check above would wait for a writer; what was opened is checked again.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise not_regular
            os.set_blocking(descriptor, True)
            data = handle.read(limit + 1)
    except OSError as error:
        raise IngestError(
            f"{name}: cannot be read ({error.strerror or error}); check its permissions"
        ) from None
    if not data:
        raise IngestError(f"{name}: the file is empty; give the report's file")
    if len(data) > limit:
        raise IngestError(
            f"{name}: larger than {limit // 2**20} MB, too much for one report; "
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
    _check_package(name, data, not_word)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = _block_lines(document.element.body, document)
    except Exception:  # python-docx raises many kinds for a broken package
        raise not_word from None
    text = _clean("\n".join(lines))
    if not text.strip():
        raise IngestError(
            f"{name}: the document holds no text (pictures only?); give the "
            "report's text, or run OCR on the scan first"
        )
    return text


def _check_package(name: str, data: bytes, not_word: IngestError) -> None:
    """Refuse a .docx whose parts would unpack to more than a report needs, by
    the sizes its zip directory declares, before anything is inflated."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_word from None
    if len(parts) > MAX_DOCX_PARTS:
        raise IngestError(
            f"{name}: holds {len(parts)} parts, more than the {MAX_DOCX_PARTS} a "
            "Word document has; open it in Word or WPS and save it again as .docx"
        )
    xml = max(
        (part.file_size for part in parts if part.filename.endswith((".xml", "rels"))),
        default=0,
    )
    if xml > MAX_DOCX_XML or sum(part.file_size for part in parts) > (
        MAX_DOCX_UNPACKED
    ):
        raise IngestError(
            f"{name}: unpacks to more than {MAX_DOCX_UNPACKED // 2**20} MB (or one "
            f"part to more than {MAX_DOCX_XML // 2**20} MB), not a report's "
            "document; save the report's text again as .docx or plain text"
        )


# Elements that only wrap paragraphs and tables: a content control (templates of
# official documents put whole sections in them), custom XML, tracked insertions.
BLOCK_WRAPPERS = {"sdt", "sdtContent", "customXml", "ins", "smartTag"}


def _block_lines(element, parent) -> list[str]:
    """The lines of the paragraphs and tables in ``element``, in document order,
    inside whatever wraps them."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, parent).text)
        elif tag == "tbl":
            lines += _table_lines(Table(child, parent))
        elif tag in BLOCK_WRAPPERS:
            lines += _block_lines(child, parent)
    return lines


def _table_lines(table) -> list[str]:
    """One line per row, its cells joined by an ideographic space; a merged cell
    is written once, with the tables nested in it."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(_block_lines(cell._tc, cell)))
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
        pages = _pdf_pages(name, reader)
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


def _content_bytes(page) -> int:
    """How many bytes of drawing operators ``page`` holds: its content streams
    and the forms its resources name (each form counted once per page)."""
    from pypdf.generic import StreamObject

    contents = page.get_contents()
    size = len(contents.get_data()) if contents is not None else 0
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    forms = resources.get("/XObject")
    for form in (forms.get_object() if forms is not None else {}).values():
        form = form.get_object()
        if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form":
            size += len(form.get_data())
    return size


def _pdf_pages(name: str, reader) -> list[str]:
    """The text of each page, read until a limit says the file is not one
    report: refused as soon as that is known, not after reading all of it."""
    pages: list[str] = []
    content = text = 0
    for number, page in enumerate(reader.pages, start=1):
        if number > MAX_PDF_PAGES:
            raise IngestError(
                f"{name}: more than {MAX_PDF_PAGES} pages, too many for one report; "
                "split it into its reports and bring each in alone"
            )
        content += _content_bytes(page)
        if content > MAX_PDF_CONTENT_BYTES:
            raise IngestError(
                f"{name}: page {number} brings its drawing operators past "
                f"{MAX_PDF_CONTENT_BYTES // 2**20} MB, more than a report's text "
                "needs; print it to a new PDF or save the report as .docx or text"
            )
        pages.append(page.extract_text() or "")
        text += len(pages[-1].encode("utf-8"))
        if text > MAX_TEXT_BYTES:
            raise _too_much_text(name)
    return pages
