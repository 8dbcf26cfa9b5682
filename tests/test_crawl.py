"""Every link and form a person is shown works for that person: a crawl as each demo role.

The demo (load_demo_data, today) is crawled breadth-first from ``/`` as anonymous and as every demo
user — each group's staff and chair, the officer, the executive, the administrator (and the admin
site for them). A link or GET form that answers 403, 404, 405 or 500, or a POST form whose target
refuses POST, fails the test with the page that offered it (tests/crawl.py).
"""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from bangkok_network.models import Role
from tests.crawl import Crawler, PageParser, shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data):
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=io.StringIO())
    return get_user_model().objects.select_related("profile").order_by("username")


def _people(users):
    """Anonymous, then every demo user — each group's staff and chair, the department — by role."""
    people = [("anonymous", None, None, ["/"])]
    for user in users:
        role = user.profile.role
        start = ["/", "/admin/"] if role == Role.ADMIN else ["/"]
        people.append((user.username, role, user, start))
    return sorted(people, key=lambda p: str(p[1]))


def test_every_link_and_form_shown_to_each_demo_role_works(demo):
    started, cpu = time.monotonic(), time.process_time()
    roles = {user.profile.role for user in demo}
    assert roles == set(Role), roles  # the demo has a user of every role
    crawlers, visited, report, broken = {}, {}, [], []
    for name, role, user, start in _people(demo):
        client = Client()
        if user is not None:
            client.force_login(user)
        result = crawlers.setdefault(role, Crawler()).crawl(client, start)
        report.append(f"{name}: {len(result.visited)} pages, {result.posts_checked} POST forms")
        broken += [f"[{name}] {finding}" for finding in result.broken]
        visited[role] = visited.get(role, 0) + len(result.visited)
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    print("\n".join(report), f"\ncrawl: {elapsed:.1f} s ({cpu:.1f} s of CPU)")
    assert not broken, "\n".join(broken)
    # The walk reached past the start page: the login page for anonymous, many pages for the rest.
    assert visited[None] >= 2 and all(visited[role] > 20 for role in Role), visited


def test_the_crawler_reads_links_forms_and_their_values():
    parser = PageParser()
    parser.feed(
        '<a href="/a/">a</a><form method="get" action="/s/"><input name="q" value="x">'
        '<select name="c"><option value="1">1</option><option value="2" selected>2</option></select>'
        '<input type="checkbox" name="off"><input type="checkbox" name="on" checked>'
        '<textarea name="t"> hi </textarea><button>go</button></form>'
        '<form method="post" action="/p/"><input type="hidden" name="k" value="v">'
        '<button formaction="/other/">x</button></form>'
    )
    assert parser.links == ["/a/"]
    assert [(f.method, f.action) for f in parser.forms] == [
        ("get", "/s/"),
        ("post", "/p/"),
        ("post", "/other/"),
    ]
    assert parser.forms[0].fields == [("q", "x"), ("c", "2"), ("on", "on"), ("t", "hi")]
    assert parser.forms[2].fields == [("k", "v")]


def test_urls_of_one_kind_share_a_shape(reference_data):
    assert shape("/groups/bkk-central/") == shape("/groups/bkk-south/?") == "group_detail?"
    assert shape("/dashboard/?cycle=2564") == shape("/dashboard/?cycle=2570") == "dashboard?cycle"
    assert shape("/p1/2570/bkk-central/") == "projects_p1:form_detail?"


def test_the_crawl_finds_a_link_that_does_not_work(demo, client):
    """The crawler itself can fail: a forbidden page, a missing one, a form posting to a GET-only view."""
    from tests.crawl import Finding, accepts_post, local

    assert local("https://example.org/x", "/") is None and local("#top", "/") is None
    assert local("../b/?x=1#f", "/a/c/") == "/a/b/?x=1"
    assert accepts_post("/cycles/2564/edit/") and not accepts_post("/dashboard/")
    client.force_login(demo.get(username="executive"))
    result = Crawler().crawl(client, ["/registry/import/", "/no-such-page/"])
    assert result.broken == [
        Finding("GET", "/registry/import/", 403, "(start)"),
        Finding("GET", "/no-such-page/", 404, "(start)"),
    ]
