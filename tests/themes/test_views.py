"""The themes page and the dashboard panel through the client; edits by form post."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bangkok_network.models import DistrictGroup
from tests.progress import factories as progress_factories
from tests.themes.factories import FLOOD, INCOME, answer, issue
from themes.models import ThemeDecision
from themes.selectors import themes_for_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(cycle):
    central, south, north = DistrictGroup.objects.order_by("order")[:3]
    flood = issue(cycle=cycle, group=central, wording=FLOOD[0])
    issue(cycle=cycle, group=south, wording=FLOOD[1])
    issue(cycle=cycle, group=north, wording=INCOME[0])
    answer(issue=flood)
    progress_factories.project(cycle=cycle, group=central, name="ลอกท่อระบายน้ำในชุมชน", budget="185000")
    return flood


def test_the_dashboard_shows_the_shared_themes_with_groups_projects_and_budget(client, officer, raised):
    client.force_login(officer)

    html = client.get(reverse("dashboard"), {"cycle": 2564}).content.decode()

    panel = html[html.index('data-testid="themes-panel"') :]
    assert "ประเด็นร่วมของกลุ่มเขต" in panel
    flood = themes_for_cycle(cycle=raised.cycle)[0]
    assert flood.name.startswith("น้ำท่วม") and flood.name in panel
    assert [g.name for g in flood.groups] == ["กรุงเทพกลาง", "กรุงเทพใต้"]
    assert all(
        f'<span class="badge text-bg-light border me-1">{g.name}</span>' in panel for g in flood.groups
    )
    assert "185,000.00" in panel
    assert reverse("themes:theme_list", kwargs={"fiscal_year": 2564}) in panel


def test_the_dashboard_query_count_does_not_grow_with_themes(
    client, officer, cycle, django_assert_max_num_queries
):
    client.force_login(officer)
    groups = DistrictGroup.objects.order_by("order")
    issue(cycle=cycle, group=groups[0], wording=FLOOD[0])
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard"), {"cycle": 2564})
    for group in groups:
        for wording in FLOOD + INCOME:
            issue(cycle=cycle, group=group, wording=wording)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse("dashboard"), {"cycle": 2564}).status_code == 200


def test_the_executive_reads_the_themes_without_edit_forms(client, executive, raised):
    client.force_login(executive)

    html = client.get(reverse("themes:theme_list", kwargs={"fiscal_year": 2564})).content.decode()

    assert "ลอกท่อระบายน้ำในชุมชน" in html
    assert "เปลี่ยนชื่อ" not in html and "รวมกลุ่มที่เลือก" not in html


def test_the_officer_renames_a_theme_and_sees_it_kept(client, officer, raised):
    client.force_login(officer)
    url = reverse("themes:theme_list", kwargs={"fiscal_year": 2564})
    assert "รวมกลุ่มที่เลือก" in client.get(url).content.decode()

    response = client.post(
        reverse("themes:theme_rename", kwargs={"fiscal_year": 2564}),
        {"theme": raised.pk, "name": "น้ำท่วมขังและการระบายน้ำ"},
        follow=True,
    )

    html = response.content.decode()
    assert response.redirect_chain == [(url, 302)]
    assert "เปลี่ยนชื่อกลุ่มประเด็นแล้ว" in html
    assert "น้ำท่วมขังและการระบายน้ำ" in html and "ตั้งชื่อโดยเจ้าหน้าที่" in html
    assert ThemeDecision.objects.count() == 2


def test_a_merge_of_one_theme_goes_back_with_the_thai_message(client, officer, raised):
    client.force_login(officer)

    response = client.post(
        reverse("themes:theme_merge", kwargs={"fiscal_year": 2564}), {"themes": [raised.pk]}, follow=True
    )

    assert "เลือกกลุ่มประเด็นที่จะรวมอย่างน้อย ๒ กลุ่ม" in response.content.decode()
    assert not ThemeDecision.objects.exists()


def test_a_bad_form_goes_back_with_the_thai_message(client, officer, raised):
    client.force_login(officer)

    response = client.post(
        reverse("themes:theme_split", kwargs={"fiscal_year": 2564}),
        {"theme": raised.pk, "issues": ["x"], "name": "ก"},
        follow=True,
    )

    assert "รายการที่เลือกไม่ถูกต้อง" in response.content.decode()
