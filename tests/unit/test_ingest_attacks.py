"""Hostile files given to ``ingest``: each is refused with one line (or read
whole) quickly and in little memory, and nothing a file's name or a PDF library
says reaches the terminal beside that line."""

from __future__ import annotations

import io
import logging
import os
import threading
import zipfile

import docx
import pytest

import ingest.read
from ingest import IngestError, read_source

TEXT = "政府工作报告\n一、工作回顾\n全年发放调查问卷236份，增长8.7%。\n"


def _docx_bytes(text: str = "政府工作报告") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_document_xml(tmp_path, name: str, write_xml) -> os.PathLike:
    """A .docx whose word/document.xml is written by ``write_xml(file)``; the
    other parts are those of a real document."""
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                with package.open(info.filename, "w", force_zip64=True) as file:
                    write_xml(file)
            else:
                package.writestr(info.filename, source.read(info.filename))
    return path


def test_a_docx_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    # 300 MB of spaces deflate to a few hundred KB; python-docx would inflate and
    # parse all of it (gigabytes of memory for a larger bomb).
    def bomb(file):
        file.write(b'<?xml version="1.0"?><w:document><w:body>')
        chunk = b" " * 2**20
        for _ in range(300):
            file.write(chunk)
        file.write(b"</w:body></w:document>")

    path = _with_document_xml(tmp_path, "bomb.docx", bomb)
    assert path.stat().st_size < 2 * 2**20

    def never(*_args, **_kwargs):
        raise AssertionError("the package was opened")

    monkeypatch.setattr("docx.Document", never)
    with pytest.raises(IngestError) as error:
        read_source(path)
    message = str(error.value)
    assert message.startswith("bomb.docx: ") and "\n" not in message
    assert "unpacks to more than" in message


def test_a_docx_of_too_many_parts_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.read, "MAX_DOCX_PARTS", 20)
    path = tmp_path / "parts.docx"
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    with zipfile.ZipFile(path, "w") as package:
        for info in source.infolist():
            package.writestr(info.filename, source.read(info.filename))
        for n in range(30):
            package.writestr(f"extra/part{n}.xml", "<a/>")
    with pytest.raises(IngestError, match="parts"):
        read_source(path)


BILLION_LAUGHS = (
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8)
    )
    + "]>"
)


@pytest.mark.parametrize(
    ("declaration", "reference"),
    [
        (BILLION_LAUGHS, b"&i;"),
        ('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;"),
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_xml_entities_in_a_docx_are_never_expanded(tmp_path, declaration, reference):
    xml = zipfile.ZipFile(io.BytesIO(_docx_bytes("ENTITY"))).read("word/document.xml")
    head, body = xml.split(b"?>", 1)
    document = head + b"?>" + declaration.encode() + body.replace(b"ENTITY", reference)
    path = _with_document_xml(tmp_path, "entities.docx", lambda f: f.write(document))
    try:
        text = read_source(path).text
    except IngestError as error:
        assert "\n" not in str(error)
    else:
        assert "root:" not in text and len(text) < 1000


def _pdf(pages: list[bytes], compress: bool = True) -> bytes:
    """A PDF of ``pages`` content streams (Helvetica as /F1), written by hand so
    that a test can make one as hostile as it likes."""
    import zlib

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + 2 * n) for n in range(len(pages))), len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for n, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * n)
        )
        data = zlib.compress(content, 9) if compress else content
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(
            b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), flate, data)
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


LINE = b"BT /F1 12 Tf 72 712 Td (" + b"Report line of text " * 20 + b") Tj ET\n"


