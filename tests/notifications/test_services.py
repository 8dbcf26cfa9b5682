"""Who is told what, once: the inbox rows written with the change, the e-mail after the commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from bangkok_network import services as core
from bangkok_network.models import ProgressStatus, Role, StepKind
from notifications import services
from notifications.delivery import delivery_send
from notifications.models import Delivery, DeliveryStatus, Notification, NotificationKind
from projects_p1 import services as p1
from tests.projects_p1.factories import complete_form

pytestmark = pytest.mark.django_db

REASON = "ขอแผนงานรายเดือนและงบประมาณแยกตามกิจกรรม"


@pytest.fixture
def people(make_user, group, other_group, officer, staff, chair, other_staff):
    """Everyone a P1 could concern: the group, another group, two officers, an executive."""
    return {
        "staff": staff,
        "chair": chair,
        "other_staff": other_staff,
        "other_chair": make_user(Role.GROUP_CHAIR, group=other_group, username="chair-south"),
        "officer": officer,
        "officer2": make_user(Role.OFFICER, username="officer-2"),
        "executive": make_user(Role.EXECUTIVE, username="exec"),
    }


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def returned_p1(cycle, group, people, django_capture_on_commit_callbacks):
    """The group's P1, sent by its staff and returned by the officer with a reason (committed)."""
    form = complete_form(cycle=cycle, group=group, user=people["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        p1.p1_form_submit(form=form, user=people["staff"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        p1.p1_form_return(form=form, user=people["officer"], comment=REASON)
    return form


def test_a_returned_p1_tells_the_groups_staff_and_chair_with_the_reason(returned_p1, people, cycle, group):
    assert _told(NotificationKind.RETURNED) == ["chair-central", "staff-central"]
    notification = Notification.objects.get(kind=NotificationKind.RETURNED, recipient=people["staff"])
    assert REASON in notification.text
    assert "แบบ P1" in notification.text and group.full_name in notification.text
    assert notification.target_url == f"/p1/{cycle.fiscal_year}/{group.code}/"
    # Nobody of the other group, no officer, no executive.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert not told & {"staff-south", "chair-south", "exec"}


def test_a_returned_p1_is_e_mailed_once_to_each_with_the_reason_and_link(returned_p1, people, cycle, group):
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chair-central@example.test",
        "staff-central@example.test",
    ]
    message = next(m for m in mail.outbox if m.to == ["staff-central@example.test"])
    assert "ส่งกลับแก้ไข" in message.subject and "แบบ P1" in message.subject
    assert REASON in message.body
    assert f"/p1/{cycle.fiscal_year}/{group.code}/" in message.body
    assert "&#" not in message.body and "&quot;" not in message.body  # plain text, not HTML-escaped
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_the_e_mail_task_run_twice_sends_once(returned_p1):
    delivery = Delivery.objects.filter(address="staff-central@example.test").get()
    mail.outbox.clear()
    from notifications.tasks import send_notification_email

    send_notification_email.call(delivery.pk)
    assert delivery_send(delivery_id=delivery.pk) is False
    assert mail.outbox == []
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED)
    assert delivery_send(delivery_id=delivery.pk) is True
    assert delivery_send(delivery_id=delivery.pk) is False
    assert len(mail.outbox) == 1


