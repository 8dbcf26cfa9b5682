"""The meeting's state table."""

from meetings.models import MEETING_TRANSITIONS, MeetingStatus


def test_the_meeting_table():
    assert MEETING_TRANSITIONS.targets(MeetingStatus.DRAFT) == [MeetingStatus.FINAL]
    # Only the department's reopening (meetings.services.meeting_reopen) takes final minutes back.
    assert MEETING_TRANSITIONS.targets(MeetingStatus.FINAL) == [MeetingStatus.DRAFT]
