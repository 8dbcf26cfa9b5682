"""Charts of the evaluation summary: PNG pictures drawn once, shown as the same <img> in page and PDF.

matplotlib runs headless (Agg) with the Sarabun font registered from its package, so Thai labels
render the same on every server. Each function returns a ``data:image/png;base64,…`` URI; the PDF
renderer accepts data: images and the browser shows the same bytes.
"""

from __future__ import annotations

import base64
import io
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache, wraps
from pathlib import Path

import fontpkg_sarabun
import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402  (the backend is chosen before pyplot loads)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import StrMethodFormatter  # noqa: E402

FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"
FONT_FAMILY = "Sarabun"
DPI = 150
CACHE_SIZE = 64
COLOURS = {
    "on_time": "#2e7d32",
    "late": "#f9a825",
    "not_done": "#c62828",
    "bar": "#1f5f99",
    "bar2": "#8fb8de",
}


def _frozen(value):
    """Return a hashable copy of a chart's inputs (lists and dicts of labels and numbers)."""
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def remembered(draw):
    """Keep the last pictures drawn: the same figures give the same PNG, so a page reload is instant."""
    cache: OrderedDict = OrderedDict()

    @wraps(draw)
    def wrapper(*args, **kwargs):
        key = (_frozen(args), _frozen(kwargs))
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        cache[key] = picture = draw(*args, **kwargs)
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
        return picture

    wrapper.cache = cache
    return wrapper


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the Sarabun faces with matplotlib once per process and return the family name."""
    for face in ("Regular", "Bold"):
        font_manager.fontManager.addfont(str(FONT_DIR / f"Sarabun-{face}.ttf"))
    return FONT_FAMILY


def _figure(width: float = 7.0, height: float = 3.6) -> Figure:
    register_fonts()
    # Figure() without pyplot: no global state, safe in a worker that builds many documents.
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    return figure


def _style(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=11)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontfamily(FONT_FAMILY)


def _to_uri(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _font(size: int = 12, bold: bool = False) -> dict:
    return {"family": FONT_FAMILY, "size": size, "weight": "bold" if bold else "normal"}


def _title(figure: Figure, title: str) -> None:
    # On the figure, not the axes: long Thai tick labels push the axes right, and an axes title
    # starting there ran off the picture.
    figure.suptitle(
        title,
        x=0.01,
        ha="left",
        fontproperties=font_manager.FontProperties(family=FONT_FAMILY, size=14, weight="bold"),
    )


@remembered
def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str = "",
    value_format: str = "{:,.0f}",
) -> str:
    """Draw one horizontal bar per label with its value written at the end of the bar."""
    height = max(2.2, 0.5 * len(labels) + 1.2)
    figure = _figure(height=height)
    ax = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    bars = ax.barh(positions, [float(v) for v in values], color=COLOURS["bar"])
    ax.set_yticks(positions, labels=list(labels), fontdict=_font(11))
    _title(figure, title)
    if unit:
        ax.set_xlabel(unit, fontdict=_font(11))
    top = max([float(v) for v in values] + [1.0])
    ax.set_xlim(0, top * 1.25)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    for bar, value in zip(bars, values, strict=True):
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            value_format.format(value),
            va="center",
            fontdict=_font(11),
        )
    _style(ax)
    return _to_uri(figure)


@remembered
def vertical_bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str = "",
    maximum: float | None = None,
    value_format: str = "{:,.0f}",
) -> str:
    """Draw one vertical bar per label (e.g. on-time rate per step), values above the bars."""
    figure = _figure()
    ax = figure.add_subplot()
    positions = list(range(len(labels)))
    bars = ax.bar(positions, [float(v) for v in values], color=COLOURS["bar"])
    ax.set_xticks(positions, labels=list(labels), fontdict=_font(10))
    _title(figure, title)
    if unit:
        ax.set_ylabel(unit, fontdict=_font(11))
    top = maximum if maximum is not None else max([float(v) for v in values] + [1.0]) * 1.2
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    for bar, value in zip(bars, values, strict=True):
        ax.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height() + top * 0.01,
            value_format.format(value),
            ha="center",
            va="bottom",
            fontdict=_font(11),
        )
    _style(ax)
    return _to_uri(figure)


@remembered
def stacked_status(
    labels: Sequence[str], series: dict[str, Sequence[int]], names: dict[str, str], *, title: str
) -> str:
    """Draw per group a bar of its steps split into on time / late / not done."""
    height = max(2.4, 0.5 * len(labels) + 1.4)
    figure = _figure(height=height)
    ax = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    for key, values in series.items():
        ax.barh(positions, values, left=left, color=COLOURS.get(key, COLOURS["bar"]), label=names[key])
        for index, value in enumerate(values):
            if value:
                ax.text(
                    left[index] + value / 2,
                    positions[index],
                    str(value),
                    ha="center",
                    va="center",
                    color="white",
                    fontdict=_font(11, bold=True),
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, labels=list(labels), fontdict=_font(11))
    _title(figure, title)
    ax.set_xlabel("จำนวนขั้นตอน", fontdict=_font(11))
    figure.legend(
        prop=font_manager.FontProperties(family=FONT_FAMILY, size=10),
        loc="outside lower center",
        frameon=False,
        ncols=len(series),
    )
    _style(ax)
    return _to_uri(figure)


@remembered
def grouped_bars(
    labels: Sequence[str],
    first: Sequence[float],
    second: Sequence[float],
    *,
    names: tuple[str, str],
    title: str,
) -> str:
    """Draw two bars per label side by side (e.g. registry members and members who attended)."""
    figure = _figure()
    ax = figure.add_subplot()
    positions = list(range(len(labels)))
    width = 0.38
    ax.bar([p - width / 2 for p in positions], first, width, color=COLOURS["bar"], label=names[0])
    ax.bar([p + width / 2 for p in positions], second, width, color=COLOURS["bar2"], label=names[1])
    for offset, values in ((-width / 2, first), (width / 2, second)):
        for position, value in zip(positions, values, strict=True):
            ax.text(position + offset, value, f"{value:,.0f}", ha="center", va="bottom", fontdict=_font(10))
    ax.set_xticks(positions, labels=list(labels), fontdict=_font(10))
    _title(figure, title)
    ax.set_ylim(0, max([*first, *second, 1]) * 1.2)
    # Below the plot: inside it, the legend covered the tallest bars.
    figure.legend(
        loc="outside lower center",
        ncols=2,
        frameon=False,
        prop=font_manager.FontProperties(family=FONT_FAMILY, size=10),
    )
    _style(ax)
    return _to_uri(figure)
