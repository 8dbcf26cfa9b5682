import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from bangkok_network.models import DistrictGroup, UserProfile
from reports.pdf.textcheck import extract_text_pdftotext, normalise

pytestmark = pytest.mark.django_db


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


@override_settings(DEBUG=True)
def test_load_demo_data_creates_a_user_for_every_role(capsys, cycle):
    call_command("load_demo_data")
    call_command("load_demo_data")  # idempotent
    roles = sorted(UserProfile.objects.values_list("role", flat=True))
    assert roles.count("group_staff") == 6 and roles.count("group_chair") == 6
    assert {"officer", "executive", "admin"} <= set(roles)
    out = capsys.readouterr().out
    assert "staff-bkk-central" in out and "demo-bangkok-2564" in out
    # Each step's demo data is made on a day inside that step's window, so the demo cycle reads
    # as one that ran: the meetings were sent in April 2564, not on the day the command ran.
    from bangkok_network.selectors import group_deadlines

    meeting_states = {
        group.code: group_deadlines(cycle=cycle, group=group)[1].state
        for group in DistrictGroup.objects.all()
    }
    assert set(meeting_states.values()) == {"submitted_on_time"}, meeting_states


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


def test_send_deadline_reminders_command(capsys, staff, cycle):
    call_command("send_deadline_reminders", "--date", "10/05/2564")
    call_command("send_deadline_reminders", "--date", "10/05/2564")
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "ส่งการเตือนก่อนครบกำหนด 0 ฉบับ, แจ้งเกินกำหนด 0 ฉบับ"
    assert out[0] != out[1]
    assert len({m.subject for m in mail.outbox}) == len(mail.outbox)
    with pytest.raises(CommandError, match="ค.ศ."):
        call_command("send_deadline_reminders", "--date", "10/05/2021")
