"""What a page shows of a member: contact details in full for those allowed, masked for the rest.

The registry list renders 50 rows at 100,000 members; each row's texts are worked out here once
(labels from plain dictionaries, the link from one reversed prefix) so the template only prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from registry.importing import DUPLICATE, IMPORTED_STATUSES, POSSIBLE, REJECTED, UPDATE
from registry.models import Member, MemberKind, MemberSource
from registry.selectors import IMPORT_STATUS_LABELS, mask


@dataclass(frozen=True)
class MemberRow:
    member: Member
    show_personal: bool

    def _value(self, name: str) -> str:
        value = getattr(self.member, name)
        return value if self.show_personal else mask(value)

    @property
    def phone(self) -> str:
        return self._value("phone")

    @property
    def email(self) -> str:
        return self._value("email")

    @property
    def address(self) -> str:
        return self._value("address")

    @property
    def national_id(self) -> str:
        return self._value("national_id")


@dataclass(frozen=True)
class MemberListRow:
    """One line of the registry list, every text ready to print (and the line itself, as HTML)."""

    url: str
    name: str
    affiliation: str
    is_possible_duplicate: bool
    kind: str
    interest: str
    place: str
    phone: str
    email: str
    network_role: str
    source: str
    status: str
    html: str = ""


# The table's line, written out as Django's admin writes its change list: the template engine's
# cost per variable was the largest part of the page at 50 rows (the cells are escaped here).
ROW_HTML = (
    '<tr><td><a href="{}">{}</a>{}{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
    '<td data-label="{}">{}</td><td data-label="{}">{}</td><td data-label="{}">{}</td></tr>'
)
LIST_LABELS = {
    "kind": _lazy("ประเภท"),
    "interest": _lazy("ด้านที่สนใจ"),
    "place": _lazy("เขต/แขวง"),
    "phone": _lazy("โทรศัพท์"),
    "email": _lazy("อีเมล"),
    "network_role": _lazy("บทบาทในเครือข่าย"),
    "source": _lazy("ที่มา"),
    "status": _lazy("สถานะ"),
}


def _row_html(row: MemberListRow, labels: dict[str, str], duplicate: str, affiliation: str) -> str:
    cells = []
    for name in LIST_LABELS:
        cells += [labels[name], getattr(row, name)]
    return format_html(
        ROW_HTML,
        row.url,
        row.name,
        format_html(' <span class="badge text-bg-warning">{}</span>', duplicate)
        if row.is_possible_duplicate
        else "",
        format_html('<small class="d-block text-muted">{} {}</small>', affiliation, row.affiliation)
        if row.affiliation
        else "",
        *cells,
    )


def member_list_rows(members, *, show_personal: bool) -> list[MemberListRow]:
    """Return the list page's rows for members (with their district already selected)."""
    labels = {name: str(label) for name, label in LIST_LABELS.items()}
    duplicate, affiliation = _("อาจซ้ำ"), _("สังกัด")
    kinds = {value: str(label) for value, label in MemberKind.choices}
    sources = {value: str(label) for value, label in MemberSource.choices}
    active, inactive = _("ปฏิบัติงาน"), _("ไม่ปฏิบัติงาน")
    marker = 2**31 - 1  # reversed once; each row's pk takes its place
    detail = reverse("registry:member_detail", kwargs={"pk": marker})
    rows = []
    for member in members:
        place = str(member.district)
        if member.subdistrict:
            place = f"{place} / {member.subdistrict}"
        source = sources.get(member.source, member.source)
        if member.source_network:
            source = f"{source} ({member.source_network})"
        row = MemberListRow(
            url=detail.replace(str(marker), str(member.pk)),
            name=member.display_name,
            affiliation=member.affiliation,
            is_possible_duplicate=member.possible_duplicate_of_id is not None,
            kind=kinds.get(member.kind, member.kind),
            interest=member.interest,
            place=place,
            phone=member.phone if show_personal else mask(member.phone),
            email=member.email if show_personal else mask(member.email),
            network_role=member.network_role,
            source=source,
            status=active if member.is_active else inactive,
        )
        rows.append(replace(row, html=_row_html(row, labels, duplicate, affiliation)))
    return rows


@dataclass(frozen=True)
class ImportPreviewRow:
    """One row of an upload's preview, ready to print, with what the user may decide about it."""

    id: int
    sheet: str
    row: int
    status: str
    status_text: str
    name: str
    is_organisation: bool
    affiliation: str
    details: str
    problems: str
    changes: list[dict]
    decided: bool
    can_import: bool  # "นำเข้าแถวนี้": the rule says same person; the user says another
    can_skip: bool  # "ไม่นำเข้าแถวนี้": the rule only suspects (same phone); the user agrees

    @property
    def css_class(self) -> str:
        return ROW_CLASSES.get(self.status, "")


# The preview's colour for each result of a row (Bootstrap table classes).
ROW_CLASSES = {
    REJECTED: "table-danger",
    DUPLICATE: "table-warning",
    POSSIBLE: "table-info",
    UPDATE: "table-success",
}


def import_preview_rows(rows: list[dict]) -> list[ImportPreviewRow]:
    """Return an upload's rows (as the services keep them) for the preview table."""
    found = []
    for row in rows:
        data, status = row["data"], row["status"]
        is_organisation = data.get("kind") == MemberKind.ORGANISATION
        name = (
            data.get("organisation_name", "")
            if is_organisation
            else f"{data.get('prefix', '')}{data.get('first_name', '')} {data.get('last_name', '')}".strip()
        )
        subdistrict = data.get("subdistrict", "")
        parts = (data.get("phone", ""), data.get("community", ""), subdistrict and f"แขวง{subdistrict}")
        details = " · ".join(part for part in parts if part)
        decided = bool(row.get("decision"))
        status_text = IMPORT_STATUS_LABELS.get(status, status)
        if decided:
            status_text = _("นำเข้า (เลือกเอง)") if status in IMPORTED_STATUSES else _("ไม่นำเข้า (เลือกเอง)")
        flagged = bool(row.get("match")) and status != REJECTED and not decided
        found.append(
            ImportPreviewRow(
                id=row.get("id", 0),
                sheet=row.get("sheet", ""),
                row=row["row"],
                status=status,
                status_text=str(status_text),
                name=name,
                is_organisation=is_organisation,
                affiliation="" if is_organisation else data.get("organisation_name", ""),
                details=details,
                problems="; ".join(row.get("problems", [])),
                changes=row.get("changes", []),
                decided=decided,
                can_import=flagged and status in (DUPLICATE, UPDATE),
                can_skip=flagged and status == POSSIBLE,
            )
        )
    return found
