"""The group's civil-society registry (ทะเบียนบัญชีประชาสังคม), as an official table and a workbook.

Contact details are printed only for the group's own people and the department (or a document
made on the server, with no user); for anyone else (executives) they are masked.
"""

from __future__ import annotations

from typing import Any, ClassVar

from bangkok_network.thai import be_date, thai_number_text
from registry import selectors as registry_selectors
from reports.exporters.base import BaseExporter, Sheet
from reports.models import BuildFormat
from reports.pdf.tables import Column, column_widths

HEADERS = (
    "ลำดับ",
    "ชื่อ-สกุล / ชื่อองค์กร",
    "สังกัดองค์กร/กลุ่ม",
    "ประเภท",
    "ด้านที่สนใจ",
    "เขต",
    "แขวง",
    "โทรศัพท์",
    "อีเมล",
    "บทบาทในเครือข่าย",
    "ที่มา",
    "สถานะ",
)
# Wide enough that a kind ("องค์กร/กลุ่มชุมชน") and the usual source fit on one line in Excel.
WIDTHS = (7, 32, 26, 20, 20, 16, 16, 15, 28, 22, 30, 14)
EMAIL_COLUMN = 8
# How each column may break in the PDF: numbers and phones never, names kept whole when they fit,
# e-mail addresses anywhere.
PDF_COLUMNS = tuple(
    Column(
        header,
        keep_whole=header in ("ลำดับ", "โทรศัพท์", "ชื่อ-สกุล / ชื่อองค์กร", "เขต", "สถานะ"),
        break_anywhere=header == "อีเมล",
        cap_cm=4.5 if header == "ชื่อ-สกุล / ชื่อองค์กร" else None,
    )
    for header in HEADERS
)
#: Width of the landscape page's text (A4 landscape less 2 cm left and 1.5 cm right), and the font.
PDF_TABLE_WIDTH_CM = 26.2
PDF_FONT_PT = 12


def _cell_class(column: Column) -> str:
    if column.break_anywhere:
        return "email"
    return "nowrap" if column.keep_whole and not column.cap_cm else ""


class RegistryExporter(BaseExporter):
    kind: ClassVar[str] = "registry"
    title: ClassVar[str] = "ทะเบียนบัญชีประชาสังคมของกลุ่มการปฏิบัติงานของสำนักงานเขต"
    formats: ClassVar[tuple[str, ...]] = (BuildFormat.PDF, BuildFormat.XLSX)
    template_name: ClassVar[str] = "reports/documents/registry.html"
    landscape: ClassVar[bool] = True

    def shows_personal_data(self) -> bool:
        if self.mask_personal_data:
            return False
        return self.user is None or registry_selectors.can_see_personal_data(self.user, self.group)

    def get_context(self) -> dict[str, Any]:
        show = self.shows_personal_data()
        digits = self.cycle.use_thai_digits
        members = list(registry_selectors.member_list_for_group(cycle=self.cycle, group=self.group))
        rows = [
            (
                number,
                member.display_name,
                member.affiliation,
                member.get_kind_display(),
                member.interest,
                str(member.district),
                member.subdistrict,
                member.phone if show else registry_selectors.mask_phone(member.phone),
                member.email if show else registry_selectors.mask_email(member.email),
                member.network_role,
                member.get_source_display()
                + (f" ({member.source_network})" if member.source_network else ""),
                "ปฏิบัติงาน" if member.is_active else "ไม่ปฏิบัติงาน",
            )
            for number, member in enumerate(members, start=1)
        ]
        # The PDF's district column is headed "เขต": its cells name the district alone (บางกะปิ).
        district_column = HEADERS.index("เขต")
        pdf_rows = [
            (*row[:district_column], member.district.name, *row[district_column + 1 :])
            for row, member in zip(rows, members, strict=True)
        ]
        # A column empty in every row (no member has an e-mail address, say) is left out of the
        # printed table: its width goes to the columns that have something to say.
        shown = [i for i in range(len(HEADERS)) if i == 0 or any(row[i] for row in pdf_rows)] if rows else []
        shown = shown or list(range(len(HEADERS)))
        pdf_rows = [tuple(row[i] for i in shown) for row in pdf_rows]
        pdf_columns = [PDF_COLUMNS[i] for i in shown]
        cell_classes = [_cell_class(column) for column in pdf_columns]
        counts = registry_selectors.member_counts(cycle=self.cycle, group=self.group)
        return {
            "headers": HEADERS,
            "rows": rows,
            "pdf_rows": [list(zip(cell_classes, row, strict=True)) for row in pdf_rows],
            "pdf_headers": [column.header for column in pdf_columns],
            "pdf_widths": column_widths(
                pdf_columns,
                # Measured as printed: Thai digits are wider than Arabic ones.
                [[thai_number_text(str(cell)) for cell in row] for row in pdf_rows] if digits else pdf_rows,
                width_cm=PDF_TABLE_WIDTH_CM,
                font_pt=PDF_FONT_PT,
            ),
            "counts": counts,
            "is_masked": not show,
            "registry_title": f"{self.title} {self.group.full_name}",
            "printed_on": be_date(self.base_context()["generated_at"], long=True),
        }

    def get_sheets(self, context: dict[str, Any]) -> list[Sheet]:
        heading = [
            context["registry_title"],
            f"ปีงบประมาณ พ.ศ. {self.cycle.fiscal_year}",
            f"ข้อมูล ณ วันที่ {context['printed_on']} · สมาชิก {context['counts']['total']} ราย",
        ]
        if context["is_masked"]:
            heading.append("ข้อมูลติดต่อถูกปิดบังบางส่วนตามกฎหมายคุ้มครองข้อมูลส่วนบุคคล")
        return [
            Sheet(
                title="ทะเบียนบัญชีประชาสังคม",
                headers=HEADERS,
                rows=context["rows"],
                widths=WIDTHS,
                heading=heading,
                literal_columns=frozenset({EMAIL_COLUMN}),  # an address keeps its digits
            )
        ]
