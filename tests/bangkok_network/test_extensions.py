"""The core's extension points: the apps above register with it, the core never names them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bangkok_network import extensions
from bangkok_network.extensions import (
    DASHBOARD_PANELS,
    DEMO_EPILOGUES,
    OWN_REVIEW_PAGES,
    STEP_PAGES,
    dashboard_panel_register,
    demo_epilogue_register,
    review_page_register,
    step_page_register,
)

CORE = Path(extensions.__file__).parent
# The project's composition root (settings, the root URLconf) lists the apps; nothing else may.
COMPOSITION_ROOT = {"settings.py", "settings_test.py", "urls.py"}
APP_URL_NAME = re.compile(r"""["'](registry|meetings|projects_p1|progress|themes|reports):\w+["']""")


REVIEW_PAGES = {"p1": "projects_p1:form_detail", "package": "reports:package_review"}


def test_p1_and_the_package_register_their_own_review_pages_from_their_app_configs():
    assert OWN_REVIEW_PAGES == REVIEW_PAGES


def test_every_registered_review_page_is_a_page_a_link_can_open():
    """The dashboard links to it: a POST-only view there would be a blank 405 in the browser."""
    from django.urls import resolve, reverse

    for url_name in OWN_REVIEW_PAGES.values():
        view = resolve(reverse(url_name, kwargs={"fiscal_year": 2564, "code": "bkk-central"})).func.view_class
        assert hasattr(view, "get"), url_name


def test_registering_the_same_review_page_again_is_harmless():
    review_page_register(kind="p1", url_name="projects_p1:form_detail")

    assert OWN_REVIEW_PAGES == REVIEW_PAGES


def test_a_second_review_page_for_a_step_fails_at_start_up():
    with pytest.raises(
        ImproperlyConfigured, match="registered twice: projects_p1:form_detail and other:page"
    ):
        review_page_register(kind="p1", url_name="other:page")

    assert OWN_REVIEW_PAGES == REVIEW_PAGES


def test_the_themes_register_their_dashboard_panel_from_their_app_config():
    from themes.panels import dashboard_panel

    assert DASHBOARD_PANELS == {"themes": dashboard_panel}
    dashboard_panel_register(key="themes", panel=dashboard_panel)  # the same again: harmless


def test_a_second_dashboard_panel_under_one_key_fails_at_start_up():
    with pytest.raises(
        ImproperlyConfigured, match="registered twice: themes.panels and tests.bangkok_network"
    ):
        dashboard_panel_register(key="themes", panel=lambda **kwargs: None)

    assert list(DASHBOARD_PANELS) == ["themes"]


def test_the_step_apps_register_the_pages_where_groups_work_on_their_steps():
    assert STEP_PAGES == {
        "registry": "registry:member_list",
        "p1": "projects_p1:form_detail",
        "projects": "progress:report_list",
        "package": "reports:package",
    }


def test_a_second_step_page_for_a_step_fails_at_start_up():
    step_page_register(kind="p1", url_name="projects_p1:form_detail")  # the same again: harmless
    with pytest.raises(
        ImproperlyConfigured, match="registered twice: projects_p1:form_detail and other:page"
    ):
        step_page_register(kind="p1", url_name="other:page")

    assert STEP_PAGES["p1"] == "projects_p1:form_detail"


def test_an_unknown_step_kind_is_refused():
    with pytest.raises(ValueError):
        review_page_register(kind="p2", url_name="projects_p1:form_detail")


def test_no_core_module_names_an_app_page_by_its_url_name():
    offenders = [
        f"{path.relative_to(CORE)}: {match.group(0)}"
        for path in sorted(CORE.rglob("*.py"))
        if path.name not in COMPOSITION_ROOT and "migrations" not in path.parts
        for match in APP_URL_NAME.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_notifications_registers_the_demo_epilogue_and_a_second_one_under_its_label_fails():
    from notifications import demo

    assert DEMO_EPILOGUES == {"การแจ้งเตือน": demo.load}
    demo_epilogue_register(label="การแจ้งเตือน", load=demo.load)  # the same again: harmless
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        demo_epilogue_register(label="การแจ้งเตือน", load=lambda *, timeline: "")


def test_the_registry_and_the_meetings_say_which_records_pin_a_district():
    from meetings.selectors import districts_with_key_issues
    from registry.selectors import districts_with_members

    assert extensions.DISTRICT_RECORDS == {
        "registry.members": districts_with_members,
        "meetings.key_issues": districts_with_key_issues,
    }


def test_a_second_district_records_reader_under_one_key_fails_at_start_up():
    from registry.selectors import districts_with_members

    extensions.district_records_register(key="registry.members", districts=districts_with_members)  # the same
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        extensions.district_records_register(key="registry.members", districts=lambda **kwargs: set())
