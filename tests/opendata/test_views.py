"""The public summary and open data answer without login, in Thai, with the cycle's figures."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangkok_network.models import DistrictGroup
from meetings.models import KeyIssue
from tests.meetings.factories import MeetingFactory, make_member
from tests.progress import factories as progress_factories
from tests.themes.factories import FLOOD, INCOME, answer, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cycle):
    central, south = DistrictGroup.objects.order_by("order")[:2]
    flood = issue(cycle=cycle, group=central, wording=FLOOD[0])
    issue(cycle=cycle, group=south, wording=FLOOD[1])
    answer(issue=flood)
    district = flood.group.assignments.filter(cycle=cycle).first().district
    flood.districts.set([district])
    member = make_member(cycle=cycle, group=central, first_name="สมหญิง", district=district)
    meeting = MeetingFactory(cycle=cycle, group=central, number=9)
    meeting.attendances.create(member=member, status="present")
    project = progress_factories.project(cycle=cycle, group=central, name="ลอกท่อระบายน้ำ", budget="185000.00")
    progress_factories.report(project=project, percent=60)
    return {"central": central, "district": district, "project": project}


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_public_page_answers_without_login_in_thai_with_be_years(client, programme):
    response = client.get("/open/2564/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "ปีงบประมาณ พ.ศ. 2564" in html
    assert "ลอกท่อระบายน้ำ" in html and "185,000.00" in html
    assert "ประเด็นร่วมของกลุ่มเขต" in html
    assert 'href="/open/2564/projects.csv"' in html and 'href="/data.json"' in html


def test_the_csv_per_group_and_district_carries_counts_themes_and_money(client, programme):
    groups = {row["group_code"]: row for row in _csv(client, "/open/2564/groups.csv")}
    central = groups[programme["central"].code]
    assert len(groups) == 6
    assert (central["members"], central["members_in_meetings"], central["meetings"]) == ("1", "1", "2")
    assert (central["key_issues"], central["projects"], central["budget_baht"]) == ("1", "1", "185000.00")
    assert central["themes"].startswith("น้ำท่วม")

    districts = {row["district_code"]: row for row in _csv(client, "/open/2564/districts.csv")}
    assert len(districts) == 50
    row = districts[programme["district"].code]
    assert (row["group_code"], row["members"], row["key_issues"]) == (programme["central"].code, "1", "1")
    assert row["themes"] == central["themes"]

    (theme,) = _csv(client, "/open/2564/themes.csv")
    assert theme["groups"] == "กลุ่มกรุงเทพกลาง; กลุ่มกรุงเทพใต้"
    assert (theme["projects"], theme["budget_baht"], theme["percent_complete_mean"]) == (
        "1",
        "185000.00",
        "60.0",
    )

    (project,) = _csv(client, "/open/2564/projects.csv")
    assert (project["project_name"], project["percent_complete"], project["theme"]) == (
        "ลอกท่อระบายน้ำ",
        "60",
        theme["theme"],
    )


def test_the_json_has_its_fields_licence_and_rows(client, programme):
    document = client.get("/open/2564/projects.json").json()

    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["fields"][-1] == "theme"
    assert document["rows"][0]["budget_baht"] == "185000.00"


def test_the_dcat_catalogue_lists_every_cycle_with_its_files_and_licence(client, programme):
    response = client.get("/data.json")
    catalogue = response.json()

    assert response["Access-Control-Allow-Origin"] == "*"
    assert catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    (dataset,) = catalogue["dataset"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["accessLevel"] == "public" and dataset["temporal"] == "2020-10-01/2021-09-30"
    assert dataset["landingPage"] == "http://testserver/open/2564/"
    assert dataset["contactPoint"]["fn"] == "สำนักยุทธศาสตร์และประเมินผล"
    urls = {d["downloadURL"] for d in dataset["distribution"]}
    assert "http://testserver/open/2564/themes.csv" in urls and len(urls) == 8
    for url in urls:  # every file the catalogue names answers
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_an_unknown_dataset_or_year_is_not_found(client, programme):
    assert client.get("/open/2564/members.csv").status_code == 404
    assert client.get("/open/2564/groups.xml").status_code == 404
    assert client.get("/open/2590/").status_code == 404


def test_public_queries_do_not_grow_with_groups_districts_or_issues(client, programme, cycle):
    with CaptureQueriesContext(connection) as small:
        client.get("/open/2564/")
    for group in DistrictGroup.objects.all():
        for wording in FLOOD + INCOME:
            raised = issue(cycle=cycle, group=group, wording=wording)
            raised.districts.set(group.assignments.filter(cycle=cycle).values_list("district", flat=True))
        progress_factories.project(cycle=cycle, group=group, order=5)
    assert KeyIssue.objects.count() > 30
    with CaptureQueriesContext(connection) as large:
        client.get("/open/2564/")

    assert len(large) == len(small)
