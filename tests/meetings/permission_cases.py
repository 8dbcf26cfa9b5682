"""Permission cases of the meetings app: every URL, every role, own group and another group's."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import MeetingStatus
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, make_member
from tests.permission_matrix import Case, group_edit, own_group_page

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A POST whose service refuses (a final meeting cannot change) answers with a redirect and a message.
REFUSED_POST = group_edit(group_staff=302, group_chair=302, admin=302)
OTHER_GROUPS = {"group_staff": 404, "group_chair": 404, "other_group_staff": 200}


def _world_meetings(world, group, tag):
    draft = MeetingFactory(cycle=world.cycle, group=group, date=datetime.date(2021, 4, 9))
    final = MeetingFactory(cycle=world.cycle, group=group, status=MeetingStatus.FINAL)
    member = make_member(cycle=world.cycle, group=group, first_name=f"สมาชิก{tag}")
    row = attend(draft, member)
    attend(final, member)
    issue = KeyIssueFactory(meeting=final)
    services.meeting_scan_upload(meeting=draft, user=None, upload=SimpleUploadedFile("scan.pdf", SCAN))
    return {
        "draft": draft,
        "final": final,
        "attendance": row,
        "final_issue": issue,
        "draft_issue": KeyIssueFactory(meeting=draft),
    }


def setup(world) -> None:
    world.meetings = _world_meetings(world, world.group, "ก")
    world.other_meetings = _world_meetings(world, world.other_group, "ข")


def _pk(key, other=False):
    return lambda w: {"pk": (w.other_meetings if other else w.meetings)[key].pk}


CASES = [
    Case("meetings:meeting_list", lambda w: {"code": w.group.code}, expect=own_group_page()),
    Case("meetings:meeting_list", lambda w: {"code": w.other_group.code}, expect=OTHER_GROUPS),
    Case("meetings:participation", lambda w: {"code": w.group.code}, expect=own_group_page()),
    Case("meetings:participation", lambda w: {"code": w.other_group.code}, expect=OTHER_GROUPS),
    Case("meetings:meeting_create", lambda w: {"code": w.group.code}, expect=group_edit()),
    Case(
        "meetings:meeting_create",
        lambda w: {"code": w.other_group.code},
        expect={**group_edit(), "group_staff": 404, "group_chair": 404, "other_group_staff": 200},
    ),
    Case("meetings:meeting_detail", _pk("draft"), expect=own_group_page()),
    Case("meetings:meeting_detail", _pk("draft", other=True), expect=OTHER_GROUPS),
    Case("meetings:meeting_update", _pk("draft"), expect=group_edit()),
    Case(
        "meetings:meeting_update",
        _pk("draft", other=True),
        expect={**group_edit(), "group_staff": 404, "group_chair": 404, "other_group_staff": 200},
    ),
    Case("meetings:attendance_update", _pk("draft"), expect=group_edit()),
    Case("meetings:key_issue_create", _pk("draft"), expect=group_edit()),
    Case("meetings:key_issue_update", lambda w: {"pk": w.meetings["draft_issue"].pk}, expect=group_edit()),
    Case(
        "meetings:key_issue_update",
        lambda w: {"pk": w.other_meetings["draft_issue"].pk},
        expect={**group_edit(), "group_staff": 404, "group_chair": 404, "other_group_staff": 200},
    ),
    Case("meetings:scan_upload", _pk("draft"), expect=group_edit()),
    Case("meetings:scan_download", _pk("draft"), expect=own_group_page()),
    Case("meetings:scan_download", _pk("draft", other=True), expect=OTHER_GROUPS),
    Case("meetings:meeting_finalise", _pk("final"), method="post", expect=REFUSED_POST),
    Case(
        "meetings:meeting_finalise",
        _pk("final", other=True),
        method="post",
        expect={**REFUSED_POST, "group_staff": 404, "group_chair": 404, "other_group_staff": 302},
    ),
    Case("meetings:meeting_delete", _pk("final"), method="post", expect=REFUSED_POST),
    Case("meetings:guest_add", _pk("final"), method="post", expect=REFUSED_POST),
    Case(
        "meetings:guest_remove",
        lambda w: {"pk": w.meetings["attendance"].pk},
        method="post",
        expect=REFUSED_POST,
    ),
    Case(
        "meetings:guest_remove",
        lambda w: {"pk": w.other_meetings["attendance"].pk},
        method="post",
        expect={**REFUSED_POST, "group_staff": 404, "group_chair": 404, "other_group_staff": 302},
    ),
    Case(
        "meetings:key_issue_delete",
        lambda w: {"pk": w.meetings["final_issue"].pk},
        method="post",
        expect=REFUSED_POST,
    ),
    Case(
        "reports:meeting_document",
        lambda w: {"pk": w.meetings["draft"].pk, "kind": "minutes", "fmt": "pdf"},
        expect=own_group_page(),
    ),
    Case(
        "reports:meeting_document",
        lambda w: {"pk": w.other_meetings["draft"].pk, "kind": "attendance", "fmt": "xlsx"},
        expect=OTHER_GROUPS,
    ),
    Case(
        "reports:document",
        lambda w: {"kind": "minutes", "fiscal_year": 2564, "group": w.group.code, "fmt": "xlsx"},
        expect=own_group_page(),
    ),
    Case(
        "reports:document",
        lambda w: {"kind": "attendance", "fiscal_year": 2564, "group": w.other_group.code, "fmt": "xlsx"},
        expect=OTHER_GROUPS,
    ),
]
