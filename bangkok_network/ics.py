"""The group's calendar as an iCalendar feed, built with the icalendar package."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from bangkok_network.models import Cycle, DistrictGroup


def group_calendar_ics(*, group: DistrictGroup, cycles: list[Cycle]) -> bytes:
    """Return the steps of the cycles as all-day events, each ending on its due date."""
    calendar = Calendar()
    calendar.add("prodid", "-//Bangkok civil-society network portal//TH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"ปฏิทินเครือข่ายประชาสังคม {group.full_name}")
    calendar.add("x-wr-timezone", "Asia/Bangkok")
    stamp = timezone.now()
    for cycle in cycles:
        for step in cycle.steps.all():
            event = Event()
            event.add("uid", f"cycle-{cycle.fiscal_year}-step-{step.number}-{group.code}@bangkok-network")
            event.add("dtstamp", stamp)
            event.add("summary", f"[{cycle.fiscal_year}] {step.number}. {step.title}")
            event.add("description", f"{step.description}\n\nสิ่งที่ต้องส่ง: {step.deliverable}".strip())
            event.add("dtstart", step.start_date)
            # DTEND of an all-day event is exclusive: the day after the due date.
            event.add("dtend", step.due_date + timedelta(days=1))
            event.add("url", f"{settings.PORTAL_BASE_URL.rstrip('/')}{group.get_absolute_url()}")
            calendar.add_component(event)
    return calendar.to_ical()
