"""Is the group's August package ready to send? The four parts the memo asks for, each with its state.

The memo (step 5, 27 August) asks each group for (1) its civil-society registry, (2) the minutes
of its network meetings, (3) its P1 forms and (4) copies of its progress reports. A part is
*required* when the package cannot stand without it — sending is refused until it is there — and
*advisory* when the department would rather have it but a package without it is still the one the
memo asks for (the warning stays on the checklist and in the review):

1. registry — required: the registry step sent (or accepted) with at least one active member;
2. minutes — required: at least one meeting's minutes confirmed (final); advisory: the signed
   scan of each confirmed meeting (the portal prints the minutes from the data, the scan shows
   they were signed);
3. P1 — required: the form sent to the department (waiting for review or accepted; a form
   returned for revision or still a draft is not); advisory: accepted by the department;
4. progress — required: at least one report to executives with its copy uploaded (what step 4
   delivers and what part 4 prints); advisory: a progress report for every P1 project.

``package_readiness`` reads the lower apps through their selectors, in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkok_network import selectors as core_selectors
from bangkok_network.models import Cycle, DistrictGroup, ProgressStatus, StepKind
from meetings import selectors as meeting_selectors
from progress import selectors as progress_selectors
from projects_p1 import selectors as p1_selectors
from projects_p1.models import P1Status
from registry import selectors as registry_selectors

SENT = (ProgressStatus.SUBMITTED, ProgressStatus.ACCEPTED)


@dataclass
class Check:
    """One thing the checklist looks at: what it is, whether it holds, and whether it must."""

    text: str
    is_met: bool
    is_required: bool


@dataclass
class Part:
    """One of the four parts of the package, with its checks and the page where the group fixes it."""

    number: int
    title: str
    state: str
    url: str
    checks: list[Check] = field(default_factory=list)

    @property
    def is_ready(self) -> bool:
        return all(c.is_met for c in self.checks if c.is_required)

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if c.is_required and not c.is_met]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if not c.is_required and not c.is_met]


@dataclass
class Readiness:
    parts: list[Part]

    @property
    def is_ready(self) -> bool:
        return all(part.is_ready for part in self.parts)

    @property
    def missing(self) -> list[str]:
        """Return, in Thai, each required thing that is not there, named with its part."""
        return [
            _("ส่วนที่ %(number)s %(title)s: %(text)s") % {"number": p.number, "title": p.title, "text": c.text}
            for p in self.parts
            for c in p.missing
        ]


def _steps(cycle: Cycle, group: DistrictGroup) -> dict[str, object]:
    return {d.step.kind: d.progress for d in core_selectors.group_deadlines(cycle=cycle, group=group)}


def _status(progress) -> str:
    return progress.get_status_display() if progress else ProgressStatus.NOT_STARTED.label


def package_readiness(*, cycle: Cycle, group: DistrictGroup) -> Readiness:
    """Return the checklist of the group's package: each part, its state, what is missing (8 queries)."""
    steps = _steps(cycle, group)
    kwargs = {"fiscal_year": cycle.fiscal_year, "code": group.code}

    registry = steps.get(StepKind.REGISTRY)
    totals = registry_selectors.member_totals(cycle=cycle, group=group)
    registry_part = Part(
        1,
        _("ทะเบียนบัญชีประชาสังคม"),
        _("%(status)s · สมาชิกที่ปฏิบัติงานอยู่ %(active)s ราย") % {"status": _status(registry), **totals},
        reverse("registry:member_list", kwargs=kwargs),
        [
            Check(
                _("ส่งทะเบียนให้สำนักยุทธศาสตร์และประเมินผลแล้ว"), bool(registry and registry.status in SENT), True
            ),
            Check(_("มีสมาชิกที่ปฏิบัติงานอยู่อย่างน้อย 1 ราย"), totals["active"] > 0, True),
        ],
    )

    meetings = list(meeting_selectors.meeting_list_for_group(cycle=cycle, group=group))
    final = [m for m in meetings if m.is_final]
    unsigned = [m.number_label for m in final if not m.signed_scan]
    minutes_part = Part(
        2,
        _("รายงานการประชุม"),
        _("การประชุม %(all)s ครั้ง ยืนยันรายงานแล้ว %(final)s ครั้ง มีรายงานที่ลงนามแล้ว %(signed)s ครั้ง")
        % {"all": len(meetings), "final": len(final), "signed": len(final) - len(unsigned)},
        reverse("meetings:meeting_list", kwargs={"code": group.code}) + f"?cycle={cycle.fiscal_year}",
        [
            Check(_("ยืนยันรายงานการประชุมแล้วอย่างน้อย 1 ครั้ง"), bool(final), True),
            Check(
                _("อัปโหลดรายงานการประชุมที่ลงนามแล้วของทุกครั้งที่ยืนยัน")
                + (_(" (ยังไม่มี: ครั้งที่ %(numbers)s)") % {"numbers": ", ".join(unsigned)} if unsigned else ""),
                bool(final) and not unsigned,
                False,
            ),
        ],
    )

    form = p1_selectors.p1_form_for_group(cycle=cycle, group=group)
    p1_status = P1Status(form.status) if form else None
    p1_part = Part(
        3,
        _("แบบ P1"),
        (
            _("%(status)s · ฉบับที่ %(version)s") % {"status": p1_status.label, "version": form.version}
            if form
            else _("ยังไม่ได้จัดทำ")
        ),
        reverse("projects_p1:form_detail", kwargs=kwargs),
        [
            Check(
                _("ส่งแบบ P1 ให้สำนักยุทธศาสตร์และประเมินผลแล้ว (ไม่อยู่ระหว่างส่งกลับแก้ไข)"),
                p1_status in (P1Status.SUBMITTED, P1Status.ACCEPTED),
                True,
            ),
            Check(_("สำนักยุทธศาสตร์และประเมินผลรับแบบ P1 แล้ว"), p1_status == P1Status.ACCEPTED, False),
        ],
    )

    executive = progress_selectors.executive_reports_for_group(cycle=cycle, group=group).aggregate(
        total=Count("pk"), copies=Count("pk", filter=~Q(file=""))
    )
    projects = progress_selectors.projects_with_reports(cycle=cycle, group=group)
    unreported = [row for row in projects if not row.get("reports")]
    progress_part = Part(
        4,
        _("สำเนารายงานผลการดำเนินงาน"),
        _("รายงานผู้บริหาร %(total)s ครั้ง มีสำเนา %(copies)s ครั้ง · โครงการที่มีรายงานผล %(done)s จาก %(all)s โครงการ")
        % {**executive, "done": len(projects) - len(unreported), "all": len(projects)},
        reverse("progress:report_list", kwargs=kwargs),
        [
            Check(_("แนบสำเนารายงานผลต่อผู้บริหารแล้วอย่างน้อย 1 ฉบับ"), executive["copies"] > 0, True),
            Check(_("ทุกโครงการในแบบ P1 มีรายงานผลการดำเนินงาน"), bool(projects) and not unreported, False),
        ],
    )
    return Readiness([registry_part, minutes_part, p1_part, progress_part])
