"""Render the portal's HTML documents to PDF: the one path every PDF goes through."""

from __future__ import annotations

import base64
import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import fontpkg_sarabun
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .actualtext import exact_text_extraction
from .thailine import thai_typesetting

FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"
# (file suffix, font-weight, font-style) for the faces templates may ask for.
FONT_FACES = (
    ("Regular", 400, "normal"),
    ("Bold", 700, "normal"),
    ("Italic", 400, "italic"),
    ("BoldItalic", 700, "italic"),
)


class ResourceDenied(ValueError):
    """Raised for a URL the PDF renderer must not fetch."""


class SafeURLFetcher(URLFetcher):
    """Serve only Sarabun fonts, project static files and ``data:`` images.

    User-entered text can end up in ``src``/``href``/``url()``; fetching it
    would let a user make the server read local files or call the network
    (SSRF). Anything not allowed raises, so WeasyPrint skips the resource.
    """

    def __init__(self, roots: list[Path] | None = None) -> None:
        """Allow files under ``roots`` (default: font folder and static dirs)."""
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [
            Path(os.path.realpath(root))
            for root in (roots if roots is not None else [FONT_DIR, *static_dirs()])
        ]
        #: URLs asked for and refused, for logs and tests.
        self.denied: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Return the resource at ``url`` if allowed, else raise ResourceDenied."""
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            response = self._data_image(url)
        elif scheme == "file":
            response = self._local_file(url)
        else:
            response = None
        if response is None:
            self.denied.append(url)
            raise ResourceDenied(f"PDF renderer does not fetch {url[:200]!r}")
        self.served.append(url)
        return response

    def _data_image(self, url: str) -> URLFetcherResponse | None:
        """Decode a ``data:`` URL if it holds an image (never touches the network)."""
        header, _, payload = url[5:].partition(",")
        media_type, *params = header.split(";")
        if not media_type.strip().lower().startswith("image/"):
            return None
        body = (
            base64.b64decode(payload) if "base64" in params else unquote(payload).encode("latin-1", "replace")
        )
        return URLFetcherResponse(url, body, {"Content-Type": media_type})

    def _local_file(self, url: str) -> URLFetcherResponse | None:
        """Read a ``file:`` URL if it resolves inside an allowed root."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None  # file://host/… would be a network share
        path = Path(os.path.realpath(url2pathname(parts.path)))
        candidates = [path, *self._static_url_paths(parts.path)]
        for candidate in candidates:
            if any(candidate.is_relative_to(root) for root in self.roots) and (candidate.is_file()):
                return URLFetcherResponse(candidate.as_uri(), candidate.read_bytes())
        return None

    def _static_url_paths(self, url_path: str) -> list[Path]:
        """Map ``/static/x.png`` (a ``{% static %}`` URL seen as a path) to static dirs."""
        prefix = "/" + _static_url().strip("/") + "/"
        if not url_path.startswith(prefix):
            return []
        relative = unquote(url_path[len(prefix) :])
        return [Path(os.path.realpath(root / relative)) for root in self.roots]


def _settings() -> object | None:
    """Return Django settings if configured: render_pdf also works without Django."""
    try:
        from django.conf import settings  # imported here: render_pdf also works without Django
    except ImportError:
        return None
    return settings if settings.configured else None


def _static_url() -> str:
    """Return STATIC_URL, or "/static/" without Django."""
    settings = _settings()
    return (getattr(settings, "STATIC_URL", None) or "/static/") if settings else "/static/"


def static_dirs() -> list[Path]:
    """Return the project's static folders (STATICFILES_DIRS and BASE_DIR/static)."""
    settings = _settings()
    if settings is None:
        return []
    dirs = [
        Path(entry[1] if isinstance(entry, (tuple, list)) else entry)
        for entry in getattr(settings, "STATICFILES_DIRS", ())
    ]
    if base_dir := getattr(settings, "BASE_DIR", None):
        dirs.append(Path(base_dir) / "static")
    return [path for path in dict.fromkeys(dirs) if path.is_dir()]


def font_face_css() -> str:
    """Return the @font-face rules mapping "Sarabun" to the bundled TTF files."""
    return "\n".join(
        f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; '
        f'font-style: {style}; src: url("{(FONT_DIR / f"Sarabun-{name}.ttf").as_uri()}"); }}'
        for name, weight, style in FONT_FACES
    )


_HTML_TAG = re.compile(r"<html\b[^>]*>", re.I)
_LANG_ATTR = re.compile(r"\slang\s*=", re.I)
_DOCTYPE = re.compile(r"^\s*<!doctype[^>]*>", re.I)


def ensure_lang(html: str, lang: str) -> str:
    """Give the root ``<html>`` element ``lang`` unless it already has one."""
    if match := _HTML_TAG.search(html):
        if _LANG_ATTR.search(match[0]):
            return html
        return f'{html[: match.start() + 5]} lang="{lang}"{html[match.start() + 5 :]}'
    doctype = _DOCTYPE.match(html)
    cut = doctype.end() if doctype else 0
    return f'{html[:cut]}<html lang="{lang}">{html[cut:]}'


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while WeasyPrint lays out and writes a document.

    A long document allocates hundreds of thousands of boxes and PDF objects; the collector then
    runs again and again over all of them and took a quarter of the time of a 500-member
    registry. Memory is freed by reference counting as before; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(html: str, *, variant: str | None = None, lang: str = "th") -> bytes:
    """Render a full HTML document (a rendered Django template) to PDF bytes.

    The PDF is tagged, has ``/Lang`` (``lang`` unless ``<html lang>`` says
    otherwise) and the ``<title>`` as title, embeds Sarabun, fetches nothing
    outside the font and static folders, and its text extracts exactly (see
    :mod:`reports.pdf.actualtext`), and Thai lines break and justify as a typist accepts
    (:mod:`reports.pdf.thailine`). ``variant`` is WeasyPrint's ``pdf_variant``,
    e.g. ``"pdf/a-3b"`` or ``"pdf/ua-1"``.
    """
    return build_pdf(html, variant=variant, lang=lang)


def build_pdf(
    html: str,
    *,
    variant: str | None = None,
    lang: str = "th",
    exact_text: bool = True,
    thai_layout: bool = True,
    url_fetcher: SafeURLFetcher | None = None,
    **options: object,
) -> bytes:
    """Render like :func:`render_pdf`, with knobs for tests and benchmarks.

    ``exact_text=False`` gives plain WeasyPrint output, to measure the fix;
    ``thai_layout=False`` lays Thai out as plain WeasyPrint does (see :mod:`reports.pdf.thailine`);
    ``options`` go to ``write_pdf`` (e.g. ``uncompressed_pdf=True``).
    """
    fetcher = url_fetcher or SafeURLFetcher()
    font_config = FontConfiguration()
    roots = static_dirs()
    fonts = weasyprint.CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = weasyprint.HTML(
        string=ensure_lang(html, lang),
        url_fetcher=fetcher,
        base_url=roots[0].as_uri() + "/" if roots else None,
    )
    text_fix = exact_text_extraction() if exact_text else nullcontext()
    with text_fix, thai_typesetting() if thai_layout else nullcontext(), _no_cyclic_gc():
        return document.write_pdf(
            stylesheets=[fonts], font_config=font_config, pdf_variant=variant, pdf_tags=True, **options
        )
