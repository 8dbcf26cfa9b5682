"""Demo story of steps 5 and 6: the August package and the department's September evaluation.

Written on the seed calendar and played up to the demo's today through reports.services: the
groups build their package (Excel, built here rather than by the worker) and send it on 26–27
August — กลุ่มกรุงเทพใต้ late, กลุ่มกรุงเทพตะวันออก (whose P1 never went) not at all; the officer
assesses the groups on 6–9 September and reports the summary to the Permanent Secretary on the
10th. Rerunning adds nothing twice.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from bangkok_network.demo import DemoTimeline
from bangkok_network.models import DistrictGroup, ProgressStatus, StepKind
from bangkok_network.selectors import progress_get
from reports import builds, services
from reports.models import Assessment, BuildFormat, BuildKind, BuildStatus, DocumentBuild
from reports.readiness import package_readiness

# By group order, (month, day) on the seed calendar: when the package is sent (due 27 August).
PACKAGE_SENT = [(8, 26), (8, 31), (8, 27), None, (8, 27), (8, 26)]
DEMO_SCORES = [
    {
        "timeliness_score": 5,
        "registry_score": 4,
        "participation_score": 4,
        "projects_score": 5,
        "outcomes_score": 4,
    },
    {
        "timeliness_score": 3,
        "registry_score": 4,
        "participation_score": 3,
        "projects_score": 4,
        "outcomes_score": 3,
    },
    {
        "timeliness_score": 4,
        "registry_score": 3,
        "participation_score": 5,
        "projects_score": 3,
        "outcomes_score": 4,
    },
    {
        "timeliness_score": 2,
        "registry_score": 3,
        "participation_score": 3,
        "projects_score": 1,
        "outcomes_score": 1,
    },
    {
        "timeliness_score": 4,
        "registry_score": 4,
        "participation_score": 4,
        "projects_score": 4,
        "outcomes_score": 3,
    },
    {
        "timeliness_score": 5,
        "registry_score": 5,
        "participation_score": 4,
        "projects_score": 4,
        "outcomes_score": 5,
    },
]


def _build(*, kind: str, timeline: DemoTimeline, group, user, at) -> DocumentBuild:
    """Build a document now, in this process (the worker finds it done and leaves it)."""
    with timeline.at(at):
        build = services.document_build_request(
            kind=kind, cycle=timeline.cycle, group=group, fmt=BuildFormat.XLSX, user=user
        )
        builds.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    return build


def load_package(*, timeline: DemoTimeline) -> str:
    """Play step 5 of the story up to today; return a one-line summary."""
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="staff-")}
    sent, incomplete = [], []
    for index, group in enumerate(DistrictGroup.objects.order_by("order", "code")):
        day = PACKAGE_SENT[index % len(PACKAGE_SENT)]
        at = timeline.when(*day, 10) if day else None
        user = users.get(f"staff-{group.code}")
        progress = progress_get(cycle=timeline.cycle, group=group, kind=StepKind.PACKAGE)
        if (
            at is None
            or user is None
            or progress.status in (ProgressStatus.SUBMITTED, ProgressStatus.ACCEPTED)
        ):
            continue
        if not package_readiness(cycle=timeline.cycle, group=group).is_ready:
            incomplete.append(group.code)  # sending would be refused: the group's checklist says why
            continue
        build = _build(kind=BuildKind.PACKAGE, timeline=timeline, group=group, user=user, at=at)
        if build.status == BuildStatus.DONE:
            with timeline.at(at):
                services.package_submit(build=build, user=user, at=at)
            sent.append(group.code)
    missing = f"; ยังไม่ครบ {len(incomplete)} กลุ่ม ({', '.join(incomplete)})" if incomplete else ""
    return f"ส่งชุดเอกสารผลการดำเนินงาน {len(sent)} กลุ่ม ({', '.join(sent) or '-'}){missing}"


def load_evaluation(*, timeline: DemoTimeline) -> str:
    """Play step 6 of the story up to today (assessments, then the report); return a summary."""
    cycle = timeline.cycle
    officer = get_user_model().objects.filter(username="officer").first()
    if officer is None:
        return "ไม่มีผู้ใช้ officer: ข้ามผลการประเมิน"
    made = 0
    for index, (group, scores) in enumerate(
        zip(DistrictGroup.objects.order_by("order", "code"), DEMO_SCORES, strict=False)
    ):
        at = timeline.when(9, 6 + min(index, 3), 10 + index)
        if at is None or Assessment.objects.filter(cycle=cycle, group=group).exists():
            continue
        with timeline.at(at):
            services.assessment_save(
                cycle=cycle,
                group=group,
                user=officer,
                strengths="ทะเบียนครอบคลุมทุกเขตในกลุ่ม",
                improvements="ควรเพิ่มการมีส่วนร่วมขององค์กรชุมชน",
                comments="ดำเนินการตามปฏิทินครบถ้วน" if scores["timeliness_score"] >= 4 else "ส่งงานล่าช้ากว่าปฏิทิน",
                **scores,
            )
        made += 1
    reported = ""
    at = timeline.when(9, 10, 14)
    first = DistrictGroup.objects.order_by("order", "code").first()
    progress = progress_get(cycle=cycle, group=first, kind=StepKind.EVALUATION) if first else None
    if at and progress and progress.status != ProgressStatus.SUBMITTED:
        build = _build(kind=BuildKind.EVALUATION, timeline=timeline, group=None, user=officer, at=at)
        if build.status == BuildStatus.DONE:
            with timeline.at(at):
                services.evaluation_submit(build=build, user=officer, at=at)
            reported = ", รายงานปลัดกรุงเทพมหานครแล้ว"
    return f"ผลการประเมินใหม่ {made} กลุ่ม{reported}"
