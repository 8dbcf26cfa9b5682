"""Permission cases of the meetings app (the rules: tests/permission_matrix.py)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import AttendeeKind, MeetingStatus
from tests.meetings.factories import KeyIssueFactory, MeetingFactory, attend, make_member
from tests.permission_matrix import DEPARTMENT, GROUP_EDIT, SIGNED_IN, Case, cycle_year, group_code, pk_of

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def setup(world) -> None:
    """In each group: a draft meeting (with a member present, a guest and a key issue) and a final one."""
    for tag, group in (("ก", world.group), ("ข", world.other_group)):
        objects = world.at(group)
        objects.draft = MeetingFactory(cycle=world.cycle, group=group, date=datetime.date(2021, 4, 9))
        objects.final = MeetingFactory(cycle=world.cycle, group=group, status=MeetingStatus.FINAL)
        member = make_member(cycle=world.cycle, group=group, first_name=f"สมาชิก{tag}")
        objects.attendance = attend(objects.draft, member)
        attend(objects.final, member)
        objects.guest = services.guest_add(meeting=objects.draft, user=None, name="ผู้สังเกตการณ์")
        objects.draft_issue = KeyIssueFactory(meeting=objects.draft)
        KeyIssueFactory(meeting=objects.final)
        services.meeting_scan_upload(meeting=objects.draft, user=None, upload=_scan())
        services.meeting_scan_upload(meeting=objects.draft, user=None, upload=_scan(), paper="sign_in")


def _scan():
    return SimpleUploadedFile("scan.pdf", SCAN, content_type="application/pdf")


_draft = pk_of("draft")
_issue = pk_of("draft_issue")

MEETING_DATA = {
    "year": "2564",
    "title": "ประชุมเครือข่ายประชาสังคม",
    "date": "09/04/2564",
    "start_time": "09:00",
    "end_time": "12:00",
    "venue": "ห้องประชุมสำนักงานเขต",
    "chair_name": "นายประธาน เครือข่าย",
}
ISSUE_DATA = {
    "title": "น้ำท่วมขัง",
    "problem": "ฝนตกหนัก",
    "affected": "ชุมชนริมคลอง",
    "dimension": "physical",
    "priority": "1",
}

CASES = [
    Case("meetings:meeting_list", per_group=group_code, access=SIGNED_IN),
    Case("meetings:participation", per_group=group_code, access=SIGNED_IN),
    Case(
        "meetings:meeting_create",
        per_group=group_code,
        access=GROUP_EDIT,
        data=lambda w, g: MEETING_DATA,
    ),
    Case("meetings:meeting_detail", per_group=_draft, access=SIGNED_IN),
    Case(
        "meetings:meeting_update",
        per_group=_draft,
        access=GROUP_EDIT,
        data=lambda w, g: {**MEETING_DATA, "number": w.at(g).draft.number},
    ),
    Case("meetings:meeting_finalise", per_group=_draft, access=GROUP_EDIT),
    Case("meetings:meeting_delete", per_group=_draft, access=GROUP_EDIT),
    Case(
        "meetings:meeting_reopen",
        per_group=pk_of("final"),
        access=DEPARTMENT,
        data=lambda w, g: {"reason": "แก้ชื่อผู้มาประชุม", "confirmed": "1"},
    ),
    Case(
        "meetings:minutes_certify",
        per_group=_draft,
        access=GROUP_EDIT,
        data=lambda w, g: {"outcome": "as_written"},
    ),
    Case("meetings:minutes_certification_cancel", per_group=_draft, access=GROUP_EDIT),
    Case(
        "meetings:attendance_update",
        per_group=_draft,
        access=GROUP_EDIT,
        data=lambda w, g: {f"status_{w.at(g).attendance.member_id}": "present"},
    ),
    Case(
        "meetings:sign_in",
        per_group=_draft,
        access=GROUP_EDIT,
        data=lambda w, g: {"signed": [w.at(g).attendance.member_id]},
    ),
    Case(
        "meetings:sign_in_scan_upload",
        per_group=_draft,
        access=GROUP_EDIT,
        data=lambda w, g: {"scan": _scan()},
    ),
    Case("meetings:sign_in_scan_download", per_group=_draft, access=SIGNED_IN),
    Case(
        "meetings:guest_add",
        per_group=_draft,
        access=GROUP_EDIT,
        data=lambda w, g: {"name": "นายแขก รับเชิญ", "kind": AttendeeKind.GUEST},
    ),
    Case("meetings:guest_remove", per_group=pk_of("guest"), access=GROUP_EDIT),
    Case("meetings:key_issue_create", per_group=_draft, access=GROUP_EDIT, data=lambda w, g: ISSUE_DATA),
    Case("meetings:key_issue_update", per_group=_issue, access=GROUP_EDIT, data=lambda w, g: ISSUE_DATA),
    Case("meetings:key_issue_delete", per_group=_issue, access=GROUP_EDIT),
    Case("meetings:scan_upload", per_group=_draft, access=GROUP_EDIT, data=lambda w, g: {"scan": _scan()}),
    Case("meetings:scan_download", per_group=_draft, access=SIGNED_IN),
    Case(
        "reports:meeting_document",
        per_group=lambda w, g: {"pk": w.at(g).draft.pk, "kind": "minutes", "fmt": "pdf"},
        access=SIGNED_IN,
    ),
    Case(
        "reports:meeting_document",
        per_group=lambda w, g: {"pk": w.at(g).draft.pk, "kind": "attendance", "fmt": "xlsx"},
        access=SIGNED_IN,
    ),
    Case(
        "reports:document",
        per_group=lambda w, g: {"kind": "minutes", **cycle_year(w), "group": g.code, "fmt": "xlsx"},
        access=SIGNED_IN,
    ),
]
