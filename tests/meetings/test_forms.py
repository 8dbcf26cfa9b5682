"""Forms of the meetings app: shape of input only."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from meetings.forms import MeetingForm


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8/4/2564", datetime.date(2021, 4, 8)),
        ("1/10/2563", datetime.date(2020, 10, 1)),
        ("๑๓/๑๒/๒๕๖๓", datetime.date(2020, 12, 13)),
        ("30-09-2564", datetime.date(2021, 9, 30)),
        ("8 เม.ย. 2564", datetime.date(2021, 4, 8)),
    ],
)
def test_meeting_date_reads_be_dates_including_months_ten_to_twelve(typed, expected):
    assert MeetingForm().fields["date"].clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("8/4/2021", "ดูเหมือนเป็นปี ค.ศ."),
        ("31/4/2564", "อ่านวันที่ “31/4/2564” ไม่ได้"),  # 31 April does not exist
        ("พรุ่งนี้", "อ่านวันที่"),
    ],
)
def test_meeting_date_refuses_with_a_thai_message(typed, message):
    with pytest.raises(forms.ValidationError, match=message):
        MeetingForm().fields["date"].clean(typed)
