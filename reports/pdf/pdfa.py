"""Keep a rendered PDF/A-3b file valid when uploaded PDF copies are added to it.

The package (and the progress reports) end with copies of the reports the group sent to BMA
executives, uploaded as PDF files. WeasyPrint makes the document PDF/A-3b; pages copied from an
arbitrary PDF could break that (fonts not embedded, LZW streams, CMYK colour without a CMYK
output intent, JavaScript, annotations without appearances), and a file that claims PDF/A but is
not is worse for an archive than one that does not claim it. So, for each copy:

* the original file is always embedded as a PDF/A-3 associated file (``/AF``,
  ``/AFRelationship /Supplement``): the archive keeps it byte for byte;
* its pages are appended for printing only when :func:`pdfa_blockers` finds nothing in them that
  PDF/A-3b forbids; their annotations and actions are dropped (a printed copy needs neither);
* the document information keeps WeasyPrint's values, so it still matches the XMP metadata.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

_CMYK_OPERATOR = re.compile(rb"(?:^|\s)(?:-?[\d.]+\s+){4}[kK](?=\s|$)")


def _resolve(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _forms_and_pages(page) -> Iterator[DictionaryObject]:
    """Yield the page and the form XObjects it draws (one level deep, as scans and exports use)."""
    yield page
    resources = _resolve(page.get("/Resources")) or {}
    for xobject in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(xobject)
        if xobject.get("/Subtype") == "/Form":
            yield xobject


def _filters(stream) -> list[str]:
    value = _resolve(stream.get("/Filter"))
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def pdfa_blockers(reader: PdfReader) -> list[str]:
    """Return what in the PDF's pages PDF/A-3b forbids (empty when its pages can be appended)."""
    problems: set[str] = set()
    for page in reader.pages:
        for holder in _forms_and_pages(page):
            resources = _resolve(holder.get("/Resources")) or {}
            for font in (_resolve(resources.get("/Font")) or {}).values():
                font = _resolve(font)
                fonts = [font]
                fonts += [_resolve(f) for f in _resolve(font.get("/DescendantFonts")) or []]
                for item in fonts:
                    if item.get("/Subtype") in ("/Type3", "/Type0"):
                        continue
                    descriptor = _resolve(item.get("/FontDescriptor")) or {}
                    if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                        problems.add(f"ฟอนต์ {item.get('/BaseFont', '?')} ไม่ได้ฝังในไฟล์")
            for xobject in (_resolve(resources.get("/XObject")) or {}).values():
                xobject = _resolve(xobject)
                if "/LZWDecode" in _filters(xobject):
                    problems.add("ภาพบีบอัดแบบ LZW")
                if str(_resolve(xobject.get("/ColorSpace"))) == "/DeviceCMYK":
                    problems.add("ภาพสี CMYK")
            contents = holder.get_contents() if hasattr(holder, "get_contents") else holder
            data = contents.get_data() if isinstance(contents, StreamObject) else b""
            if contents is not None and "/LZWDecode" in _filters(contents):
                problems.add("เนื้อหาบีบอัดแบบ LZW")
            if _CMYK_OPERATOR.search(data):
                problems.add("สี CMYK")
    return sorted(problems)


def copy_fits_pdfa(content: bytes) -> bool:
    """Tell whether an uploaded PDF's pages can be printed inside a PDF/A-3b document."""
    try:
        reader = PdfReader(io.BytesIO(content))
        return not reader.is_encrypted and not pdfa_blockers(reader)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return False


def append_copies_pdfa(pdf: bytes, copies: list[tuple[str, str, bytes]]) -> bytes:
    """Embed each copy (name, outline title, bytes) in ``pdf`` and append the pages of those that fit.

    Returns ``pdf`` unchanged when no copy can be read. See the module's docstring for why.
    """
    readable = []
    for name, title, content in copies:
        try:
            reader = PdfReader(io.BytesIO(content))
            if reader.is_encrypted:
                continue
            pages = list(reader.pages)  # read the whole copy before adding any of it
            appendable = not pdfa_blockers(reader)
        except (PdfReadError, OSError, ValueError, KeyError, TypeError):
            continue
        readable.append((name, title, content, pages, appendable))
    if not readable:
        return pdf
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    info = dict(writer.metadata or {})
    parent = None
    now = datetime.now(UTC)
    associated = []
    for name, title, content, pages, appendable in readable:
        embedded = writer.add_attachment(name, content)
        embedded.subtype = NameObject("/application#2Fpdf")
        embedded.size = NumberObject(len(content))
        embedded.checksum = ByteStringObject(hashlib.md5(content, usedforsecurity=False).digest())
        embedded.creation_date = embedded.modification_date = now
        embedded.associated_file_relationship = NameObject("/Supplement")
        embedded.description = TextStringObject(title)
        associated.append(embedded.pdf_object.indirect_reference)
        if not appendable:
            continue
        start = len(writer.pages)
        for page in pages:
            added = writer.add_page(page)
            for key in ("/Annots", "/AA"):
                if key in added:
                    del added[key]
        if parent is None:
            parent = writer.add_outline_item(title="สำเนารายงานผลการดำเนินงานที่แนบ", page_number=start)
        writer.add_outline_item(title=title, page_number=start, parent=parent)
    root = writer._root_object
    af = root.get("/AF")
    af = _resolve(af) if af is not None else ArrayObject()
    af.extend(associated)
    root[NameObject("/AF")] = af
    # pypdf names itself the producer: keep WeasyPrint's values, which the XMP metadata repeats.
    writer.metadata = None
    writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
