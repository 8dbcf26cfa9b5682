"""Open the files districts send — .xlsx, legacy .xls, CSV — as sheets of cell values, safely.

The format is read from the content, never from the file name. Every refusal is a WorkbookRefused
with a Thai message saying what to do; nothing here writes anywhere. Limits are the same for every
format: the file's size here, the number of rows in registry.importing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import filetype
import xlrd
from openpyxl import load_workbook

MAX_FILE_BYTES = 15 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 2000
MAX_SHEETS = 200
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# An Excel file saved with a password is an OLE2 container holding this stream (in UTF-16).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

XLSX, XLS, CSV = "xlsx", "xls", "csv"
FORMAT_LABELS = {XLSX: "Excel (.xlsx)", XLS: "Excel รุ่นเก่า (.xls)", CSV: "CSV"}

NOT_A_SPREADSHEET = "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx, .xls) หรือ CSV กรุณาบันทึกเป็น Excel Workbook (.xlsx) แล้วนำเข้าอีกครั้ง"
BROKEN_XLSX = "ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้ กรุณาบันทึกไฟล์ใหม่แล้วนำเข้าอีกครั้ง"
BROKEN_XLS = (
    "ไฟล์ Excel รุ่นเก่า (.xls) นี้เสียหาย หรือถูกตั้งรหัสผ่านไว้ เปิดอ่านไม่ได้ "
    "กรุณาเปิดใน Excel แล้วบันทึกใหม่โดยไม่ตั้งรหัสผ่าน แล้วนำเข้าอีกครั้ง"
)
PASSWORD = "ไฟล์นี้ถูกตั้งรหัสผ่านไว้ กรุณาเอารหัสผ่านออกแล้วบันทึกใหม่ แล้วนำเข้าอีกครั้ง"
UNKNOWN_ENCODING = (
    "อ่านตัวอักษรในไฟล์ CSV นี้ไม่ได้ (ไม่ใช่ UTF-8 หรือ TIS-620) "
    "กรุณาบันทึกจาก Excel เป็น “CSV UTF-8” หรือเป็น Excel Workbook (.xlsx) แล้วนำเข้าอีกครั้ง"
)


class WorkbookRefused(Exception):
    """The file cannot be read safely as a workbook; the message is Thai and is shown as is."""


@dataclass
class Sheet:
    """One sheet: its name, its rows of cell values (str, int, float, date, None) and merged cells."""

    name: str
    rows: Iterator[list[Any]]
    # (min_col, min_row, max_col, max_row), 1-based as openpyxl's range_boundaries gives them
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class Source:
    format: str
    sheets: list[Sheet]
    close: Any = None

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc) -> None:
        if self.close is not None:
            self.close()


def open_source(data: bytes) -> Source:
    """Return the file's sheets; refuse, in Thai, what cannot be read safely."""
    if not data:
        raise WorkbookRefused("ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ Excel (.xlsx, .xls) หรือ CSV")
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRefused(f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // (1024 * 1024)} MB กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")
    if data.startswith(ZIP_SIGNATURE):
        return _xlsx(data)
    if data.startswith(OLE2_SIGNATURE):
        return _xls(data)
    return _csv(data)


# --- .xlsx -----------------------------------------------------------------------------------


def check_workbook_bytes(data: bytes) -> None:
    """Refuse a zip that is not a plain .xlsx: too many parts, a zip bomb, no workbook inside."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookRefused(BROKEN_XLSX) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise WorkbookRefused("ไฟล์มีส่วนประกอบมากผิดปกติ ระบบไม่เปิดไฟล์นี้เพื่อความปลอดภัย")
    total = sum(entry.file_size for entry in entries)
    worst_ratio = max((e.file_size / max(e.compress_size, 1) for e in entries), default=0)
    if total > MAX_UNCOMPRESSED_BYTES or worst_ratio > MAX_COMPRESSION_RATIO:
        raise WorkbookRefused("ไฟล์ขยายตัวผิดปกติเมื่อเปิด (อาจเป็น zip bomb) ระบบไม่เปิดไฟล์นี้เพื่อความปลอดภัย")
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise WorkbookRefused(NOT_A_SPREADSHEET)


def _xlsx_merges(data: bytes, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """Read a sheet's merged ranges (openpyxl's read-only mode does not expose them)."""
    from openpyxl.utils.cell import range_boundaries

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(sheet_path.lstrip("/")).decode("utf-8", "replace")
    except KeyError:
        return []
    return [range_boundaries(ref) for ref in re.findall(r'<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"', xml)]


def _xlsx(data: bytes) -> Source:
    check_workbook_bytes(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]  # no chart sheets
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise WorkbookRefused(BROKEN_XLSX) from exc
    if len(worksheets) > MAX_SHEETS:
        workbook.close()
        raise WorkbookRefused(f"ไฟล์มีชีตมากกว่า {MAX_SHEETS} ชีต กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")

    def rows(sheet) -> Iterator[list[Any]]:
        try:
            for values in sheet.iter_rows(values_only=True):
                yield list(values)
        except WorkbookRefused:
            raise
        except Exception as exc:  # a sheet's XML broken halfway through
            raise WorkbookRefused(BROKEN_XLSX) from exc

    sheets = [
        Sheet(
            name=sheet.title,
            rows=rows(sheet),
            merges=_xlsx_merges(data, getattr(sheet, "_worksheet_path", "")),
        )
        for sheet in worksheets
    ]
    return Source(format=XLSX, sheets=sheets, close=workbook.close)


# --- legacy .xls (Excel 97–2003) ----------------------------------------------------------------


def _xls_value(cell, datemode: int) -> Any:
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def _open_xls(data: bytes, *, formatting_info: bool):
    return xlrd.open_workbook(
        file_contents=data, formatting_info=formatting_info, on_demand=True, logfile=io.StringIO()
    )


def _xls(data: bytes) -> Source:
    if ENCRYPTED_STREAM in data:
        raise WorkbookRefused(PASSWORD)
    try:
        try:  # merged cells need the formatting records; a few writers leave them out
            book = _open_xls(data, formatting_info=True)
        except xlrd.XLRDError as exc:
            if "encrypted" in str(exc).lower():
                raise
            book = _open_xls(data, formatting_info=False)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise WorkbookRefused(PASSWORD) from exc
        if "workbook" in str(exc).lower():  # an OLE2 file without a workbook: Word, Outlook, …
            raise WorkbookRefused(NOT_A_SPREADSHEET) from exc
        raise WorkbookRefused(BROKEN_XLS) from exc
    except Exception as exc:  # xlrd raises struct, index and assertion errors on broken files
        raise WorkbookRefused(BROKEN_XLS) from exc
    if book.nsheets > MAX_SHEETS:
        book.release_resources()
        raise WorkbookRefused(f"ไฟล์มีชีตมากกว่า {MAX_SHEETS} ชีต กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")

    def rows(sheet) -> Iterator[list[Any]]:
        for index in range(sheet.nrows):
            yield [_xls_value(cell, book.datemode) for cell in sheet.row(index)]

    sheets = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            merges = [(c0 + 1, r0 + 1, c1, r1) for r0, r1, c0, c1 in getattr(sheet, "merged_cells", [])]
            sheets.append(Sheet(name=sheet.name, rows=rows(sheet), merges=merges))
    except Exception as exc:
        book.release_resources()
        raise WorkbookRefused(BROKEN_XLS) from exc
    return Source(format=XLS, sheets=sheets, close=book.release_resources)


# --- CSV ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> str:
    """Decode a CSV the way Thai offices save them: UTF-8 (with or without BOM), UTF-16, TIS-620."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise WorkbookRefused(UNKNOWN_ENCODING) from exc
    if b"\x00" in data[:4096]:
        raise WorkbookRefused(NOT_A_SPREADSHEET)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:  # Thai Windows (cp874) is TIS-620 plus a few punctuation marks
        return data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise WorkbookRefused(UNKNOWN_ENCODING) from exc


def _delimiter(sample: str) -> str:
    """Choose the separator most lines agree on (a title line above the header has none)."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_count = ",", 0
    for candidate in (",", ";", "\t", "|"):
        counts = sorted(line.count(candidate) for line in lines)
        typical = counts[len(counts) // 2] if counts else 0
        if typical > best_count:
            best, best_count = candidate, typical
    return best


def _csv(data: bytes) -> Source:
    if filetype.guess(data) is not None:  # a picture, a PDF, an archive…: not a table
        raise WorkbookRefused(NOT_A_SPREADSHEET)
    text = decode_text(data)
    sample = text[:20_000]
    if len(_CONTROL.findall(sample)) > 10:
        raise WorkbookRefused(NOT_A_SPREADSHEET)
    delimiter = _delimiter(sample)

    def rows() -> Iterator[list[Any]]:
        try:
            for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                yield [value if value.strip() else None for value in values]
        except csv.Error as exc:
            raise WorkbookRefused(f"อ่านไฟล์ CSV ไม่ได้: {exc}") from exc

    return Source(format=CSV, sheets=[Sheet(name="CSV", rows=rows())])
