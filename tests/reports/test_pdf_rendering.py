"""The shared PDF rendering path: metadata, tags, fonts, and no resource fetching."""

from __future__ import annotations

import base64
import inspect
import io
import socket
import urllib.request

import pytest
from pypdf import PdfReader

from reports.pdf import render_pdf
from reports.pdf.rendering import SafeURLFetcher, build_pdf, ensure_lang
from reports.pdf.textcheck import extract_text_pypdf

PAGE = (
    "<!DOCTYPE html><html{lang}><head><title>บันทึกข้อความ</title></head>"
    '<body style="font-family: Sarabun">{body}</body></html>'
)


def png_1px() -> bytes:
    """Return a valid one-pixel PNG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "red").save(buffer, "PNG")
    return buffer.getvalue()


PNG_1PX = base64.b64encode(png_1px()).decode()


def reader(pdf: bytes) -> PdfReader:
    """Open PDF bytes with pypdf."""
    return PdfReader(io.BytesIO(pdf))


def test_render_pdf_signature() -> None:
    """Callers rely on this exact keyword-only API."""
    assert str(inspect.signature(render_pdf)) == (
        "(html: 'str', *, variant: 'str | None' = None, lang: 'str' = 'th') -> 'bytes'"
    )


def test_metadata_language_tags_and_fonts() -> None:
    """Title from <title>, /Lang th added, tagged PDF, Sarabun faces embedded."""
    body = "<p>สำนัก <b>ตัวหนา</b> <i>ตัวเอียง</i> <b><i>หนาเอียง</i></b></p>"
    pdf = render_pdf(PAGE.format(lang="", body=body))
    document = reader(pdf)
    catalog = document.trailer["/Root"]
    assert document.metadata.title == "บันทึกข้อความ"
    assert catalog["/Lang"] == "th"
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    fonts = {
        font["/BaseFont"].split("+")[1]
        for page in document.pages
        for font in page["/Resources"]["/Font"].values()
        for font in [font.get_object()]
    }
    assert {"Sarabun", "Sarabun-Bold", "Sarabun-Italic", "Sarabun-Bold-Italic"} <= fonts
    assert "หนาเอียง" in extract_text_pypdf(pdf)


def test_existing_lang_is_kept() -> None:
    """A template that says lang="en" keeps it; lang= only fills a gap."""
    assert ensure_lang('<html lang="en"><p>x', "th") == '<html lang="en"><p>x'
    assert ensure_lang("<!doctype html><p>x", "th") == '<!doctype html><html lang="th"><p>x'
    pdf = render_pdf(PAGE.format(lang=' lang="en"', body="<p>Hello</p>"))
    assert reader(pdf).trailer["/Root"]["/Lang"] == "en"


def test_pdf_a_variant() -> None:
    """variant is WeasyPrint's pdf_variant: PDF/A-3b gets its identification."""
    pdf = render_pdf(PAGE.format(lang="", body="<p>น้ำท่วม</p>"), variant="pdf/a-3b")
    document = reader(pdf)
    xmp = document.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in document.trailer["/Root"]
    assert extract_text_pypdf(pdf).strip() == "น้ำท่วม"


def test_no_url_from_user_text_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    """http(s), file:// outside static and @import are refused without any I/O."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(urllib.request, "urlopen", forbidden)
    hostile = [
        "http://127.0.0.1:9/x.png",
        "https://example.com/t.png",
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "file://server/share/x.png",
        "http://127.0.0.1:9/evil.css",
    ]
    body = (
        "<style>@import url('http://127.0.0.1:9/evil.css');"
        "p { background: url('https://example.com/t.png') }</style>"
        '<p>รูป <img src="http://127.0.0.1:9/x.png"> <img src="file:///etc/passwd">'
        '<img src="http://169.254.169.254/latest/meta-data/">'
        '<img src="file://server/share/x.png">'
        f'<img src="data:image/png;base64,{PNG_1PX}"></p>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">'
    )
    fetcher = SafeURLFetcher()
    pdf = build_pdf(PAGE.format(lang="", body=body), url_fetcher=fetcher)
    assert pdf.startswith(b"%PDF") and "รูป" in extract_text_pypdf(pdf)
    assert set(fetcher.denied) == set(hostile)
    assert all(url.startswith(("file:", "data:image/")) for url in fetcher.served)
    assert any("Sarabun-Regular.ttf" in url for url in fetcher.served)


def test_static_files_are_served_and_traversal_is_not(tmp_path) -> None:
    """Only files really inside an allowed root are read, even via ../ or symlinks."""
    root = tmp_path / "static"
    root.mkdir()
    (root / "logo.png").write_bytes(base64.b64decode(PNG_1PX))
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = SafeURLFetcher(roots=[root])
    assert fetcher.fetch((root / "logo.png").as_uri()).read().startswith(b"\x89PNG")
    for url in [
        f"{root.as_uri()}/../secret.txt",
        (root / "link.txt").as_uri(),
        "data:text/html,<b>x</b>",
        "ftp://example.com/x",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
