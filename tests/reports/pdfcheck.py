"""A typist's checklist for an official PDF, read from the PDF itself (pdftotext -bbox-layout, pypdf).

Each check returns a list of problems in words a reviewer understands (empty when the document
passes), so a failing test says what is wrong and where. Used by tests/reports/test_checklist.py
on every document kind rendered from the demo data.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from xml.etree import ElementTree

from pypdf import PdfReader

PT_PER_CM = 72 / 2.54
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
#: Sarabun's space is 0.244 em; pdftotext's word box is 1.3 em high (ascent + descent).
SPACE_PER_HEIGHT = 0.244 / 1.3
#: Margins of the official layout (cm): left, right, bottom; portrait and landscape pages.
MARGINS = {"portrait": (3.0, 2.0, 2.0), "landscape": (2.0, 1.5, 1.5)}
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def flat(self) -> str:
        return flat(self.text)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)


@dataclass
class Block:
    lines: list[Line]

    @property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines)


@dataclass
class Page:
    number: int
    width: float
    height: float
    blocks: list[Block] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return sorted((line for block in self.blocks for line in block.lines), key=lambda line: line.y0)

    @property
    def orientation(self) -> str:
        return "landscape" if self.width > self.height else "portrait"


def flat(text: str) -> str:
    """Return ``text`` in NFC without whitespace: Thai has no spaces between its words."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


@dataclass
class Document:
    """A rendered PDF and what its checks read from it."""

    pdf: bytes

    @cached_property
    def pages(self) -> list[Page]:
        output = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-bbox-layout", "-", "-"],
            input=self.pdf,
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout
        root = ElementTree.fromstring(output)
        pages = []
        for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
            current = Page(number, float(page.get("width")), float(page.get("height")))
            for block in page.iter(f"{_XHTML}block"):
                lines = []
                for line in block.iter(f"{_XHTML}line"):
                    words = [
                        Word(*(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
                        for w in line.iter(f"{_XHTML}word")
                    ]
                    if words:
                        lines.append(Line(words))
                if lines:
                    current.blocks.append(Block(lines))
            pages.append(current)
        return pages

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))


def page_number_text(number: int, *, thai_digits: bool = True) -> str:
    text = str(number)
    return f"-{text.translate(THAI_DIGITS) if thai_digits else text}-"


def check_page_numbers(doc: Document, *, thai_digits: bool = True) -> list[str]:
    """Page 1 has no number; every later page starts with "- ๒ -" at the top centre."""
    problems = []
    for page in doc.pages:
        lines = page.lines
        top = lines[0] if lines else None
        is_number = top is not None and re.fullmatch(r"-[0-9๐-๙]+-", top.flat)
        if page.number == 1:
            if is_number:
                problems.append(f"หน้า 1 มีเลขหน้า {top.text!r}")
            continue
        expected = page_number_text(page.number, thai_digits=thai_digits)
        if top is None or top.flat != expected:
            problems.append(f"หน้า {page.number}: บรรทัดแรกคือ {top.text if top else ''!r} ไม่ใช่ {expected!r}")
            continue
        centre = (top.x0 + top.x1) / 2
        if abs(centre - page.width / 2) > 1.5 * PT_PER_CM or top.y0 > 2.2 * PT_PER_CM:
            problems.append(f"หน้า {page.number}: เลขหน้าไม่อยู่กึ่งกลางด้านบน")
    return problems


def check_margins(doc: Document, *, tolerance_cm: float = 0.1) -> list[str]:
    """No word lies outside the page's margins (left, right, bottom)."""
    problems = []
    for page in doc.pages:
        left, right, bottom = (v * PT_PER_CM for v in MARGINS[page.orientation])
        tolerance = tolerance_cm * PT_PER_CM
        for line in page.lines:
            for word in line.words:
                if word.x0 < left - tolerance or word.x1 > page.width - right + tolerance:
                    problems.append(
                        f"หน้า {page.number}: คำ {word.text!r} เลยขอบซ้าย/ขวา ({word.x0:.0f}–{word.x1:.0f} pt)"
                    )
                elif word.y1 > page.height - bottom + tolerance:
                    problems.append(f"หน้า {page.number}: คำ {word.text!r} เลยขอบล่าง")
    return problems


def check_protected(doc: Document, terms: set[str]) -> list[str]:
    """No protected name or compound is split between two lines of a block."""
    singles = {flat(t) for t in terms if t and " " not in t.strip()}
    spaced = {" ".join(t.split()) for t in terms if t and " " in t.strip()}
    problems = []
    for page in doc.pages:
        for block in page.blocks:
            for before, after in zip(block.lines, block.lines[1:], strict=False):
                head, tail = before.flat, after.flat
                joined, cut = head + tail, len(head)
                for term in singles:
                    start = joined.find(term, max(0, cut - len(term) + 1))
                    if 0 <= start < cut < start + len(term):
                        problems.append(
                            f"หน้า {page.number}: “{term}” ถูกตัดขึ้นบรรทัดใหม่ ({head[-12:]}|{tail[:12]})"
                        )
                spaced_joined = before.text + " " + after.text
                spaced_cut = len(before.text)
                for term in spaced:
                    start = spaced_joined.find(term, max(0, spaced_cut - len(term)))
                    if 0 <= start < spaced_cut < start + len(term):
                        problems.append(f"หน้า {page.number}: ชื่อ “{term}” ถูกตัดขึ้นบรรทัดใหม่")
    return problems


