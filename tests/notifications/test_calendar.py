"""The daily run: a step opening, a deadline coming and passed, each told once (inbox, e-mail by default)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from bangkok_network import services as core
from bangkok_network.models import ProgressStatus, ReminderLog, StepKind
from notifications import services
from notifications.models import Notification, NotificationKind

BKK = ZoneInfo("Asia/Bangkok")
pytestmark = pytest.mark.django_db


def _at(day, month):
    return time_machine.travel(datetime(2021, month, day, 8, 0, tzinfo=BKK))


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the daily notices as the command does: each notice's transaction commits (e-mail follows)."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return services.calendar_notices_send()

    return run


def test_deadlines_are_told_before_the_due_date_and_when_overdue_and_never_twice(
    cycle, group, staff, chair, other_staff, officer, send
):
    with _at(10, 5):
        first = send()
        again = send()
    # 7 days before: P1 (due 14 May) for the groups' people; mailed by default, to each once.
    p1_mails = [m for m in mail.outbox if "ใกล้ครบกำหนดส่ง" in m.subject and "แบบ P1" in m.subject]
    assert sorted(m.to[0] for m in p1_mails) == sorted([staff.email, chair.email, other_staff.email])
    assert again == {"before_due": 0, "overdue": 0, "step_opened": 0}
    assert first["before_due"] == len([m for m in mail.outbox if "ใกล้ครบกำหนดส่ง" in m.subject]) == 3
    soon = Notification.objects.get(kind=NotificationKind.DEADLINE_SOON, recipient=staff)
    assert "อีก 4 วัน" in soon.text and "14 พ.ค. 2564" in soon.text
    assert soon.target_url == f"/p1/2564/{group.code}/"
    sent_before = len(mail.outbox)
    core.progress_set(cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.SUBMITTED, user=staff)
    with _at(20, 5):
        overdue = send()
        send()
    new = mail.outbox[sent_before:]
    overdue_p1 = [m for m in new if "เกินกำหนดส่ง" in m.subject and "แบบ P1" in m.subject]
    # bkk-central sent its P1: only bkk-south's staff is told P1 is overdue.
    assert [m.to for m in overdue_p1] == [[other_staff.email]]
    assert overdue["overdue"] == len([m for m in new if "เกินกำหนดส่ง" in m.subject])
    assert (
        ReminderLog.objects.filter(user=other_staff, kind="overdue", progress__step__kind="p1").count() == 1
    )
    assert "14 พ.ค. 2564" in overdue_p1[0].body
    assert "สิ่งที่ต้องส่ง:" in overdue_p1[0].body


def test_a_step_opening_tells_the_group_once_in_the_inbox(cycle, group, staff, other_staff, officer, send):
    with _at(4, 5):
        told = send()
        send()

    opened = Notification.objects.filter(kind=NotificationKind.STEP_OPENED)
    assert told["step_opened"] == opened.count() == 2  # P1 opened 3 May: one for each group's person
    assert sorted(opened.values_list("recipient__username", flat=True)) == ["staff-central", "staff-south"]
    assert "ครบกำหนดส่ง 14 พ.ค. 2564" in opened.get(recipient=staff).text
    assert not [m for m in mail.outbox if "เริ่มขั้นตอนใหม่" in m.subject]  # not e-mailed by default


def test_a_step_already_started_is_not_announced(cycle, group, staff, send):
    core.progress_set(
        cycle=cycle, group=group, kind=StepKind.P1, status=ProgressStatus.IN_PROGRESS, user=staff
    )
    with _at(4, 5):
        send()

    assert not Notification.objects.filter(kind=NotificationKind.STEP_OPENED, recipient=staff).exists()


def test_the_department_is_told_once_per_department_step(cycle, officer, staff, send):
    with _at(6, 9):
        send()

    evaluation = [m for m in mail.outbox if m.to == [officer.email]]
    assert [m.subject for m in evaluation] == [
        "[เครือข่ายประชาสังคม กทม.] ใกล้ครบกำหนดส่ง: ติดตามประเมินผลและรายงานปลัดกรุงเทพมหานคร"
    ]
    assert Notification.objects.get(recipient=officer).target_url == "/dashboard/"


def test_nobody_is_told_for_a_cycle_whose_fiscal_year_has_ended(cycle, staff, officer, send):
    with _at(5, 10):  # FY 2565 has begun
        assert send() == {"before_due": 0, "overdue": 0, "step_opened": 0}
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_command_keeps_its_contract(capsys, staff, cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--date", "10/05/2564")
        call_command("send_deadline_reminders", "--date", "10/05/2564")
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "ส่งการเตือนก่อนครบกำหนด 0 ฉบับ, แจ้งเกินกำหนด 0 ฉบับ, แจ้งเริ่มขั้นตอน 0 รายการ"
    assert out[0] != out[1]
    assert out[0] == "ส่งการเตือนก่อนครบกำหนด 1 ฉบับ, แจ้งเกินกำหนด 2 ฉบับ, แจ้งเริ่มขั้นตอน 1 รายการ"
    # Registry and meetings overdue, P1 due soon: three e-mails to the one staff member, none twice.
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == len(mail.outbox) == 3
    with pytest.raises(CommandError, match="ค.ศ."):
        call_command("send_deadline_reminders", "--date", "10/05/2021")
