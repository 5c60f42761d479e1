"""A printed PDF whose text reads as the chart's, in every reader.

Chromium (Skia) embeds Noto Sans CJK as Type 3 fonts. Each font's ToUnicode map
gives one character per glyph, and for a glyph that the font's character map
reaches from several code points Skia takes the lowest. Noto Sans CJK draws 人
and the Kangxi radical ⼈ (U+2F08), 见 and the radical ⻅ (U+2EC5), 一 and ⼀,
and so on, with one glyph each; the radicals have the lower code points, so the
ToUnicode map says ⼈ where the chart says 人.

When Chromium knows the text behind the glyphs (text of the page, inline SVG —
never an SVG shown as an image), it also wraps each such glyph in a marked
content span whose /ActualText is the true character. Readers that honour
ActualText (poppler's pdftotext, Acrobat) then read the chart's words; readers
that only use ToUnicode (pypdf, many indexers) still read radicals. This module
rewrites each font's ToUnicode map with what the ActualText spans say, so that
every reader reads the same, true text. Nothing is guessed: a code is changed
only when every span that draws it alone says the same character, and the code
is never drawn outside such a span (where the map was right).
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterator

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ByteStringObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

FontKey = tuple[int, int]  # the font dictionary's object number and generation
SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
CMAP_HEAD = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
"""
CMAP_TAIL = b"""endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


class _Reading:
    """What one pass over the content streams learnt about each font's codes."""

    def __init__(self) -> None:
        self.meant: dict[FontKey, dict[int, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self.plain: dict[FontKey, set[int]] = defaultdict(set)
        self.fonts: dict[FontKey, DictionaryObject] = {}


def _raw(string: object) -> bytes:
    """A PDF string operand's bytes: the codes it shows."""
    if hasattr(string, "original_bytes"):
        return string.original_bytes
    if isinstance(string, bytes):
        return bytes(string)
    return str(string).encode("latin-1")


def _shown(operands: list, operator: bytes) -> Iterator[bytes]:
    if operator in (b"Tj", b"'"):
        yield _raw(operands[0])
    elif operator == b'"':
        yield _raw(operands[2])
    elif operator == b"TJ":
        for part in operands[0]:
            if isinstance(part, (TextStringObject, ByteStringObject)):
                yield _raw(part)


def _actual_text(operands: list) -> str | None:
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, DictionaryObject) and "/ActualText" in properties:
        return str(properties["/ActualText"])
    return None


def _read(stream, resources, writer: PdfWriter, reading: _Reading) -> None:
    fonts = resources.get("/Font", {}) if resources else {}
    fonts = fonts.get_object() if hasattr(fonts, "get_object") else fonts
    forms = resources.get("/XObject", {}) if resources else {}
    forms = forms.get_object() if hasattr(forms, "get_object") else forms
    font: FontKey | None = None
    spans: list[dict | None] = []
    for operands, operator in ContentStream(stream, writer).operations:
        if operator == b"Tf":
            reference = fonts.get(operands[0])
            if isinstance(reference, IndirectObject):
                font = (reference.idnum, reference.generation)
                reading.fonts[font] = reference.get_object()
            else:
                font = None
        elif operator == b"BDC":
            text = _actual_text(operands)
            spans.append({"text": text, "codes": []} if text is not None else None)
        elif operator == b"BMC":
            spans.append(None)
        elif operator == b"EMC":
            span = spans.pop() if spans else None
            if span and len(span["codes"]) == 1 and len(span["text"]) == 1:
                (key, code), text = span["codes"][0], span["text"]
                reading.meant[key][code].add(text)
            elif span:  # several glyphs for one text: the map stays as it is
                for key, code in span["codes"]:
                    reading.plain[key].add(code)
        elif operator in SHOW_TEXT and font is not None:
            span = next((s for s in reversed(spans) if s is not None), None)
            for shown in _shown(operands, operator):
                for code in shown:
                    if span is not None:
                        span["codes"].append((font, code))
                    else:
                        reading.plain[font].add(code)
        elif operator == b"Do":
            form = forms.get(operands[0])
            form = form.get_object() if form is not None else None
            if form is not None and form.get("/Subtype") == "/Form":
                _read(form, form.get("/Resources") or resources, writer, reading)


def _cmap_entries(data: bytes) -> dict[int, str]:
    entries: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        values = _HEX.findall(block)
        for source, target in zip(values[::2], values[1::2]):
            entries[int(source, 16)] = bytes.fromhex(target.decode()).decode(
                "utf-16-be"
            )
    for block in _BFRANGE.findall(data):
        values = _HEX.findall(block)
        for first, last, target in zip(values[::3], values[1::3], values[2::3]):
            start = ord(bytes.fromhex(target.decode()).decode("utf-16-be"))
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                entries[code] = chr(start + offset)
    return entries


def _cmap(entries: dict[int, str]) -> bytes:
    lines = [CMAP_HEAD]
    codes = sorted(entries)
    for start in range(0, len(codes), 100):
        block = codes[start : start + 100]
        lines.append(f"{len(block)} beginbfchar\n".encode())
        for code in block:
            target = entries[code].encode("utf-16-be").hex().upper()
            lines.append(f"<{code:02X}> <{target}>\n".encode())
        lines.append(b"endbfchar\n")
    lines.append(CMAP_TAIL)
    return b"".join(lines)


def correct_text(writer: PdfWriter) -> int:
    """Rewrite each font's ToUnicode map in ``writer`` with what the ActualText
    spans say; the number of codes corrected."""
    reading = _Reading()
    for page in writer.pages:
        contents = page.get_contents()
        if contents is not None:
            _read(contents, page.get("/Resources"), writer, reading)
    corrected = 0
    for key, codes in reading.meant.items():
        font = reading.fonts[key]
        mapping = font.get("/ToUnicode")
        entries = _cmap_entries(mapping.get_object().get_data()) if mapping else {}
        changes = {
            code: next(iter(texts))
            for code, texts in codes.items()
            if len(texts) == 1
            and code not in reading.plain[key]
            and entries.get(code) != next(iter(texts))
        }
        if not changes:
            continue
        entries.update(changes)
        corrected += len(changes)
        stream = DecodedStreamObject()
        stream.set_data(_cmap(entries))
        font[NameObject("/ToUnicode")] = writer._add_object(stream.flate_encode())
    return corrected


def true_text(data: bytes) -> bytes:
    """``data`` with its text corrected (see ``correct_text``)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    correct_text(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