def check_justified_gaps(doc: Document, *, max_spaces: float = 3.0) -> list[str]:
    """No gap between words of a justified (flush-right, not last) line is wider than 3 spaces."""
    problems = []
    for page in doc.pages:
        for block in page.blocks:
            flush = [line for line in block.lines[:-1] if line.x1 >= block.x1 - 1.0]
            if len(flush) < 2:
                continue  # not a justified paragraph: table cells side by side, a list, a heading
            for line in flush:
                if len(line.words) < 2:
                    continue
                height = max(w.y1 - w.y0 for w in line.words)
                limit = max_spaces * SPACE_PER_HEIGHT * height
                for left, right in zip(line.words, line.words[1:], strict=False):
                    gap = right.x0 - left.x1
                    if gap > limit:
                        problems.append(
                            f"หน้า {page.number}: ช่องว่าง {gap / (SPACE_PER_HEIGHT * height):.1f} เท่าของวรรค "
                            f"ระหว่าง {left.text!r} กับ {right.text!r}"
                        )
    return problems


def check_signature(doc: Document, *, name: str, position: str, min_lines_above: int = 2) -> list[str]:
    """The signer's name and position are on one page, the position on one line or broken between
    words, and the page also holds lines of the body above them (never a signature alone)."""
    wanted = flat(f"({name})")
    for page in doc.pages:
        lines = page.lines
        for index, line in enumerate(lines):
            if line.flat != wanted:
                continue
            following = lines[index + 1 : index + 3]
            words = position.split()
            ok = bool(following) and following[0].flat == flat(position)
            for cut in range(1, len(words)):
                first, second = flat(" ".join(words[:cut])), flat(" ".join(words[cut:]))
                if len(following) == 2 and following[0].flat == first and following[1].flat == second:
                    ok = True
            problems = (
                [] if ok else [f"หน้า {page.number}: ตำแหน่ง “{position}” ไม่อยู่ใต้ชื่อ “{name}” ครบในหน้าเดียว"]
            )
            body = [
                other
                for other in lines[:index]
                if not re.fullmatch(r"-[0-9๐-๙]+-", other.flat) and not other.flat.startswith("ลงชื่อ")
            ]
            if len(body) < min_lines_above:
                problems.append(f"หน้า {page.number}: ลายมือชื่อ “{name}” อยู่ลำพังในหน้า")
            return problems
    return [f"ไม่พบชื่อผู้ลงนาม “({name})” ในเอกสาร"]


def check_named_signers(doc: Document, roles: tuple[str, ...]) -> list[str]:
    """Each role signs on a ลงชื่อ line followed by a person's name (first and last) in parentheses."""
    problems = []
    for role in roles:
        found = False
        for page in doc.pages:
            lines = page.lines
            for index, line in enumerate(lines):
                if not line.flat.endswith(flat(role)):
                    continue
                same_row = [o for o in lines if abs(o.y0 - line.y0) < 3 and o.flat.startswith("ลงชื่อ")]
                if not same_row:
                    continue
                found = True
                below = [o for o in lines[index + 1 :] if o.y0 > line.y0 + 3]
                name = below[0].text.strip() if below else ""
                if not re.fullmatch(r"\(\S+ \S+.*\)", name):
                    problems.append(f"“{role}” ไม่มีชื่อ-สกุลผู้ลงนาม (พบ {name!r})")
        if not found:
            problems.append(f"ไม่มีบรรทัดลงชื่อของ “{role}”")
    return problems


def check_metadata(doc: Document, *, title_contains: str, author: str) -> list[str]:
    """Title, author, subject, creation date in Thai; the XMP says the same and claims PDF/A-3b;
    the file is tagged, has /Lang th, an output intent, a file ID, and embeds every font."""
    reader, problems = doc.reader, []
    info = reader.metadata or {}
    for key in ("/Title", "/Author", "/Subject", "/CreationDate"):
        if not info.get(key):
            problems.append(f"ไม่มี {key}")
    if title_contains not in (info.get("/Title") or ""):
        problems.append(f"ชื่อเอกสาร {info.get('/Title')!r} ไม่มี {title_contains!r}")
    if info.get("/Author") != author:
        problems.append(f"ผู้จัดทำ {info.get('/Author')!r} ไม่ใช่ {author!r}")
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    for needle in ('pdfaid:part="3"', 'pdfaid:conformance="B"', info.get("/Title") or "?", author):
        if needle not in xmp:
            problems.append(f"XMP ไม่มี {needle!r}")
    if "<xmp:CreateDate>" not in xmp:
        problems.append("XMP ไม่มีวันที่สร้าง")
    for key in ("/OutputIntents", "/StructTreeRoot", "/MarkInfo"):
        if key not in root:
            problems.append(f"ไม่มี {key}")
    if root.get("/Lang") != "th":
        problems.append("ภาษาเอกสารไม่ใช่ th")
    if "/ID" not in reader.trailer:
        problems.append("ไม่มี /ID ของไฟล์")
    for number, page in enumerate(reader.pages, start=1):
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = [f.get_object() for f in font.get("/DescendantFonts", [])] or [font]
            for item in descendants:
                descriptor = item.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                if item.get("/Subtype") != "/Type3" and not (
                    {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
                ):
                    problems.append(f"หน้า {number}: ฟอนต์ {item.get('/BaseFont')} ไม่ได้ฝัง")
    return problems