def test_a_pdf_with_too_much_text_stops_being_read_early(tmp_path, monkeypatch):
    # 2,000 pages of 16 KB of text each: 32 MB of text, minutes to extract. The
    # reader stops as soon as the text passes the limit.
    monkeypatch.setattr(ingest.read, "MAX_TEXT_BYTES", 64 * 1024)
    path = tmp_path / "long.pdf"
    path.write_bytes(_pdf([LINE * 40] * 2000))
    from pypdf import PageObject

    calls = []
    extract = PageObject.extract_text

    def counted(self, *args, **kwargs):
        calls.append(1)
        return extract(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", counted)
    with pytest.raises(IngestError, match="more than") as error:
        read_source(path)
    assert "\n" not in str(error.value)
    assert len(calls) < 10


def test_a_pdf_page_of_huge_content_is_refused_before_it_is_read(tmp_path, monkeypatch):
    # One page whose drawing operators inflate to 20 MB: extracting it takes
    # about a minute; the reader refuses it by its size first.
    path = tmp_path / "dense.pdf"
    path.write_bytes(_pdf([b"0 0 m 1 1 l S\n" * (20 * 2**20 // 14)]))
    assert path.stat().st_size < 2**20
    from pypdf import PageObject

    def never(*_args, **_kwargs):
        raise AssertionError("the page's text was extracted")

    monkeypatch.setattr(PageObject, "extract_text", never)
    with pytest.raises(IngestError, match="drawing") as error:
        read_source(path)
    assert str(error.value).startswith("dense.pdf: ")


def test_a_pdf_of_too_many_pages_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest.read, "MAX_PDF_PAGES", 50)
    path = tmp_path / "pages.pdf"
    path.write_bytes(_pdf([b"BT /F1 12 Tf 72 712 Td (x) Tj ET\n"] * 60))
    with pytest.raises(IngestError, match="50 pages"):
        read_source(path)


def test_what_pypdf_logs_about_a_bad_pdf_never_reaches_the_terminal(
    tmp_path, capfd, monkeypatch
):
    # Without a handler, Python prints a library's warnings on stderr: a second
    # and third line beside the one message.
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as on the CLI
    path = tmp_path / "fake.pdf"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(IngestError):
        read_source(path)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    "name",
    ["two\nlines.txt", "red\x1b[31mtext\x1b[0m.txt", "bell\x07.txt", "rtl\u202e.txt"],
    ids=["newline", "ansi-escape", "bell", "bidi-override"],
)
def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path, name):
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    source = read_source(path)
    assert source.text == TEXT
    assert source.name.isprintable() and "\x1b" not in source.name
    assert source.name.endswith(".txt")
    path.write_bytes(b"")
    with pytest.raises(IngestError) as error:
        read_source(path)
    assert str(error.value).isprintable()


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(IngestError, match="not a regular file"):
        read_source(path)


def test_a_file_replaced_by_a_fifo_after_the_check_is_not_waited_on(
    tmp_path, monkeypatch
):
    # The file is checked, then opened: if a FIFO takes its place in between,
    # opening it must not wait for a writer that never comes.
    path = tmp_path / "race.txt"
    path.write_text(TEXT, encoding="utf-8")
    real_is_file = type(path).is_file

    def swapped(self):
        answer = real_is_file(self)
        if self == path and not path.is_fifo():
            os.unlink(path)
            os.mkfifo(path)
        return answer

    monkeypatch.setattr(type(path), "is_file", swapped)
    outcome = []

    def read():
        try:
            read_source(path)
        except IngestError as error:
            outcome.append(str(error))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=60)  # a guard against a hang, not a timing
    if reader.is_alive():  # let the blocked open return before failing
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=60)
        pytest.fail("opening the file waited for a writer")
    assert outcome and "not a regular file" in outcome[0]


def test_text_in_nested_tables_and_content_controls_is_read(tmp_path):
    # Templates of official documents keep sections in content controls (w:sdt)
    # and figures in tables inside table cells; none of it may be dropped.
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("政府工作报告")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "外层"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "发放问卷236份"
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:p><w:r>"
        "<w:t>控件里的段落增长8.7%</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, control)
    path = tmp_path / "nested.docx"
    document.save(path)
    text = read_source(path).text
    assert "发放问卷236份" in text and "控件里的段落增长8.7%" in text
    assert text.index("外层") < text.index("236份") < text.index("控件")


def test_a_file_name_too_long_for_the_system_gets_one_line(tmp_path):
    with pytest.raises(IngestError, match="too long"):
        read_source(tmp_path / ("a" * 300 + ".txt"))
