"""What the apps above the core register with it, so that the core never names them.

An app registers in its ``AppConfig.ready()``; the core reads the registrations here. A second,
different registration for the same key is a configuration error, raised at start-up.

- ``demo_step_register``: the app's part of the demo story for a calendar step;
- ``demo_epilogue_register``: what an app adds once the story's steps are played (notices of the day);
- ``review_page_register``: a step's own review page (the dashboard links there);
- ``dashboard_panel_register``: a panel of the department dashboard (the shared themes);
- ``step_page_register``: the page where a group works on a step (notifications link there);
- ``review_summary_register``: what a group sent for a step, shown on the generic review page;
- ``district_records_register``: records that tie a district to its group in a cycle (regrouping).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured

from bangkok_network.models import StepKind

# The demo's story, one step of the calendar at a time: step kind → the app's loader,
# ``load(*, timeline) -> a one-line summary``. ``bangkok_network.demo`` runs them in calendar
# order and stops, naming the step, when one of the cycle's steps has none.
DemoStep = Callable[..., str]
DEMO_STEPS: dict[str, DemoStep] = {}


def demo_step_register(*, kind: StepKind | str, load: DemoStep) -> None:
    """Register an app's demo step for a calendar step (call it from ``AppConfig.ready()``)."""
    kind = StepKind(kind).value
    known = DEMO_STEPS.get(kind)
    if known is not None and known is not load:
        raise ImproperlyConfigured(
            f"demo step for “{kind}” registered twice: {known.__module__} and {load.__module__}"
        )
    DEMO_STEPS[kind] = load


# What runs once every step of the story is played, in registration order: a label (printed by
# ``load_demo_data``) → ``load(*, timeline) -> a one-line summary``. For what no single step owns,
# such as the notices people find in their inbox on the demo's today.
DEMO_EPILOGUES: dict[str, DemoStep] = {}


def demo_epilogue_register(*, label: str, load: DemoStep) -> None:
    """Register an app's epilogue of the demo (call it from ``AppConfig.ready()``)."""
    known = DEMO_EPILOGUES.get(label)
    if known is not None and known is not load:
        raise ImproperlyConfigured(
            f"demo epilogue “{label}” registered twice: {known.__module__} and {load.__module__}"
        )
    DEMO_EPILOGUES[label] = load


# Steps whose app has its own review page (with versions and comments): step kind → the URL name
# of that page (one a link can open: it answers GET), which takes ``fiscal_year`` and ``code``.
# The dashboard links there and the generic step review refuses these steps, so the two can never
# disagree.
OWN_REVIEW_PAGES: dict[str, str] = {}


def _url_name_register(pages: dict[str, str], what: str, kind: StepKind | str, url_name: str) -> None:
    kind = StepKind(kind).value
    known = pages.get(kind)
    if known is not None and known != url_name:
        raise ImproperlyConfigured(f"{what} for “{kind}” registered twice: {known} and {url_name}")
    pages[kind] = url_name


def review_page_register(*, kind: StepKind | str, url_name: str) -> None:
    """Register the step app's own review page for a calendar step (call it from ``AppConfig.ready()``)."""
    _url_name_register(OWN_REVIEW_PAGES, "review page", kind, url_name)


@dataclass(frozen=True)
class DashboardPanel:
    """What a panel shows: its template (included in the dashboard) and that template's context."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


# Panels of the department dashboard below the deadline matrix, in registration order: key → the
# app's ``panel(*, cycle, user) -> DashboardPanel``. A panel reads through its app's selectors
# and runs a fixed number of queries, so the dashboard's count stays constant.
PanelBuilder = Callable[..., DashboardPanel]
DASHBOARD_PANELS: dict[str, PanelBuilder] = {}


def dashboard_panel_register(*, key: str, panel: PanelBuilder) -> None:
    """Register an app's panel on the department dashboard (call it from ``AppConfig.ready()``)."""
    known = DASHBOARD_PANELS.get(key)
    if known is not None and known is not panel:
        raise ImproperlyConfigured(
            f"dashboard panel “{key}” registered twice: {known.__module__} and {panel.__module__}"
        )
    DASHBOARD_PANELS[key] = panel


# The page where a group works on a calendar step: step kind → a URL name taking ``fiscal_year``
# and ``code``. A notification about the step (sent, returned, accepted, opening, due) links there;
# a step without one links to the group's page.
STEP_PAGES: dict[str, str] = {}


def step_page_register(*, kind: StepKind | str, url_name: str) -> None:
    """Register the page where a group works on a calendar step (call it from ``AppConfig.ready()``)."""
    _url_name_register(STEP_PAGES, "step page", kind, url_name)


# What the department sees of a step's work on the generic review page, so it never decides
# blind: step kind → ``summarise(*, progress) -> list[SummaryLine]``, a few lines each with a link
# to the object or document (a constant number of queries, whatever the group's data).
class SummaryLine(NamedTuple):
    label: str
    value: str
    url: str = ""


ReviewSummary = Callable[..., list[SummaryLine]]
REVIEW_SUMMARIES: dict[str, ReviewSummary] = {}


def review_summary_register(*, kind: StepKind | str, summarise: ReviewSummary) -> None:
    """Register what the review page shows of a step's work (call it from ``AppConfig.ready()``)."""
    kind = StepKind(kind).value
    known = REVIEW_SUMMARIES.get(kind)
    if known is not None and known is not summarise:
        raise ImproperlyConfigured(
            f"review summary for “{kind}” registered twice: {known.__module__} and {summarise.__module__}"
        )
    REVIEW_SUMMARIES[kind] = summarise


# Records that tie a district to its group for a cycle (a registry member, a key issue): key → the
# app's ``districts(*, cycle, district_ids) -> set of the ids its records name`` (one query).
# The regrouping between years (``services.district_assignments_set``) will not move those.
DistrictRecords = Callable[..., set]
DISTRICT_RECORDS: dict[str, DistrictRecords] = {}


def district_records_register(*, key: str, districts: DistrictRecords) -> None:
    """Register what of an app's records pins a district to its group (call it from ``ready()``)."""
    known = DISTRICT_RECORDS.get(key)
    if known is not None and known is not districts:
        raise ImproperlyConfigured(
            f"district records “{key}” registered twice: {known.__module__} and {districts.__module__}"
        )
    DISTRICT_RECORDS[key] = districts
