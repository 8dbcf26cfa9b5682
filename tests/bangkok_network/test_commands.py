import itertools
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from bangkok_network.models import AuditEntry, Cycle, DistrictGroup, StepKind, StepProgress, UserProfile
from bangkok_network.selectors import deadline_matrix
from meetings.models import Meeting
from notifications.models import Notification
from progress.models import ExecutiveReport, ProgressReport
from projects_p1.models import P1Form, P1Submission
from registry.models import Member
from reports.models import Assessment, DocumentBuild
from reports.pdf.textcheck import extract_text_pdftotext, normalise

pytestmark = pytest.mark.django_db
APPS = ["bangkok_network", "notifications", "registry", "meetings", "projects_p1", "progress", "reports"]


def test_load_reference_data_prints_counts_and_can_run_again(capsys, cycle):
    call_command("load_reference_data")
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert out.count("กลุ่มเขต 6, เขต 50, มิติแผน 7, ยุทธศาสตร์ชาติ 6, รอบการดำเนินงาน 1") == 2
    assert DistrictGroup.objects.count() == 6


@override_settings(DEBUG=False)
def test_load_demo_data_refuses_with_debug_off(cycle):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_data")
    assert not UserProfile.objects.exists()


def _states(fiscal_year: int, on: date) -> dict[str, list[str]]:
    steps, rows = deadline_matrix(cycle=Cycle.objects.get(fiscal_year=fiscal_year), on=on)
    return {group.code: [d.state for d in cells] for group, cells in rows}


def _counts(fiscal_year: int) -> tuple[int, ...]:
    cycle = Cycle.objects.get(fiscal_year=fiscal_year)
    return tuple(
        model.objects.filter(**{path: cycle}).count()
        for model, path in [
            (Member, "cycle"),
            (Meeting, "cycle"),
            (P1Submission, "form__cycle"),
            (ProgressReport, "cycle"),
            (ExecutiveReport, "cycle"),
            (DocumentBuild, "cycle"),
            (Assessment, "cycle"),
        ]
    )


