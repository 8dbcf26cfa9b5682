"""The group's civil-society registry (ทะเบียนบัญชีประชาสังคม), as an official table and a workbook.

Contact details are printed only for the group's own people and the department (or a document
made on the server, with no user); for anyone else (executives) they are masked.
"""

from __future__ import annotations

from typing import Any, ClassVar

from bangkok_network.thai import be_date
from registry import selectors as registry_selectors
from reports.exporters.base import BaseExporter, Sheet

HEADERS = (
    "ลำดับ",
    "ชื่อ-สกุล / ชื่อองค์กร",
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
WIDTHS = (7, 32, 20, 20, 16, 16, 15, 28, 22, 30, 14)
EMAIL_COLUMN = 7


class RegistryExporter(BaseExporter):
    kind: ClassVar[str] = "registry"
    title: ClassVar[str] = "ทะเบียนบัญชีประชาสังคมของกลุ่มการปฏิบัติงานของสำนักงานเขต"
    formats: ClassVar[tuple[str, ...]] = ("pdf", "xlsx")
    template_name: ClassVar[str] = "reports/documents/registry.html"
    landscape: ClassVar[bool] = True

    def shows_personal_data(self) -> bool:
        return self.user is None or registry_selectors.can_see_personal_data(self.user, self.group)

    def get_context(self) -> dict[str, Any]:
        show = self.shows_personal_data()
        members = registry_selectors.member_list_for_group(cycle=self.cycle, group=self.group)
        rows = [
            (
                number,
                member.display_name,
                member.get_kind_display(),
                member.interest,
                str(member.district),
                member.subdistrict,
                member.phone if show else registry_selectors.mask(member.phone),
                member.email if show else registry_selectors.mask(member.email),
                member.network_role,
                member.get_source_display()
                + (f" ({member.source_network})" if member.source_network else ""),
                "ปฏิบัติงาน" if member.is_active else "ไม่ปฏิบัติงาน",
            )
            for number, member in enumerate(members, start=1)
        ]
        counts = registry_selectors.member_counts(cycle=self.cycle, group=self.group)
        return {
            "headers": HEADERS,
            "rows": rows,
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
