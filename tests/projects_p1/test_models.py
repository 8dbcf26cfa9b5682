"""The P1 form's state table."""

from projects_p1.models import EDITABLE_STATUSES, P1_TRANSITIONS, P1Status


def test_the_p1_table_and_what_it_says_about_editing():
    assert P1_TRANSITIONS.targets(P1Status.SUBMITTED) == [P1Status.RETURNED, P1Status.ACCEPTED]
    assert P1_TRANSITIONS.targets(P1Status.ACCEPTED) == []
    # A form is edited only where its next move is sending it.
    assert EDITABLE_STATUSES == {P1Status.DRAFT, P1Status.RETURNED}