@override_settings(DEBUG=True)
def test_load_demo_data_on_30_november_2569_catches_fy_2570_inside_the_projects_step(capsys, cycle):
    call_command("load_demo_data", "--today", "30/11/2569")
    out = capsys.readouterr().out
    assert "ปีงบประมาณ 2570 (สร้างรอบใหม่) ข้อมูลถึงวันที่ 30 พ.ย. 2569" in out
    assert "4. ดำเนินโครงการ/กิจกรรมและรายงานผลต่อผู้บริหาร: 6 พ.ย. 2569 – 23 ธ.ค. 2569  ← เปิดอยู่" in out
    assert "staff-bkk-central" in out and "demo-bangkok-2564" in out
    roles = sorted(UserProfile.objects.values_list("role", flat=True))
    assert roles.count("group_staff") == 6 and roles.count("group_chair") == 6
    assert {"officer", "executive", "admin"} <= set(roles)
    # Steps 1–3 done (a group late on each, a P1 returned and sent again, P1s accepted), step 4
    # open with reports coming in, steps 5–6 still ahead.
    assert _states(2570, date(2026, 11, 30)) == {
        "bkk-central": ["accepted", "accepted", "accepted", "in_progress", "not_started", "not_started"],
        "bkk-south": ["accepted", "accepted", "submitted_late", "in_progress", "not_started", "not_started"],
        "bkk-north": [
            "accepted",
            "accepted",
            "submitted_on_time",
            "in_progress",
            "not_started",
            "not_started",
        ],
        "bkk-east": [
            "submitted_late",
            "submitted_late",
            "overdue",
            "not_started",
            "not_started",
            "not_started",
        ],
        "thon-north": [
            "submitted_on_time",
            "submitted_on_time",
            "submitted_on_time",
            "in_progress",
            "not_started",
            "not_started",
        ],
        "thon-south": ["accepted", "accepted", "accepted", "in_progress", "not_started", "not_started"],
    }
    north = P1Form.objects.get(cycle__fiscal_year=2570, group__code="bkk-north")
    assert list(north.submissions.order_by("version").values_list("status", flat=True)) == [
        "returned",
        "submitted",
    ]
    # Everything the story made is dated before today, inside its own step's window.
    cycle = Cycle.objects.get(fiscal_year=2570)
    meetings = cycle.steps.get(kind=StepKind.MEETINGS)
    assert all(
        meetings.start_date <= m.date <= meetings.due_date for m in Meeting.objects.filter(cycle=cycle)
    )
    stamps = [r.created_at for r in ProgressReport.objects.filter(cycle=cycle)] + [
        a.created_at for a in AuditEntry.objects.filter(action__startswith="p1.")
    ]
    assert stamps and max(timezone.localtime(s).date() for s in stamps) < date(2026, 11, 30)
    assert StepProgress.objects.get(
        step__cycle=cycle, step__kind=StepKind.P1, group__code="bkk-south"
    ).first_submitted_at
    # The calendar's text follows its dates; the memo is dated inside step 1.
    p1 = cycle.steps.get(kind=StepKind.P1)
    assert p1.period_label == "" and "๔ พฤศจิกายน ๒๕๖๙" in p1.description
    assert cycle.memo_date == date(2026, 10, 6)
    # The inboxes are not empty: bkk-north's people were told of the returned P1, with its reason;
    # the officers of what came in; the open step's deadlines are told as of today; older ones read.
    returned = Notification.objects.filter(kind="returned", recipient__username="staff-bkk-north").get()
    assert "แบบ P1" in returned.text and "เหตุผล: " in returned.text
    assert Notification.objects.filter(kind="submitted", recipient__profile__role="officer").exists()
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=False).exists()
    assert "การแจ้งเตือน: แจ้งกำหนดส่งวันนี้" in out
    notices = Notification.objects.count()
    # A rerun keeps the calendar and adds nothing twice.
    counts = _counts(2570)
    call_command("load_demo_data", "--today", "30/11/2569")
    assert Notification.objects.count() == notices
    assert "ปีงบประมาณ 2570 (ใช้ปฏิทินเดิมของรอบ)" in capsys.readouterr().out
    assert _counts(2570) == counts
    # A rerun on a later day keeps the calendar and plays the story on: the packages went on
    # 24 December, the department is assessing the groups before the 7 January report.
    call_command("load_demo_data", "--today", "05/01/2570")
    assert cycle.steps.get(kind=StepKind.P1).due_date == date(2026, 11, 4)
    assert _counts(2570)[:3] == counts[:3]  # registry, meetings and P1 as they were
    assert _counts(2570)[4:] == (5, 5, 2)  # reports to executives, packages, assessments
    later = _states(2570, date(2027, 1, 5))
    assert [later["bkk-central"][4:], later["thon-south"][4:]] == [["submitted_on_time", "in_progress"]] + [
        ["submitted_on_time", "not_started"]
    ]


@override_settings(DEBUG=True)
def test_load_demo_data_before_the_fiscal_year_starts_has_nothing_done(cycle):
    call_command("load_demo_data", "--fiscal-year", "2571", "--today", "30/11/2569")
    assert set(itertools.chain(*_states(2571, date(2026, 11, 30)).values())) == {"not_started"}
    assert _counts(2571) == (0, 0, 0, 0, 0, 0, 0)
    steps = Cycle.objects.get(fiscal_year=2571).steps.order_by("number")
    assert (steps[0].start_date, steps[0].period_label) == (date(2028, 3, 1), "มี.ค. 2571")


@override_settings(DEBUG=True)
def test_load_demo_data_inside_step_3_of_the_reference_cycle_without_time_machine(monkeypatch, capsys, cycle):
    monkeypatch.setitem(sys.modules, "time_machine", None)  # as on a server without the dev extra
    monkeypatch.delitem(sys.modules, "bangkok_network.management.commands.load_demo_data", raising=False)
    with pytest.raises(ImportError):
        import time_machine  # noqa: F401
    call_command("load_demo_data", "--cycle", "2564", "--today", "10/05/2564")  # the old option name
    assert "ปีงบประมาณ 2564 (ใช้ปฏิทินเดิมของรอบ)" in capsys.readouterr().out
    states = _states(2564, date(2021, 5, 10))
    assert {code: row[2] for code, row in states.items()} == {
        "bkk-central": "in_progress",
        "bkk-south": "in_progress",
        "bkk-north": "in_progress",
        "bkk-east": "in_progress",
        "thon-north": "in_progress",
        "thon-south": "submitted_on_time",  # sent early, on 7 May
    }
    assert {row[3] for row in states.values()} == {"not_started"}
    assert cycle.steps.get(kind=StepKind.P1).due_date == date(2021, 5, 14)  # the seed's calendar is kept
    assert not Cycle.objects.filter(fiscal_year=2570).exists()


