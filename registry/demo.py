"""Demo story of step 1: community registries imported, every group's registry built and sent.

Written on the seed calendar (March 2564) and played up to the demo's today through the
services: the importer reads a messy workbook made here, staff pick members and add others, the
registries are sent at the end of March — กลุ่มกรุงเทพตะวันออก late, in April — and the department
accepts all but one. A rerun adds nothing twice: districts that already have rows are not
imported again, picked rows are skipped, a sent registry is not sent again.
"""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from openpyxl import Workbook

from bangkok_network.demo import DemoTimeline
from bangkok_network.models import ProgressStatus, StepKind
from bangkok_network.selectors import districts_of_group, group_list, progress_get
from bangkok_network.services import progress_review
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
# By group order, on the seed calendar (the step is due 31 March): the day each registry is sent
# and the day the department accepts it (None: still waiting for its review, so a late one shows).
SENT = [(3, 26), (3, 29), (3, 30), (4, 5), (3, 25), (3, 31)]
ACCEPTED = [(3, 31), (4, 1), (4, 1), None, None, (4, 2)]


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


def _import_districts(*, timeline: DemoTimeline, group, staff, districts, offset: int) -> int:
    """Import each district's community registry of the year before (once per district)."""
    source_year = selectors.community_source_year(cycle=timeline.cycle)
    imported = 0
    for n, district in enumerate(districts):
        at = timeline.when(3, 2, 9, 30 + 10 * n)
        if at is None or CommunityMember.objects.filter(district=district, fiscal_year=source_year).exists():
            continue
        with timeline.at(at):
            batch = services.community_import_preview(
                data=_workbook(district, offset + n * ROWS_PER_DISTRICT),
                filename=f"ประชาคม-{district.code}.xlsx",
                district=district,
                fiscal_year=source_year,
                user=staff,
            )
            imported += services.community_import_confirm(batch=batch, user=staff, at=at).imported_count
    return imported


def _add_from_other_networks(*, timeline: DemoTimeline, group, staff, district) -> int:
    cycle = timeline.cycle
    at = timeline.when(3, 10, 14)
    if at is None or Member.objects.filter(cycle=cycle, group=group, source="other_network").exists():
        return 0
    with timeline.at(at):
        for n, (prefix, first) in enumerate(FIRST_NAMES[-3:]):
            services.member_create(
                cycle=cycle,
                group=group,
                user=staff,
                kind=MemberKind.PERSON,
                prefix=prefix,
                first_name=first,
                last_name=LAST_NAMES[n],
                district=district,
                interest=INTERESTS[n],
                source_network="เครือข่ายอาสาพัฒนาเมือง",
                network_role="ผู้ประสานงานเครือข่าย",
                has_consent=True,
                consent_date=at.date(),
            )
    return 3


def _send_and_review(*, timeline: DemoTimeline, group, index: int, staff, officer) -> str:
    """Send the registry on its day and let the department accept it on its day."""
    cycle = timeline.cycle
    progress = progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY)
    sent = timeline.when(*SENT[index % len(SENT)], 15)
    if sent and progress.status not in (ProgressStatus.SUBMITTED, ProgressStatus.ACCEPTED):
        with timeline.at(sent):
            progress = services.registry_submit(cycle=cycle, group=group, user=staff, at=sent)
    accepted_on = ACCEPTED[index % len(ACCEPTED)]
    accepted = timeline.when(*accepted_on, 11) if accepted_on else None
    if accepted and officer and progress.status == ProgressStatus.SUBMITTED:
        with timeline.at(accepted):
            progress = progress_review(
                progress=progress, user=officer, accept=True, note="ทะเบียนครบถ้วน", at=accepted
            )
    return progress.status


def load(*, timeline: DemoTimeline) -> str:
    """Play step 1 of the story up to today; return a one-line summary."""
    cycle = timeline.cycle
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__startswith="staff-")}
    officer = User.objects.filter(username="officer").first()
    imported = picked = added = 0
    states = []
    for index, group in enumerate(group_list()):
        staff = users.get(f"staff-{group.code}")
        districts = list(districts_of_group(cycle=cycle, group=group)[:DISTRICTS_PER_GROUP])
        if staff is None or not districts:
            continue
        imported += _import_districts(
            timeline=timeline,
            group=group,
            staff=staff,
            districts=districts,
            offset=(index * DISTRICTS_PER_GROUP + 1) * ROWS_PER_DISTRICT,
        )
        at = timeline.when(3, 4, 10, 5 * index)
        if at:
            with timeline.at(at):
                rows = selectors.community_members_for_group(cycle=cycle, group=group)[:24]
                picked += len(
                    services.members_add_from_community(
                        cycle=cycle, group=group, community_members=rows, user=staff
                    )
                )
        added += _add_from_other_networks(timeline=timeline, group=group, staff=staff, district=districts[0])
        state = _send_and_review(timeline=timeline, group=group, index=index, staff=staff, officer=officer)
        states.append(f"{group.code}={state}")
    return (
        f"นำเข้าทะเบียนบัญชีประชาคมเขต {imported} แถว, เลือกเข้าทะเบียนกลุ่ม {picked} ราย, "
        f"เพิ่มจากเครือข่ายอื่น {added} ราย; ทะเบียนกลุ่ม: {', '.join(states)}"
    )
