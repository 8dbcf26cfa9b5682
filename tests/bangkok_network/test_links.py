"""Links are shown only to whom they open: url_if_allowed asks the target view's own rule."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from bangkok_network.permissions import url_if_allowed

pytestmark = pytest.mark.django_db


def test_a_page_outside_the_role_gives_no_url(officer, executive):
    assert (
        url_if_allowed(officer, "reports:package", 2564, "bkk-central")
        == "/documents/package/2564/bkk-central/"
    )
    # Executives read packages (personal data masked), but they import nothing.
    assert url_if_allowed(executive, "reports:package", 2564, "bkk-central")
    assert url_if_allowed(officer, "registry:import_upload") == "/registry/import/"
    assert url_if_allowed(executive, "registry:import_upload") is None


def test_a_post_only_view_is_no_page_to_link_to(staff):
    """As the dashboard's old "พิจารณา" link to the P1 review, then POST-only: a blank 405 page."""
    assert url_if_allowed(staff, "projects_p1:form_submit", fiscal_year=2564, code="bkk-central") is None
    assert url_if_allowed(staff, "projects_p1:form_detail", fiscal_year=2564, code="bkk-central")


def test_a_page_that_changes_a_group_opens_only_for_that_groups_people(staff, admin_user, group, other_group):
    own = url_if_allowed(staff, "registry:member_create", 2564, group.code)
    assert own == f"/registry/2564/{group.code}/members/new/"
    assert url_if_allowed(staff, "registry:member_create", 2564, other_group.code) is None
    assert url_if_allowed(admin_user, "registry:member_create", 2564, other_group.code)


def test_anonymous_gets_no_portal_link(client):
    from django.contrib.auth.models import AnonymousUser

    assert url_if_allowed(AnonymousUser(), "dashboard") is None
    assert url_if_allowed(AnonymousUser(), "login") == "/accounts/login/"  # Django's own view: no rule


def test_the_template_tag_shows_the_link_only_when_it_opens(officer, executive):
    template = Template(
        "{% url_if_allowed 'registry:import_upload' as url %}"
        '{% if url %}<a href="{{ url }}">x</a>{% endif %}'
    )
    request = RequestFactory().get("/")
    request.user = officer
    assert template.render(Context({"request": request})) == '<a href="/registry/import/">x</a>'
    request.user = executive
    assert template.render(Context({"request": request})) == ""


def test_the_executive_sees_the_package_but_no_import_link_the_officer_does(
    client, executive, officer, cycle, group
):
    for user, shown in ((executive, False), (officer, True)):
        client.force_login(user)
        home = client.get(f"/groups/{group.code}/?cycle=2564").content.decode()
        assert "/documents/package/2564/bkk-central/" in home  # masked for the executive
        registry = client.get("/registry/?cycle=2564").content.decode()
        assert ('href="/registry/import/"' in registry) is shown