@override_settings(DEBUG=True)
def test_load_demo_data_after_step_6_has_a_finished_year(cycle):
    call_command("load_demo_data", "--fiscal-year", "2569", "--today", "30/11/2569")
    states = _states(2569, date(2026, 11, 30))
    assert states["bkk-central"] == ["accepted", "accepted", "accepted"] + ["submitted_on_time"] * 3
    assert states["bkk-east"] == [
        "submitted_late",
        "submitted_late",
        "overdue",
        "overdue",
        "overdue",
        "submitted_on_time",
    ]
    assert states["bkk-south"][3:] == ["submitted_late", "submitted_late", "submitted_on_time"]
    assert _counts(2569)[4:] == (
        5,
        6,
        6,
    )  # reports to executives, builds (5 packages, 1 summary), assessments


def test_no_module_the_portal_runs_imports_a_test_only_package():
    """The dev extra (pytest, factory-boy, time-machine, playwright) is for tests only."""
    test_only = re.compile(r"^\s*(from|import)\s+(time_machine|pytest|factory|playwright)\b", re.MULTILINE)
    root = Path(settings.BASE_DIR)
    sources = [p for app in APPS for p in (root / app).rglob("*.py")]
    assert len(sources) > 50
    assert [
        str(p.relative_to(root)) for p in sources if test_only.search(p.read_text(encoding="utf-8"))
    ] == []


@override_settings(DEBUG=True)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fiscal-year", "2021"], "ค.ศ."),
        (["--today", "31/02/2569"], "อ่านวันที่"),
        (["--fiscal-year", "2570", "--cycle", "2564"], "--cycle เป็นชื่อเดิมของ --fiscal-year"),
    ],
)
def test_load_demo_data_refuses_bad_options_in_thai(cycle, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("load_demo_data", *args)
    assert not Cycle.objects.exclude(fiscal_year=2564).exists()


def test_render_document_memo_writes_a_pdf(tmp_path, cycle):
    out = tmp_path / "memo.pdf"
    call_command("render_document", "memo", "--cycle", "2564", "--group", "bkk-north", "-o", str(out))
    text = normalise(extract_text_pdftotext(out.read_bytes()), drop_whitespace=True)
    assert "กลุ่มกรุงเทพเหนือ" in text
    assert not (tmp_path / "memo.pdf.part").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["memo", "--cycle", "2564", "--group", "nowhere"], "ไม่รู้จักรหัสกลุ่ม"),
        (["memo", "--cycle", "2021", "--group", "bkk-north"], "ค.ศ."),
        (["memo", "--cycle", "2570", "--group", "bkk-north"], "ไม่พบรอบปีงบประมาณ 2570"),
        (["memo", "--cycle", "2564"], "ต้องระบุกลุ่มเขต"),
        (["memo", "--cycle", "2564", "--group", "bkk-north", "--format", "xlsx"], "มีเฉพาะรูปแบบ pdf"),
        (["nonsense", "--cycle", "2564"], "ไม่รู้จักเอกสารประเภท"),
    ],
)
def test_render_document_refuses_bad_input_in_thai_and_writes_nothing(tmp_path, cycle, args, message):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("render_document", *args, "-o", str(out))
    assert not out.exists()


# --- create_portal_user ---------------------------------------------------------------------


def _create_user(*args, password="ไม่ง่าย-รหัสผ่าน-2570", **env):
    with pytest.MonkeyPatch.context() as patch:
        if password is None:
            patch.delenv("PORTAL_USER_PASSWORD", raising=False)
        else:
            patch.setenv("PORTAL_USER_PASSWORD", password)
        call_command("create_portal_user", *args)


