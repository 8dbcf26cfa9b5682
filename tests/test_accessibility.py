"""Accessible and fitting: axe-core finds no serious or critical violation on the key pages, and no
page scrolls sideways, at a desktop width (1366 px) and a phone's (390 px).

axe-core comes from the npm registry, pinned in package.json / package-lock.json and installed by
`make test` (`npm ci`); it is injected by Playwright into each page (no CDN). The key pages are
those of issue 10: login, dashboard, group home, registry list, import, meeting attendance, P1 edit,
P1 review, package, evaluation — each opened by the role that works there, on the demo of today.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from bangkok_network.demo import DEMO_PASSWORD
from bangkok_network.selectors import cycle_current_required
from meetings.models import Meeting
from projects_p1.models import P1Form
from tests.conftest import CHROMIUM_ARGS, browser_login  # noqa: F401  (browser fixture from conftest)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)
SCREENSHOTS = os.environ.get("A11Y_SCREENSHOTS")  # a folder: save each page as it was checked


def _axe_source() -> str:
    if not AXE.exists():
        message = f"axe-core is missing ({AXE}): run `npm ci` (make test does)"
        if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _key_pages() -> list[tuple[str, str | None, str]]:
    """(name, who opens it, path) for the demo of today."""
    year = cycle_current_required().fiscal_year
    group = "bkk-central"
    meeting = Meeting.objects.filter(group__code=group).order_by("date", "pk").first()
    editable = next(
        f for f in P1Form.objects.filter(cycle__fiscal_year=year).select_related("group") if f.is_editable
    )
    awaiting = next(
        f
        for f in P1Form.objects.filter(cycle__fiscal_year=year).select_related("group")
        if f.is_awaiting_review
    )
    return [
        ("login", None, "/accounts/login/"),
        ("dashboard", "officer", "/dashboard/"),
        ("group-home", f"staff-{group}", f"/groups/{group}/"),
        ("registry-list", f"staff-{group}", f"/registry/{year}/{group}/"),
        ("import", "officer", "/registry/import/"),
        ("meeting-attendance", f"staff-{group}", f"/meetings/{meeting.pk}/attendance/"),
        ("p1-edit", f"staff-{editable.group.code}", f"/p1/{year}/{editable.group.code}/edit/"),
        ("p1-review", "officer", f"/p1/{year}/{awaiting.group.code}/"),
        ("package", f"staff-{group}", f"/documents/package/{year}/{group}/"),
        ("evaluation", "executive", f"/documents/evaluation/{year}/"),
    ]


@pytest.fixture
def demo_today(reference_data):
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=io.StringIO())


def _check(page, axe: str) -> dict:
    """The page's sideways overflow and axe-core's serious and critical violations."""
    page.evaluate(axe)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({id: v.id, impact: v.impact, count: v.nodes.length,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return {
        "violations": result,
        "scroll_width": width[0],
        "inner_width": width[1],
        "menu_contrast": page.evaluate(MENU_CONTRAST),
    }


# The WCAG contrast ratio of the top menu's links (or, collapsed on a phone, its brand) on its background.
MENU_CONTRAST = """() => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => rgb(c).map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const nav = document.querySelector('nav.navbar');
    const link = [...nav.querySelectorAll('.nav-link, .navbar-brand')].find(e => e.offsetParent !== null);
    const [a, b] = [lum(getComputedStyle(link).color), lum(getComputedStyle(nav).backgroundColor)];
    return Math.round((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) * 100) / 100;
}"""


def test_key_pages_have_no_serious_accessibility_violation_and_no_sideways_scroll(
    browser, live_server, demo_today
):
    axe = _axe_source()
    problems, figures = [], []
    for width in WIDTHS:
        for name, username, path in _key_pages():
            context = browser.new_context(
                locale="th-TH", viewport={"width": width, "height": 900}, bypass_csp=True
            )
            page = context.new_page()
            page.set_default_timeout(20000)
            if username:
                browser_login(page, live_server, username, DEMO_PASSWORD)
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (name, width, response.status)
            found = _check(page, axe)
            figures.append(
                f"{width} {name}: scrollWidth {found['scroll_width']} / {found['inner_width']}, "
                f"{len(found['violations'])} serious/critical, menu contrast {found['menu_contrast']}:1"
            )
            if SCREENSHOTS:
                page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
            if found["scroll_width"] > found["inner_width"]:
                problems.append(
                    f"{width} px {name}: scrolls sideways ({found['scroll_width']} > {found['inner_width']})"
                )
            if found["menu_contrast"] < 4.5:
                problems.append(
                    f"{width} px {name}: menu contrast {found['menu_contrast']}:1 < 4.5:1 (WCAG AA)"
                )
            problems += [
                f"{width} px {name}: {json.dumps(v, ensure_ascii=False)}" for v in found["violations"]
            ]
            context.close()
    print("\n".join(figures))
    assert not problems, "\n".join(problems)
