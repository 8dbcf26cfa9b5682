"""No personal field can reach the public output.

The whole demo story is played (registry, meetings with attendees and guests, P1 forms and their
submissions, progress reports, reports to executives, builds, users and their profiles). Then every
text field of every model — names, phones, e-mails, ID numbers, addresses, contact fields, notes,
snapshots — gets a marker unique to that field and row, except the fields the open data publishes
on purpose (``PUBLISHED``: the names of groups, districts and plan dimensions, the department, key
issue titles and the officer's theme names, and the projects' own fields). Every public answer is
then read for any marker: one found names the field that leaked.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, Left

from bangkok_network.demo import demo_load
from bangkok_network.models import Cycle
from projects_p1.models import Project
from themes.selectors import themes_for_cycle
from themes.services import theme_rename

pytestmark = pytest.mark.django_db

PUBLISHED = {
    "bangkok_network.DistrictGroup": {"code", "name"},
    "bangkok_network.District": {"code", "name"},
    "bangkok_network.PlanDimension": {"name"},
    "bangkok_network.Cycle": {"department"},  # the publishing office, in the catalogue
    "meetings.KeyIssue": {"title"},
    # The officer's decision: the issue title it is about and the theme's name (no person).
    "themes.ThemeDecision": {"issue_key", "issue_text", "theme_name"},
    "projects_p1.Project": {"name", "objective", "target_unit", "funding_source"},
}
MARKER = re.compile(r"QZ\d+Z")


def _mark_every_other_text_field() -> dict[str, str]:
    """Fill each unpublished text field of every row with QZ<n>Z<pk>; return marker → field."""
    fields: dict[str, str] = {}
    for model in apps.get_models():
        published = PUBLISHED.get(model._meta.label, set())
        for field in model._meta.concrete_fields:
            if field.primary_key or field.choices or field.name in published:
                continue
            marker = f"QZ{len(fields)}Z"
            if isinstance(field, models.JSONField):
                model.objects.update(**{field.name: {"marker": marker}})
            elif isinstance(field, models.CharField | models.TextField):
                value = Concat(Value(marker), Cast("pk", CharField()))
                if field.max_length:
                    value = Left(value, field.max_length)
                try:
                    with transaction.atomic():
                        model.objects.update(**{field.name: value})
                except IntegrityError:  # a constraint allows the field only on some rows: fill those
                    model.objects.exclude(**{field.name: ""}).update(**{field.name: value})
            else:
                continue
            fields[marker] = f"{model._meta.label}.{field.name}"
    return fields


def test_no_marker_of_a_personal_field_reaches_any_public_page_or_file(client, officer):
    cycle = demo_load(today=date(2021, 9, 30), fiscal_year=2564).cycle
    flood = themes_for_cycle(cycle=cycle)[0]
    theme_rename(cycle=cycle, key=flood.key, name="น้ำท่วมขังในชุมชน", user=officer)
    project = Project.objects.filter(form__cycle=cycle, form__version__gte=1).order_by("pk").first()
    fields = _mark_every_other_text_field()
    assert {"registry.Member.phone", "registry.Member.national_id", "auth.User.email"} <= set(fields.values())
    assert {
        "meetings.Meeting.chair_name",
        "meetings.Attendance.guest_name",
        "bangkok_network.Cycle.signer_name",
    } <= (set(fields.values()))

    urls = [
        "/open/",
        f"/open/{cycle.fiscal_year}/",
        *(
            f"/open/{cycle.fiscal_year}/{dataset}.{fmt}"
            for dataset in ("groups", "districts", "themes", "projects")
            for fmt in ("csv", "json")
        ),
        "/data.json",
    ]
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode("utf-8-sig")

    leaks = {url: sorted({fields[m] for m in MARKER.findall(body)}) for url, body in bodies.items()}
    assert {url: found for url, found in leaks.items() if found} == {}
    # What is published is there: the checks above read real pages, not empty ones.
    page = bodies[f"/open/{cycle.fiscal_year}/"]
    assert project.name in page and "น้ำท่วมขังในชุมชน" in page
    assert Cycle.objects.get(pk=cycle.pk).department in bodies["/data.json"]