def _logs_in(client, username: str, password: str) -> bool:
    """Log in through the login form, as a person would (django-axes needs the request)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_create_portal_user_makes_a_group_staff_member_who_can_log_in(client, capsys, cycle):
    _create_user(
        "somchai",
        "--role=group_staff",
        "--group=bkk-north",
        "--email=somchai@example.go.th",
        "--first-name=สมชาย",
        "--last-name=ใจดี",
        "--position=นักวิเคราะห์นโยบายและแผน",
    )
    profile = UserProfile.objects.select_related("user", "group").get(user__username="somchai")
    assert (profile.role, profile.group.code, profile.position) == (
        "group_staff",
        "bkk-north",
        "นักวิเคราะห์นโยบายและแผน",
    )
    assert (profile.user.email, profile.user.get_full_name(), profile.user.is_staff) == (
        "somchai@example.go.th",
        "สมชาย ใจดี",
        False,
    )
    assert capsys.readouterr().out == "สร้างผู้ใช้ somchai บทบาท เจ้าหน้าที่กลุ่มเขต กลุ่ม bkk-north แล้ว\n"
    assert _logs_in(client, "somchai", "ไม่ง่าย-รหัสผ่าน-2570")
    assert AuditEntry.objects.filter(action="user.create", object_repr="somchai").count() == 1


def test_create_portal_user_admin_may_use_django_admin(client, cycle):
    _create_user("root-th", "--role=admin", "--email=root@example.go.th")
    assert _logs_in(client, "root-th", "ไม่ง่าย-รหัสผ่าน-2570")
    assert client.get("/admin/").status_code == 200


def test_create_portal_user_asks_twice_for_the_password_on_a_terminal(monkeypatch, client, cycle):
    from bangkok_network.management.commands import create_portal_user

    answers = iter(["พิมพ์-เอง-2570-x", "พิมพ์-เอง-2570-x", "พิมพ์-เอง-2570-x", "พิมพ์ผิด"])
    monkeypatch.setattr(create_portal_user.getpass, "getpass", lambda prompt: next(answers))
    monkeypatch.setattr(create_portal_user.sys.stdin, "isatty", lambda: True)
    _create_user("executive-th", "--role=executive", "--email=exec@example.go.th", password=None)
    assert _logs_in(client, "executive-th", "พิมพ์-เอง-2570-x")
    with pytest.raises(CommandError, match="รหัสผ่านสองครั้งไม่ตรงกัน"):
        _create_user("officer-th", "--role=officer", "--email=o@example.go.th", password=None)
    assert not User.objects.filter(username="officer-th").exists()


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["a", "--role=officer", "--email=a@example.go.th"], None, "PORTAL_USER_PASSWORD"),
        (["a", "--role=officer", "--email=a@example.go.th"], "12345678", "รหัสผ่านไม่ผ่านเกณฑ์: "),
        (
            ["a", "--role=officer", "--email=not-an-address"],
            "ไม่ง่าย-รหัสผ่าน-2570",
            "ข้อมูลผู้ใช้ไม่ถูกต้อง: ป้อนที่อยู่อีเมลที่ถูกต้อง",
        ),
        (["a", "--role=officer", "--email="], "ไม่ง่าย-รหัสผ่าน-2570", "ข้อมูลผู้ใช้ไม่ถูกต้อง: กรุณาระบุอีเมล"),
        (["a", "--role=group_chair", "--email=a@example.go.th"], "ไม่ง่าย-รหัสผ่าน-2570", "--group"),
        (
            ["a", "--role=officer", "--group=bkk-north", "--email=a@example.go.th"],
            "ไม่ง่าย-รหัสผ่าน-2570",
            "--group",
        ),
        (
            ["a", "--role=group_staff", "--group=nowhere", "--email=a@example.go.th"],
            "ไม่ง่าย-รหัสผ่าน-2570",
            "bkk-central",
        ),
        (
            ["a b", "--role=officer", "--email=a@example.go.th"],
            "ไม่ง่าย-รหัสผ่าน-2570",
            "ข้อมูลผู้ใช้ไม่ถูกต้อง: .*username",
        ),
    ],
)
def test_create_portal_user_refuses_what_the_portal_would_refuse(monkeypatch, cycle, args, password, message):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match=message):
        _create_user(*args, password=password)
    assert not User.objects.filter(username=args[0]).exists()


def test_create_portal_user_never_overwrites_an_existing_user(officer, client):
    with pytest.raises(CommandError, match="มีผู้ใช้ชื่อ “OFFICER” อยู่แล้ว"):
        _create_user("OFFICER", "--role=admin", "--email=x@example.go.th")
    officer.refresh_from_db()
    assert (officer.is_superuser, officer.profile.role) == (False, "officer")
    assert _logs_in(client, "officer", "test-pass-2564")
