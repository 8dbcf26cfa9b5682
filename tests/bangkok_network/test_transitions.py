"""State tables: every status listed, moves checked with a Thai message, and the apps' tables."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from bangkok_network.errors import PortalError
from bangkok_network.models import PROGRESS_TRANSITIONS, ProgressAction, ProgressStatus
from bangkok_network.transitions import StateTable
from meetings.models import MeetingStatus
from projects_p1.models import P1_TRANSITIONS, P1Status


def test_a_table_that_leaves_a_status_out_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="MeetingStatus: no moves listed for final"):
        StateTable(MeetingStatus, {MeetingStatus.DRAFT: {MeetingStatus.FINAL}})


def test_a_forbidden_move_raises_the_apps_error_with_both_statuses_named():
    with pytest.raises(PortalError) as refused:
        PROGRESS_TRANSITIONS.check("not_started", "accepted", error=PortalError)

    assert refused.value.messages == ["เปลี่ยนสถานะจาก “ยังไม่เริ่ม” เป็น “รับแล้ว” ไม่ได้"]


def test_a_service_may_word_the_refusal_for_its_users():
    with pytest.raises(PortalError, match="^แบบ P1 อยู่ในสถานะ “รับแล้ว” ส่งซ้ำไม่ได้$"):
        P1_TRANSITIONS.check(
            P1Status.ACCEPTED,
            P1Status.SUBMITTED,
            error=PortalError,
            message="แบบ P1 อยู่ในสถานะ “{status}” ส่งซ้ำไม่ได้",
        )


def test_an_allowed_move_returns_the_new_status_as_the_enum():
    assert P1_TRANSITIONS.check("returned", "submitted", error=PortalError) is P1Status.SUBMITTED


def test_the_step_progress_table():
    # Withdrawing (before the department opens it) takes a sent step back to work in progress.
    assert PROGRESS_TRANSITIONS.targets(ProgressStatus.SUBMITTED) == [
        ProgressStatus.IN_PROGRESS,
        ProgressStatus.SUBMITTED,
        ProgressStatus.RETURNED,
        ProgressStatus.ACCEPTED,
    ]
    assert PROGRESS_TRANSITIONS.targets(ProgressStatus.ACCEPTED) == [ProgressStatus.RETURNED]
    assert PROGRESS_TRANSITIONS.sources(ProgressStatus.ACCEPTED) == [ProgressStatus.SUBMITTED]
    assert (
        PROGRESS_TRANSITIONS.move("accepted", ProgressAction.REOPEN, error=PortalError)
        is ProgressStatus.RETURNED
    )
    with pytest.raises(PortalError, match="เปลี่ยนสถานะจาก “รับแล้ว” เป็น “กำลังดำเนินการ” ไม่ได้"):
        PROGRESS_TRANSITIONS.move("accepted", ProgressAction.WITHDRAW, error=PortalError)


def test_a_table_by_action_knows_its_status_moves_and_refuses_a_move_from_elsewhere():
    table = StateTable.by_action(MeetingStatus, {"finalise": ({MeetingStatus.DRAFT}, MeetingStatus.FINAL)})

    assert table.targets(MeetingStatus.DRAFT) == [MeetingStatus.FINAL]
    assert table.targets(MeetingStatus.FINAL) == []
    assert table.move("draft", "finalise", error=PortalError) is MeetingStatus.FINAL
    with pytest.raises(PortalError, match="^รายงานยืนยันแล้ว$"):
        table.move(MeetingStatus.FINAL, "finalise", error=PortalError, message="รายงานยืนยันแล้ว")
