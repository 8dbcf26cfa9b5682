"""What the apps above the core register with it, so that the core never names them.

An app registers in its ``AppConfig.ready()``; the core reads the registrations here. A second,
different registration for the same key is a configuration error, raised at start-up. The demo
steps are registered the same way, with ``bangkok_network.demo.demo_step_register``.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from bangkok_network.models import StepKind

# Steps whose app has its own review page (with versions and comments): step kind → the URL name
# of that page, which takes ``fiscal_year`` and ``code``. The dashboard links there and the
# generic step review refuses these steps, so the two can never disagree.
OWN_REVIEW_PAGES: dict[str, str] = {}


def review_page_register(*, kind: StepKind | str, url_name: str) -> None:
    """Register the step app's own review page for a calendar step (call it from ``AppConfig.ready()``)."""
    kind = StepKind(kind).value
    known = OWN_REVIEW_PAGES.get(kind)
    if known is not None and known != url_name:
        raise ImproperlyConfigured(f"review page for “{kind}” registered twice: {known} and {url_name}")
    OWN_REVIEW_PAGES[kind] = url_name
