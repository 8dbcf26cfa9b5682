"""Meeting minutes (รายงานการประชุม) and attendance (sign-in sheet and Excel) of a group's meetings.

Read-only: the data comes from meetings.selectors. Both exporters take an optional list of
meeting ids so one meeting's page can offer its own documents (see meeting_document).
"""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Any, ClassVar

from pythainlp.util import thai_strftime

from bangkok_network.thai import be_date, to_datetime
from meetings import selectors as meeting_selectors
from registry.selectors import member_list_for_group
from reports import policy
from reports.exporters.base import CONTENT_TYPES, BaseExporter, ExportError, ExportResult, Sheet
from reports.models import BuildFormat

if TYPE_CHECKING:  # for annotations only: the meetings are read through meetings.selectors
    from meetings.models import Meeting

SIGN_IN_BLANK_ROWS = 5  # empty lines at the foot of a sign-in sheet for people not on the list


def clock(value: time | None) -> str:
    """Write a time the way Thai minutes do: 09.30 น."""
    return f"{value:%H.%M} น." if value else ""


def meeting_day(value, *, thai_digits: bool) -> str:
    """Write the date line of minutes: วันพฤหัสบดีที่ ๘ เมษายน ๒๕๖๔."""
    return thai_strftime(to_datetime(value), "%Aที่ %-d %B %Y", thaidigit=thai_digits)


NOTHING = "ไม่มี"  # what minutes print for an item with nothing in it, never a bare "-"


def minutes_title(title: str) -> str:
    """Return the heading "รายงานการประชุม…" of a meeting titled ``title``, never "ประชุมประชุม"."""
    title = title.strip()
    for prefix, heading in (("รายงานการประชุม", ""), ("การประชุม", "รายงาน"), ("ประชุม", "รายงานการ")):
        if title.startswith(prefix):
            return heading + title
    return "รายงานการประชุม" + title


def _person(row) -> dict[str, str]:
    """Return how the minutes list one attendee: name, organisation in brackets, position."""
    member = row.member if row.member_id else None
    if member is None:
        return {"name": row.name, "organisation": "", "position": row.position}
    if member.is_organisation and not member.is_erased:
        # The organisation's representative: "name (organisation)" when the name was recorded.
        if row.guest_name:
            return {
                "name": row.guest_name,
                "organisation": member.organisation_name,
                "position": row.position,
            }
        return {"name": f"ผู้แทน{member.organisation_name}", "organisation": "", "position": row.position}
    affiliation = getattr(member, "affiliation", "") if not member.is_erased else ""
    return {
        "name": row.name,
        "organisation": affiliation,
        "position": row.position or member.network_role or f"สมาชิกเครือข่าย {member.district}",
    }


# A name (with its organisation) or a position this short fits its column on one line: the cell is
# kept whole as a unit, which spares the layout a box per protected word (400-member meetings).
SHORT_CELL = 26


def _listed(person: dict[str, str]) -> dict:
    name = person["name"] + (f" ({person['organisation']})" if person["organisation"] else "")
    return {**person, "is_short": len(name) <= SHORT_CELL and len(person["position"]) <= SHORT_CELL}


