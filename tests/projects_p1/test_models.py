"""The P1 form's state table, written by the moves its history records."""

import pytest

from projects_p1.models import EDITABLE_STATUSES, P1_TRANSITIONS, P1Status, P1Transition
from projects_p1.services import P1Error


def test_the_p1_table_and_what_it_says_about_editing():
    assert set(P1_TRANSITIONS.targets(P1Status.SUBMITTED)) == {
        P1Status.RETURNED,
        P1Status.ACCEPTED,
        P1Status.WITHDRAWN,
    }
    assert P1_TRANSITIONS.targets(P1Status.ACCEPTED) == [P1Status.RETURNED]  # the department reopens
    # A form is edited only where its next move is sending it.
    assert EDITABLE_STATUSES == {P1Status.DRAFT, P1Status.RETURNED, P1Status.WITHDRAWN}


def test_a_named_move_leads_where_the_table_says_or_is_refused_in_thai():
    assert P1_TRANSITIONS.move("returned", P1Transition.Action.SUBMIT, error=P1Error) is P1Status.SUBMITTED
    with pytest.raises(P1Error) as refused:
        P1_TRANSITIONS.move(P1Status.DRAFT, P1Transition.Action.ACCEPT, error=P1Error)

    assert refused.value.messages == ["เปลี่ยนสถานะจาก “ร่าง” เป็น “รับแล้ว” ไม่ได้"]
