"""Read text back from PDF bytes, the way users' tools and search indexes do."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import unicodedata

from pypdf import PdfReader

_WHITESPACE = re.compile(r"\s+")


def normalise(text: str, *, drop_whitespace: bool = False) -> str:
    """Return ``text`` in NFC with whitespace runs folded to one space (or removed).

    Thai has no spaces between words, so a line break inside a paragraph puts
    whitespace into extracted text that the source never had: compare wrapped
    text with ``drop_whitespace=True``.
    """
    text = unicodedata.normalize("NFC", text)
    return _WHITESPACE.sub("" if drop_whitespace else " ", text).strip()


def pdftotext_available() -> bool:
    """Tell whether Poppler's ``pdftotext`` is on the PATH."""
    return shutil.which("pdftotext") is not None


PDFTOTEXT_MODES = {"raw": ["-raw"], "reading": [], "layout": ["-layout"]}


def extract_text_pdftotext(pdf_bytes: bytes, *, mode: str = "raw") -> str:
    """Extract all text of ``pdf_bytes`` with Poppler's ``pdftotext`` (UTF-8).

    ``mode="raw"`` (default) keeps content-stream order, which for the
    portal's one-column documents is reading order, and keeps every
    character. ``"reading"`` is pdftotext's default: it also drops a real
    hyphen that ends a line ("๒๕๕๖ -" / "๒๕๗๕" becomes "๒๕๕๖ ๒๕๗๕").
    ``"layout"`` pads columns with spaces.
    """
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *PDFTOTEXT_MODES[mode], "-", "-"],
        input=pdf_bytes,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return result.stdout.decode("utf-8")


def extract_text_pypdf(pdf_bytes: bytes) -> str:
    """Extract all text of ``pdf_bytes`` with pypdf, pages separated by newlines."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def roundtrip_ratio(source: str, extracted: str) -> float:
    """Return the share of characters that survive the trip from ``source`` to PDF text.

    Both sides are normalised without whitespace, so only visible characters
    count; characters matched in order are divided by the longer side, so lost,
    wrong and spurious characters all lower the figure. 1.0 is an exact round trip.
    """
    expected = normalise(source, drop_whitespace=True)
    actual = normalise(extracted, drop_whitespace=True)
    if not expected:
        return 1.0
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / max(len(expected), len(actual))