def _signers(meeting: Meeting, people: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return who signs the minutes: the minute-taker (else the secretary) and the checker (else the
    chair), each with a ลงชื่อ line and their position in the meeting as recorded."""
    positions = {person["name"]: person["position"] for person in people if person["position"]}
    signers = []
    for role, name, fallback, fallback_position in (
        ("ผู้จดรายงานการประชุม", meeting.minute_taker, meeting.secretary_name, "เลขานุการการประชุม"),
        ("ผู้ตรวจรายงานการประชุม", meeting.reviewer, meeting.chair_name, "ประธานการประชุม"),
    ):
        name = (name or fallback).strip()
        position = positions.get(name, "")
        if not position and name == meeting.secretary_name:
            position = "เลขานุการการประชุม"
        elif not position and name == meeting.chair_name:
            position = "ประธานการประชุม"
        elif not position and name == fallback:
            position = fallback_position
        signers.append({"role": role, "name": name, "position": position})
    return signers


def certification_text(meeting: Meeting) -> str:
    """Return what the minutes say of their certification (รับรอง) at the group's next meeting."""
    by = meeting.certifying_meeting
    if by is None:
        return "ยังไม่ได้รับรองรายงานการประชุม"
    amended = " โดยมีการแก้ไข" if by.has_amendments else " โดยไม่มีการแก้ไข"
    return f"รับรองแล้ว ในการประชุมครั้งที่ {by.number_label} เมื่อวันที่ {be_date(by.date, long=True)}{amended}"


def uncertified_note(meetings: list[Meeting]) -> str:
    """Return the package's note on minutes not yet certified ("" when all are)."""
    labels = [m.number_label for m in meetings if not m.is_certified]
    if not labels:
        return ""
    return f"รายงานการประชุมครั้งที่ {', '.join(labels)} ยังไม่ได้รับรอง"


def _yes(flag: bool) -> str:
    return "ใช่" if flag else ""


class MeetingDocumentMixin:
    """Load the meetings of the exporter's group (all, or only the ids it was given)."""

    meeting_ids: list[int] | None

    def _set_meetings(self, meeting_ids):
        self.meeting_ids = list(meeting_ids) if meeting_ids is not None else None

    def meetings(self) -> list[Meeting]:
        meetings = meeting_selectors.meetings_with_minutes(
            cycle=self.cycle, group=self.group, pks=self.meeting_ids
        )
        if not meetings:
            raise ExportError(
                f"{self.group.full_name} ยังไม่มีการประชุมที่บันทึกไว้ในปีงบประมาณ {self.cycle.fiscal_year}"
            )
        return meetings

    def filename(self, fmt: str) -> str:
        name = super().filename(fmt)
        if self.meeting_ids and len(self.meeting_ids) == 1:
            name = name.replace(f".{fmt}", f"-meeting{self.meeting_ids[0]}.{fmt}")
        return name


class MinutesExporter(MeetingDocumentMixin, BaseExporter):
    kind: ClassVar[str] = "minutes"
    title: ClassVar[str] = "รายงานการประชุมเครือข่ายประชาสังคม"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    template_name: ClassVar[str] = "reports/documents/minutes.html"

    def __init__(self, *, cycle, group, user=None, meeting_ids=None):
        super().__init__(cycle=cycle, group=group, user=user)
        self._set_meetings(meeting_ids)

    def get_context(self) -> dict[str, Any]:
        digits = self.cycle.use_thai_digits
        entries = []
        meetings = self.meetings()
        for meeting in meetings:
            attendance = meeting_selectors.attendance_groups(meeting=meeting)
            present = [_person(row) for row in attendance.present]
            absent = [{**_person(row), "position": row.absence_note} for row in attendance.absent]
            guests = [_person(row) for row in attendance.guests]
            agenda = list(meeting.agenda_items.all())
            for item in agenda:
                text = item.resolution.strip()
                item.resolution_text = text if text and text != "-" else NOTHING
            entries.append(
                {
                    "meeting": meeting,
                    "title": minutes_title(meeting.title),
                    "people": [
                        {"label": "ผู้มาประชุม", "rows": [_listed(p) for p in present]},
                        {"label": "ผู้ไม่มาประชุม", "rows": [_listed(p) for p in absent]},
                        {"label": "ผู้เข้าร่วมประชุม", "rows": [_listed(p) for p in guests]},
                    ],
                    "signers": _signers(meeting, [*present, *guests]),
                    "date_long": meeting_day(meeting.date, thai_digits=digits),
                    "certification": certification_text(meeting),
                    # Printed on two lines, broken before the date, so the framed line never wraps mid-phrase.
                    "certification_lines": certification_text(meeting).split(" เมื่อวันที่ ", 1),
                    "is_certified": meeting.is_certified,
                    "start": clock(meeting.start_time),
                    "end": clock(meeting.end_time),
                    "present": attendance.present,
                    "absent": attendance.absent,
                    "guests": attendance.guests,
                    "agenda": agenda,
                    "key_issues": list(meeting.key_issues.all()),
                    # A link keeps its Arabic digits: a Thai-digit URL no longer opens.
                    "online_url": meeting.online_url,
                }
            )
        return {"entries": entries, "uncertified_note": uncertified_note(meetings)}

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        entries = context["entries"]
        heading = [f"{self.title} {self.group.full_name}", f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}"]
        meetings = Sheet(
            title="การประชุม",
            headers=[
                "ครั้งที่",
                "วันที่",
                "เริ่ม",
                "เลิก",
                "สถานที่",
                "ลิงก์ออนไลน์",
                "ประธาน",
                "ผู้จดรายงาน",
                "มาประชุม (สมาชิก)",
                "ไม่มาประชุม (สมาชิก)",
                "ผู้เข้าร่วมประชุม",
                "ประเด็นสำคัญ",
                "นอกช่วงปฏิทิน",
                "สถานะ",
                "การรับรองรายงาน",
            ],
            widths=[10, 16, 9, 9, 30, 24, 24, 24, 12, 12, 12, 12, 12, 16, 40],
            heading=heading,
            rows=[
                [
                    e["meeting"].number_label,
                    e["meeting"].date,
                    e["meeting"].start_time,
                    e["meeting"].end_time,
                    e["meeting"].venue,
                    e["meeting"].online_url,
                    e["meeting"].chair_name,
                    e["meeting"].minute_taker,
                    len(e["present"]),
                    len(e["absent"]),
                    len(e["guests"]),
                    len(e["key_issues"]),
                    _yes(e["meeting"].is_outside_window),
                    e["meeting"].get_status_display(),
                    e["certification"],
                ]
                for e in entries
            ],
            literal_columns=frozenset({5}),  # a link with Thai digits no longer opens
        )
        issues = Sheet(
            title="ประเด็นสำคัญ",
            headers=["ครั้งที่", "ประเด็นสำคัญ", "สภาพปัญหา", "ผู้ได้รับผลกระทบ", "พื้นที่ (เขต)", "ด้าน", "ความสำคัญ"],
            widths=[10, 36, 48, 30, 30, 12, 12],
            heading=heading,
            rows=[
                [
                    e["meeting"].number_label,
                    issue.title,
                    issue.problem,
                    issue.affected,
                    ", ".join(str(d) for d in issue.districts.all()),
                    issue.get_dimension_display(),
                    issue.get_priority_display(),
                ]
                for e in entries
                for issue in e["key_issues"]
            ],
        )
        return [meetings, issues, attendance_sheet(entries_attendance(entries), heading)]


def entries_attendance(entries) -> list[tuple[Meeting, list]]:
    return [(e["meeting"], [*e["present"], *e["absent"], *e["guests"]]) for e in entries]


def attendance_sheet(rows_by_meeting, heading) -> Sheet:
    return Sheet(
        title="ผู้ประชุม",
        headers=[
            "ครั้งที่",
            "วันที่",
            "ลำดับ",
            "ชื่อ-สกุล",
            "ประเภท",
            "เขต",
            "ตำแหน่ง/หน่วยงาน",
            "การมาประชุม",
            "เหตุที่ไม่มาประชุม",
        ],
        widths=[10, 16, 8, 34, 18, 18, 26, 14, 30],
        heading=heading,
        rows=[
            [
                meeting.number_label,
                meeting.date,
                index,
                row.name,
                row.get_kind_display(),
                str(row.member.district) if row.member_id else "",
                row.position or (row.member.network_role if row.member_id else ""),
                row.get_status_display(),
                row.absence_reason,
            ]
            for meeting, rows in rows_by_meeting
            for index, row in enumerate(rows, start=1)
        ],
    )


class AttendanceExporter(MeetingDocumentMixin, BaseExporter):
    """A sign-in sheet per meeting (PDF) listing the registry's members, and attendance as Excel."""

    kind: ClassVar[str] = "attendance"
    title: ClassVar[str] = "บัญชีลงชื่อผู้เข้าร่วมประชุม"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    template_name: ClassVar[str] = "reports/documents/attendance.html"

    def __init__(self, *, cycle, group, user=None, meeting_ids=None):
        super().__init__(cycle=cycle, group=group, user=user)
        self._set_meetings(meeting_ids)

    def get_context(self) -> dict[str, Any]:
        digits = self.cycle.use_thai_digits
        members = list(member_list_for_group(cycle=self.cycle, group=self.group))
        sheets = []
        for meeting in self.meetings():
            attendance = meeting_selectors.attendance_groups(meeting=meeting)
            recorded = [*attendance.present, *attendance.absent]
            # Everyone invited signs, in the registry's order (the page where signatures are ticked
            # numbers them the same way).
            invited = meeting_selectors.sign_in_members(
                members=members, recorded={row.member_id for row in recorded}
            )
            lines = [(m.display_name, str(m.district), m.network_role) for m in invited]
            lines += [(row.name, "", row.position) for row in attendance.guests]
            sheets.append(
                {
                    "meeting": meeting,
                    "date_long": be_date(meeting.date, long=True, thai_digits=digits),
                    "start": clock(meeting.start_time),
                    "lines": lines,
                    "blank_lines": range(SIGN_IN_BLANK_ROWS),
                    "recorded": [*recorded, *attendance.guests],
                }
            )
        return {"sheets": sheets}

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        heading = [f"{self.title} {self.group.full_name}", f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}"]
        return [attendance_sheet([(s["meeting"], s["recorded"]) for s in context["sheets"]], heading)]


def meeting_document(*, kind: str, meeting: Meeting, fmt: str, user) -> ExportResult:
    """Render one meeting's minutes or attendance; the caller has already checked the user's scope."""
    exporters = {MinutesExporter.kind: MinutesExporter, AttendanceExporter.kind: AttendanceExporter}
    exporter_cls = exporters.get(kind)
    if exporter_cls is None:
        raise ExportError(f"ไม่รู้จักเอกสารประเภท “{kind}”")
    if fmt not in exporter_cls.formats:
        raise ExportError(f"เอกสาร “{exporter_cls.title}” มีเฉพาะรูปแบบ {', '.join(exporter_cls.formats)}")
    if not policy.may_have_document(user, kind=kind, group=meeting.group):
        raise ExportError("ไม่พบเอกสาร")
    exporter = exporter_cls(cycle=meeting.cycle, group=meeting.group, user=user, meeting_ids=[meeting.pk])
    return ExportResult(exporter.render(fmt), CONTENT_TYPES[fmt], exporter.filename(fmt))


__all__ = ["AttendanceExporter", "MinutesExporter", "meeting_document", "clock", "meeting_day"]
