"""A breadth-first crawler over the portal, as one person sees it, through Django's test client.

It follows every same-site link (``a[href]``) and submits every GET form (with the values the page
fills in) on every page it reaches, at most ``per_shape`` URLs of each shape: the URL pattern the
path resolves to plus the names of its query parameters, so six groups' pages of one kind count as
one shape and the walk stays short whatever the data. Each POST form's target must resolve to a
view that answers POST; the first form of each shape is also submitted with the page's own values
inside a savepoint that is rolled back (its cookies restored), so it changes nothing the walk sees.

A response that is not 2xx/3xx is a broken link: the person was offered something that does not
work for them. Each finding names the page that offered it.
"""

from __future__ import annotations

import posixpath
import traceback
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from django.db import transaction
from django.urls import Resolver404, resolve

SKIPPED_PREFIXES = ("/static/", "/media/")
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


@dataclass
class Form:
    method: str
    action: str
    fields: list[tuple[str, str]]
    submittable: bool = False  # a form without a submit button (the admin's read-only pages) offers nothing


class PageParser(HTMLParser):
    """Collect a page's links and forms (with each field's value as the browser would submit it)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(a.get("method", "get").lower() or "get", a.get("action", ""), [])
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("button", "input") and a.get("formaction"):  # a button that submits elsewhere
            method = a.get("formmethod", self._form.method).lower()
            self.forms.append(Form(method, a["formaction"], self._form.fields, submittable=True))
        elif tag == "button" or (tag == "input" and a.get("type", "").lower() in ("submit", "image")):
            if a.get("type", "submit").lower() in ("submit", "image"):
                self._form.submittable = True
        elif tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("button", "reset", "file") or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self._form.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name") and "disabled" not in a:
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in a:
                self._select_value = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None and self._form is not None:
            if self._select_value is not None:
                self._form.fields.append((self._select, self._select_value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text).strip()))
            self._textarea = None


@dataclass
class Finding:
    method: str
    url: str
    status: int | str
    found_on: str

    def __str__(self):
        return f"{self.method} {self.url} → {self.status} (offered on {self.found_on})"


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    posts_checked: int = 0
    broken: list[Finding] = field(default_factory=list)


def shape(url: str) -> str:
    """The URL's kind: the pattern its path resolves to and the names of its query parameters."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        route = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
        if match.url_name is None:
            route = match.route
    except Resolver404:
        route = parts.path
    if route.startswith("admin:"):  # Django's own pages: each list's sort and filter links are one kind
        return route
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{route}?{'&'.join(keys)}"


def local(url: str, base: str) -> str | None:
    """Return the same-site path and query of a link on page ``base``, None for anything else."""
    url = url.strip()
    if not url or url.startswith("#") or url.lower().startswith(SKIPPED_SCHEMES):
        return None
    parts = urlsplit(urljoin(f"http://testserver{base}", url))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def accepts_post(path: str) -> bool:
    """Tell whether the view the path resolves to answers POST (a class-based view with post())."""
    try:
        func = resolve(urlsplit(path).path).func
    except Resolver404:
        return False
    view_class = getattr(func, "view_class", None)
    if view_class is None:  # a function view (the admin's, set_language): submitted below instead
        return True
    return "post" in view_class.http_method_names and hasattr(view_class, "post")


class Crawler:
    """Crawl as the people of one role: the budget of URLs per shape is shared by their walks.

    Six groups' staff see the same kinds of pages; sharing the budget walks the first groups' pages
    of each kind and, for the others, only what they reach that is new. The admin site's pages
    (Django's own, one kind per model and page) and files (a PDF, a workbook: slow to make, and one
    is as good a link as another of its kind) are taken once per kind.
    """

    def __init__(self, *, per_shape: int = 3, once_per_shape: int = 1, posts_per_shape: int = 1):
        self.per_shape = per_shape
        self.once_per_shape = once_per_shape
        self.posts_per_shape = posts_per_shape
        self.seen: set[str] = set()
        self.counts: dict[str, int] = {}
        self.post_counts: dict[str, int] = {}

    def _get(self, url):
        try:
            return self.client.get(url)
        except Exception:  # a 500: the test client re-raises the view's exception
            return traceback.format_exc(limit=-3)

    def _post(self, url, data):
        """Submit inside a savepoint that is rolled back; the client's cookies are restored."""
        saved = SimpleCookie()
        saved.load(self.client.cookies.output(header="", sep=";"))
        try:
            with transaction.atomic():
                try:
                    body: dict[str, list[str]] = {}
                    for name, value in data:
                        body.setdefault(name, []).append(value)
                    response = self.client.post(url, body)
                except Exception:
                    response = traceback.format_exc(limit=-3)
                transaction.set_rollback(True)
        finally:
            self.client.cookies = saved
        return response

    def crawl(self, client, start: list[str]) -> CrawlResult:
        """Walk from ``start`` (always visited) as ``client``'s user."""
        self.client = client
        result = CrawlResult()
        seen, counts, post_counts = self.seen, self.counts, self.post_counts
        queue: deque[tuple[str, str]] = deque()

        def offer(url: str, found_on: str, start: bool = False, redirect: bool = False) -> None:
            """Queue a URL unless seen or its shape is spent (a start URL or a redirect's target always)."""
            if url in seen and not start:
                return
            kind = shape(url)
            limit = self.per_shape
            if kind.startswith("admin:") or posixpath.splitext(urlsplit(url).path)[1]:
                limit = self.once_per_shape  # Django's admin pages; a file (PDF, Excel, calendar)
            if counts.get(kind, 0) >= limit and not (start or redirect):
                return
            counts[kind] = counts.get(kind, 0) + 1
            seen.add(url)
            queue.append((url, found_on))

        for url in start:
            offer(url, "(start)", start=True)
        while queue:
            url, found_on = queue.popleft()
            response = self._get(url)
            result.visited.append(url)
            if isinstance(response, str):
                result.broken.append(
                    Finding("GET", url, f"500 {response.strip().splitlines()[-1]}", found_on)
                )
                continue
            status = response.status_code
            if not 200 <= status < 400:
                result.broken.append(Finding("GET", url, status, found_on))
                continue
            if 300 <= status < 400:
                target = local(response["Location"], url)
                if target:
                    offer(target, f"{found_on} → redirect from {url}", redirect=True)
                continue
            if "text/html" not in response.get("Content-Type", ""):
                continue
            parser = PageParser()
            parser.feed(response.content.decode(response.charset or "utf-8", "replace"))
            for href in parser.links:
                target = local(href, url)
                if target:
                    offer(target, url)
            for form in parser.forms:
                action = local(form.action or url, url)
                if action is None:
                    continue
                if form.method == "get":
                    parts = urlsplit(action)
                    offer(urlunsplit(("", "", parts.path, urlencode(form.fields), "")), f"{url} (form)")
                    continue
                if not form.submittable:
                    continue
                result.posts_checked += 1
                if not accepts_post(action):
                    result.broken.append(Finding("POST", action, "405 (the view answers no POST)", url))
                    continue
                kind = shape(action)
                if post_counts.get(kind, 0) >= self.posts_per_shape:
                    continue
                post_counts[kind] = post_counts.get(kind, 0) + 1
                response = self._post(action, form.fields)
                if isinstance(response, str):
                    status = f"500 {response.strip().splitlines()[-1]}"
                else:
                    status = response.status_code
                if isinstance(status, str) or status in (403, 404, 405) or status >= 500:
                    result.broken.append(Finding("POST", action, status, url))
        return result
