"""The clock seam: a moment set by the demo loader dates auto_now fields and history, nothing else."""

from datetime import date, datetime, timedelta
from threading import Thread
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bangkok_network import clock
from bangkok_network.audit import audit_log
from bangkok_network.models import AuditEntry, Cycle

BKK = ZoneInfo("Asia/Bangkok")
MOMENT = datetime(2021, 5, 12, 14, 0, tzinfo=BKK)


def test_now_is_the_real_time_without_a_moment():
    assert not clock.is_set()
    assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)
    assert clock.today() == timezone.localdate()


def test_a_moment_holds_inside_its_block_ticks_on_and_is_restored_after():
    with clock.moment(MOMENT):
        first, second = clock.now(), clock.now()
        assert MOMENT <= first <= second < MOMENT + timedelta(seconds=5)
        assert clock.today() == date(2021, 5, 12)
        with clock.moment(MOMENT + timedelta(days=3)):
            assert clock.today() == date(2021, 5, 15)
        assert clock.today() == date(2021, 5, 12)
    assert not clock.is_set() and clock.today() == timezone.localdate()


def test_a_moment_belongs_to_its_own_thread_only():
    seen = []
    with clock.moment(MOMENT):
        thread = Thread(target=lambda: seen.append(clock.today()))
        thread.start()
        thread.join()
    assert seen == [timezone.localdate()]


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="aware"):
        with clock.moment(datetime(2021, 5, 12, 14, 0)):
            pass


@pytest.mark.django_db
def test_auto_now_fields_and_history_read_the_moment(cycle, officer):
    with clock.moment(MOMENT):
        audit_log(actor=officer, action="test.clock", obj=cycle)
        cycle.phone = "๐ ๒๒๒๕ ๗๙๔๗"
        cycle.save()
    entry = AuditEntry.objects.get(action="test.clock")
    assert timezone.localtime(entry.created_at).date() == date(2021, 5, 12)
    changed = Cycle.history.get(id=cycle.pk, phone="๐ ๒๒๒๕ ๗๙๔๗")
    assert timezone.localtime(changed.history_date).date() == date(2021, 5, 12)
    audit_log(actor=officer, action="test.clock.after", obj=cycle)
    assert AuditEntry.objects.get(action="test.clock.after").created_at > timezone.now() - timedelta(
        minutes=1
    )


def test_the_stamp_field_leaves_migrations_a_plain_datetime_field():
    field = AuditEntry._meta.get_field("created_at")
    assert isinstance(field, clock.StampField)
    name, path, args, kwargs = field.deconstruct()
    assert (path, kwargs) == ("django.db.models.DateTimeField", {"auto_now_add": True, "db_index": True})
