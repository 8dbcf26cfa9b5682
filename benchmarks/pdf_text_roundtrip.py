"""Measure how much Thai text survives PDF rendering, and what the fix costs.

Run: ``.venv/bin/python benchmarks/pdf_text_roundtrip.py [--repeat N]``.
Needs no Django settings: render_pdf works without them.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from reports.pdf.rendering import build_pdf  # noqa: E402
from reports.pdf.textcheck import (  # noqa: E402
    extract_text_pdftotext, extract_text_pypdf, roundtrip_ratio)
from tests.reports.thai_corpus import (  # noqa: E402
    corpus_paragraphs, document_html, memo_paragraphs)


def time_per_page(html: str, exact_text: bool, repeat: int) -> tuple[float, int]:
    """Return the median render time per page in ms, and the page count."""
    timings, pages = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = build_pdf(html, exact_text=exact_text)
        timings.append(time.perf_counter() - start)
        pages = pages or len(PdfReader(io.BytesIO(pdf)).pages)
    return statistics.median(timings) * 1000 / pages, pages


def main() -> None:
    """Print round-trip shares and render times, plain WeasyPrint vs the fix."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    texts = {"corpus": corpus_paragraphs(), "memo": memo_paragraphs()}
    build_pdf(document_html(["อุ่นเครื่อง"]))  # load fonts and caches once
    rows = []
    for name, paragraphs in texts.items():
        html, source = document_html(paragraphs), "\n".join(paragraphs)
        row = [name, f"{len(source):,}"]
        for exact_text in (False, True):
            pdf = build_pdf(html, exact_text=exact_text)
            row += [f"{100 * roundtrip_ratio(source, extract_text_pdftotext(pdf, mode=m)):.2f}"
                    for m in ("raw", "reading")]
            row.append(f"{100 * roundtrip_ratio(source, extract_text_pypdf(pdf)):.2f}")
        rows.append(row)
    header = ["text", "chars", "plain raw", "plain read", "plain pypdf",
              "fixed raw", "fixed read", "fixed pypdf"]
    print("Characters round-tripped, % (pdftotext -raw, pdftotext default, pypdf)")
    print_table(header, rows)

    rows = []
    for name, paragraphs in texts.items():
        html = document_html(paragraphs)
        plain, pages = time_per_page(html, False, repeat)
        fixed, _ = time_per_page(html, True, repeat)
        rows.append([name, str(pages), f"{plain:.1f}", f"{fixed:.1f}",
                     f"{100 * (fixed / plain - 1):+.1f}%"])
    print(f"\nRender time per page, ms (median of {repeat})")
    print_table(["text", "pages", "plain", "fixed", "cost"], rows)


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Print a plain-text table with right-aligned columns."""
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    for line in [header, ["-" * width for width in widths], *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths)))


if __name__ == "__main__":
    main()