def test_a_submission_tells_the_officers_with_a_link_to_the_review(
    cycle, group, people, django_capture_on_commit_callbacks
):
    form = complete_form(cycle=cycle, group=group, user=people["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        p1.p1_form_submit(form=form, user=people["staff"])

    assert _told(NotificationKind.SUBMITTED) == ["officer", "officer-2"]
    notification = Notification.objects.filter(kind=NotificationKind.SUBMITTED).first()
    # P1's registered review page: the P1 page, where the review form is.
    assert notification.target_url == f"/p1/{cycle.fiscal_year}/{group.code}/"
    assert mail.outbox == []  # "submitted" is not e-mailed unless an officer asks for it


def test_an_accepted_p1_tells_the_group_in_the_inbox_only(
    cycle, group, people, django_capture_on_commit_callbacks
):
    form = complete_form(cycle=cycle, group=group, user=people["staff"])
    p1.p1_form_submit(form=form, user=people["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        p1.p1_form_accept(form=form, user=people["officer"])

    assert _told(NotificationKind.ACCEPTED) == ["chair-central", "staff-central"]
    assert mail.outbox == []


def test_the_person_who_acted_is_not_told(cycle, group, people):
    core.progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status="submitted", user=people["officer"]
    )

    assert _told(NotificationKind.SUBMITTED) == ["officer-2"]


def test_work_in_progress_tells_nobody(cycle, group, people):
    core.progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status="in_progress", user=people["staff"]
    )

    assert Notification.objects.count() == 0


def test_a_step_returned_on_the_generic_page_links_to_the_groups_step_page(cycle, group, people):
    progress = core.progress_set(
        cycle=cycle,
        group=group,
        kind=StepKind.REGISTRY,
        status=ProgressStatus.SUBMITTED,
        user=people["staff"],
    )
    core.progress_review(progress=progress, user=people["officer"], accept=False, note="ขาดเลขบัตร")

    notification = Notification.objects.get(kind=NotificationKind.RETURNED, recipient=people["chair"])
    assert notification.target_url == f"/registry/{cycle.fiscal_year}/{group.code}/"
    assert "ขาดเลขบัตร" in notification.text
    submitted = Notification.objects.get(kind=NotificationKind.SUBMITTED, recipient=people["officer"])
    assert submitted.target_url == f"/step-progress/{progress.pk}/review/"


def test_nothing_is_told_or_sent_when_the_change_rolls_back(
    cycle, group, people, django_capture_on_commit_callbacks
):
    form = complete_form(cycle=cycle, group=group, user=people["staff"])
    p1.p1_form_submit(form=form, user=people["staff"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                p1.p1_form_return(form=form, user=people["officer"], comment=REASON)
                assert _told(NotificationKind.RETURNED) == ["chair-central", "staff-central"]
                raise RuntimeError("the request failed after the return")

    assert callbacks == []
    assert not Notification.objects.filter(kind=NotificationKind.RETURNED).exists()
    assert not Delivery.objects.exists()
    assert mail.outbox == []


def test_the_e_mail_waits_for_the_commit(cycle, group, people, django_capture_on_commit_callbacks):
    form = complete_form(cycle=cycle, group=group, user=people["staff"])
    p1.p1_form_submit(form=form, user=people["staff"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        p1.p1_form_return(form=form, user=people["officer"], comment=REASON)
    assert mail.outbox == []  # told in the inbox, e-mail not yet sent
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_preferences_are_respected(cycle, group, people, django_capture_on_commit_callbacks):
    services.preferences_set(user=people["staff"], email_kinds=[])  # no e-mail at all
    services.preferences_set(user=people["officer"], email_kinds=[NotificationKind.SUBMITTED])
    form = complete_form(cycle=cycle, group=group, user=people["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        p1.p1_form_submit(form=form, user=people["staff"])
        p1.p1_form_return(form=form, user=people["officer"], comment=REASON)

    assert sorted(m.to[0] for m in mail.outbox) == ["chair-central@example.test", "officer@example.test"]
    # The inbox keeps everything, whatever goes by e-mail.
    assert _told(NotificationKind.RETURNED) == ["chair-central", "staff-central"]
    assert services.preferences_get(user=people["staff"])[NotificationKind.RETURNED] is False
    assert services.preferences_get(user=people["chair"])[NotificationKind.RETURNED] is True


def test_nobody_without_an_address_gets_an_e_mail(cycle, group, people, django_capture_on_commit_callbacks):
    people["chair"].email = ""
    people["chair"].save(update_fields=["email"])
    progress = core.progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status="submitted", user=people["staff"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        core.progress_review(progress=progress, user=people["officer"], accept=False, note="ขาดเลขบัตร")

    assert [m.to for m in mail.outbox] == [["staff-central@example.test"]]
    assert _told(NotificationKind.RETURNED) == ["chair-central", "staff-central"]


def test_a_keyed_notice_is_told_once(people):
    for _ in range(2):
        services.notify(
            recipients=[people["staff"]],
            kind=NotificationKind.STEP_OPENED,
            params={"step": "x"},
            key="opened:1",
        )

    assert Notification.objects.count() == 1


def test_a_failed_mail_is_recorded_and_the_inbox_keeps_it(returned_p1, settings):
    delivery = Delivery.objects.filter(address="staff-central@example.test").get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED)
    settings.EMAIL_BACKEND = "tests.notifications.test_services.BrokenBackend"

    assert delivery_send(delivery_id=delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and "refused" in delivery.error


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("relay refused")


def test_a_sent_package_links_the_officers_to_its_review_page(cycle, group, people):
    core.progress_set(
        cycle=cycle, group=group, kind=StepKind.PACKAGE, status="submitted", user=people["staff"]
    )

    notification = Notification.objects.get(kind=NotificationKind.SUBMITTED, recipient=people["officer"])
    assert notification.target_url == f"/documents/package/{cycle.fiscal_year}/{group.code}/review/"
