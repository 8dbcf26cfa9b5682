"""Measure how much Thai text survives PDF rendering, and what the fix costs.

Run: ``.venv/bin/python benchmarks/pdf_text_roundtrip.py [--repeat N]``.
Needs no Django settings: render_pdf works without them.

Cost is CPU time of this process (``time.process_time``), not wall time: the
machine is shared, so wall time measures the neighbours. Plain and fixed
renders alternate, so drift hits both alike; the median of N is reported, and
the minimum as a check. Goal: the fix costs less than 10 % over plain WeasyPrint.
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
    extract_text_pdftotext,
    extract_text_pypdf,
    roundtrip_ratio,
)
from tests.reports.thai_corpus import (  # noqa: E402
    corpus_paragraphs,
    document_html,
    memo_paragraphs,
)

GOAL = 10.0  # maximum cost of the fix, % of plain WeasyPrint's CPU time


def cpu_ms_per_page(html: str, repeat: int) -> tuple[int, dict[bool, list[float]]]:
    """Render ``html`` plain and fixed, alternately, ``repeat`` times each.

    Return the page count and, for exact_text False/True, the CPU ms per page
    of each render.
    """
    pages = len(PdfReader(io.BytesIO(build_pdf(html))).pages)
    build_pdf(html, exact_text=False)
    timings: dict[bool, list[float]] = {False: [], True: []}
    for round_ in range(repeat):
        for exact_text in (False, True) if round_ % 2 else (True, False):
            start = time.process_time()
            build_pdf(html, exact_text=exact_text)
            timings[exact_text].append((time.process_time() - start) * 1000 / pages)
    return pages, timings


def main() -> None:
    """Print round-trip shares and render times, plain WeasyPrint vs the fix."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    texts = {"corpus": corpus_paragraphs(), "memo": memo_paragraphs()}
    build_pdf(document_html(["อุ่นเครื่อง"]))  # load fonts and caches once
    rows = []
    for name, paragraphs in texts.items():
        html, source = document_html(paragraphs), "\n".join(paragraphs)
        row = [name, f"{len(source):,}"]
        for exact_text in (False, True):
            pdf = build_pdf(html, exact_text=exact_text)
            row += [
                f"{100 * roundtrip_ratio(source, extract_text_pdftotext(pdf, mode=m)):.2f}"
                for m in ("raw", "reading")
            ]
            row.append(f"{100 * roundtrip_ratio(source, extract_text_pypdf(pdf)):.2f}")
        rows.append(row)
    header = [
        "text",
        "chars",
        "plain raw",
        "plain read",
        "plain pypdf",
        "fixed raw",
        "fixed read",
        "fixed pypdf",
    ]
    print("Characters round-tripped, % (pdftotext -raw, pdftotext default, pypdf)")
    print_table(header, rows)

    rows, met = [], True
    for name in ("memo", "corpus"):
        pages, timings = cpu_ms_per_page(document_html(texts[name]), repeat)
        plain, fixed = (statistics.median(timings[flag]) for flag in (False, True))
        cost = 100 * (fixed / plain - 1)
        low = 100 * (min(timings[True]) / min(timings[False]) - 1)
        met = met and cost < GOAL
        rows.append(
            [
                name,
                str(pages),
                f"{plain:.1f}",
                f"{fixed:.1f}",
                f"{cost:+.1f}%",
                f"{min(timings[False]):.1f}",
                f"{min(timings[True]):.1f}",
                f"{low:+.1f}%",
                "yes" if cost < GOAL else "NO",
            ]
        )
    print(f"\nCPU time per page, ms (median and minimum of {repeat} renders each)")
    print_table(
        ["text", "pages", "plain", "fixed", "cost", "plain min", "fixed min", "cost min", f"< {GOAL:.0f} %"],
        rows,
    )
    print(
        f"\nGoal (fix costs < {GOAL:.0f} % CPU over plain WeasyPrint, median): "
        + ("MET" if met else "NOT MET")
    )


def print_table(header: list[str], rows: list[list[str]]) -> None:
    """Print a plain-text table with right-aligned columns."""
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    for line in [header, ["-" * width for width in widths], *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))


if __name__ == "__main__":
    main()
