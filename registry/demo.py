"""Demo data of step 1: community registries for a few districts and a registry for every group.

Everything goes through the services (the importer reads a messy workbook made here), and a rerun
adds nothing: districts that already have rows are not imported again and picked rows are skipped.
"""

from __future__ import annotations

import io
from datetime import date

from django.contrib.auth import get_user_model
from openpyxl import Workbook

from bangkok_network.models import Cycle
from bangkok_network.selectors import districts_of_group, group_list
from registry import selectors, services
from registry.models import CommunityMember, Member, MemberKind

FIRST_NAMES = (
    ("นาย", "สมชาย"),
    ("นาง", "มาลี"),
    ("นางสาว", "กัลยา"),
    ("นาย", "ประเสริฐ"),
    ("นาง", "สุนีย์"),
    ("นาย", "วิชัย"),
    ("นางสาว", "พิมพ์ชนก"),
    ("นาย", "ธนากร"),
    ("นาง", "บุญเรือน"),
    ("นาย", "สมบัติ"),
    ("นางสาว", "ณัฐธิดา"),
    ("นาย", "อำนาจ"),
    ("นาง", "ละเอียด"),
    ("นาย", "เกรียงไกร"),
    ("นางสาว", "วันเพ็ญ"),
    ("นาย", "ชาญชัย"),
    ("นาง", "ประไพ"),
    ("นาย", "ศักดิ์ชัย"),
    ("นางสาว", "รัตนา"),
    ("นาย", "ไพโรจน์"),
)
LAST_NAMES = (
    "ใจดี",
    "ศรีสุข",
    "รักษ์ไทย",
    "มั่นคง",
    "แสงทอง",
    "บุญมา",
    "ทองคำ",
    "พึ่งบุญ",
    "สุขสวัสดิ์",
    "เจริญผล",
    "วงศ์สวัสดิ์",
    "อินทร์แก้ว",
    "ชัยมงคล",
    "ปัญญาดี",
    "คงสมบูรณ์",
    "ศรีวงศ์",
    "นาคสุข",
)
COMMUNITIES = ("ชุมชนวัดสุทัศน์", "ชุมชนบ้านบาตร", "ชุมชนริมคลอง", "ชุมชนตลาดเก่า", "ชุมชนหลังวัด")
INTERESTS = ("สิ่งแวดล้อม", "ผู้สูงอายุ", "การศึกษา", "สุขภาพ", "อาชีพและรายได้", "ความปลอดภัย")
ORGANISATIONS = ("ชมรมผู้สูงอายุ", "กลุ่มอาสาสมัครสาธารณสุข", "เครือข่ายรักษ์คลอง", "กลุ่มแม่บ้าน")
ROWS_PER_DISTRICT = 16
DISTRICTS_PER_GROUP = 2


def _workbook(district, offset: int) -> bytes:
    """A community registry as a district keeps it: a title row, one name column, Thai digits."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"ทะเบียนบัญชีประชาคม{district}"])
    sheet.append(["ลำดับ", "ชื่อ - สกุล", "ชื่อองค์กร", "ชุมชน", "แขวง", "ด้านที่สนใจ", "ตำแหน่ง", "เบอร์โทร"])
    for n in range(ROWS_PER_DISTRICT):
        i = offset + n
        prefix, first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        phone = f"08{(i * 7919) % 100_000_000:08d}"
        if n % 8 == 7:
            name, organisation = (
                "",
                f"{ORGANISATIONS[i % len(ORGANISATIONS)]}{COMMUNITIES[i % len(COMMUNITIES)]}",
            )
        else:
            name, organisation = f"{prefix}{first} {last}", ""
        sheet.append(
            [
                n + 1,
                name,
                organisation,
                COMMUNITIES[i % len(COMMUNITIES)],
                "",
                INTERESTS[i % len(INTERESTS)],
                "กรรมการชุมชน" if n % 3 == 0 else "",
                phone.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def load(*, cycle: Cycle) -> str:
    """Create the demo community registries and group registries; return a one-line summary."""
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="staff-")}
    source_year = selectors.community_source_year(cycle=cycle)
    imported = picked = added = 0
    offset = 0
    for group in group_list():
        staff = users.get(f"staff-{group.code}")
        districts = list(districts_of_group(cycle=cycle, group=group)[:DISTRICTS_PER_GROUP])
        for district in districts:
            offset += ROWS_PER_DISTRICT
            if CommunityMember.objects.filter(district=district, fiscal_year=source_year).exists():
                continue
            batch = services.community_import_preview(
                data=_workbook(district, offset),
                filename=f"ประชาคม-{district.code}.xlsx",
                district=district,
                fiscal_year=source_year,
                user=staff,
            )
            imported += services.community_import_confirm(batch=batch, user=staff).imported_count
        rows = selectors.community_members_for_group(cycle=cycle, group=group)[:24]
        picked += len(
            services.members_add_from_community(cycle=cycle, group=group, community_members=rows, user=staff)
        )
        if districts and not Member.objects.filter(cycle=cycle, group=group, source="other_network").exists():
            for n, (prefix, first) in enumerate(FIRST_NAMES[-3:]):
                services.member_create(
                    cycle=cycle,
                    group=group,
                    user=staff,
                    kind=MemberKind.PERSON,
                    prefix=prefix,
                    first_name=first,
                    last_name=LAST_NAMES[n],
                    district=districts[0],
                    interest=INTERESTS[n],
                    source_network="เครือข่ายอาสาพัฒนาเมือง",
                    network_role="ผู้ประสานงานเครือข่าย",
                    has_consent=True,
                    consent_date=date(cycle.fiscal_year - 543, 3, 10),
                )
                added += 1
    return (
        f"นำเข้าทะเบียนบัญชีประชาคมเขต {imported} แถว, เลือกเข้าทะเบียนกลุ่ม {picked} ราย, เพิ่มจากเครือข่ายอื่น {added} ราย"
    )
