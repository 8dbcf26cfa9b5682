"""Writes of notifications: who is told what, once, and the e-mail that follows the commit.

``notify`` writes the inbox rows inside the caller's transaction (a change that rolls back tells
nobody) and queues one e-mail per row whose person wants that kind by e-mail; the e-mail task is
enqueued only when the transaction commits, and ``delivery_send`` sends each e-mail at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from bangkok_network import clock
from bangkok_network.extensions import OWN_REVIEW_PAGES, STEP_PAGES
from bangkok_network.models import (
    GROUP_ROLES,
    ProgressStatus,
    ReminderKind,
    ReminderLog,
    Responsible,
    Role,
    StepProgress,
    fiscal_year_of,
)
from bangkok_network.thai import be_date
from notifications.models import (
    EMAIL_BY_DEFAULT,
    Channel,
    Delivery,
    Notification,
    NotificationKind,
    Preference,
)
from notifications.tasks import send_notification_email

# --- who ----------------------------------------------------------------------------------------


def _active_users():
    return get_user_model().objects.filter(is_active=True)


def group_people(group):
    """The group's staff and chair."""
    return _active_users().filter(profile__group=group, profile__role__in=list(GROUP_ROLES))


def officers():
    return _active_users().filter(profile__role=Role.OFFICER)


def step_people(progress: StepProgress):
    """Who carries a step: the group for a group's step, the officers for the department's."""
    if progress.step.responsible == Responsible.GROUP:
        return group_people(progress.group)
    return officers()


# --- where --------------------------------------------------------------------------------------


def step_link(*, progress: StepProgress, for_department: bool = False) -> tuple[str, dict]:
    """The page of a group's step: the department's review page, or where the group works on it."""
    kwargs = {"fiscal_year": progress.step.cycle.fiscal_year, "code": progress.group.code}
    kind = progress.step.kind
    if progress.step.responsible == Responsible.DEPARTMENT:
        return "dashboard", {}  # the department's own step: its work is across all groups
    if for_department:
        if kind in OWN_REVIEW_PAGES:  # P1, the package: the app's own review page
            return OWN_REVIEW_PAGES[kind], kwargs
        return "progress_review", {"pk": progress.pk}
    if kind in STEP_PAGES:
        return STEP_PAGES[kind], kwargs
    return "group_detail", {"code": progress.group.code}


def step_params(progress: StepProgress, **extra) -> dict:
    step = progress.step
    return {
        "step": step.title,
        "group": progress.group.full_name,
        "year": step.cycle.fiscal_year,
        "due": be_date(step.due_date),
        **extra,
    }


# --- telling ------------------------------------------------------------------------------------


def notify(
    *,
    recipients: Iterable,
    kind: NotificationKind,
    params: dict | None = None,
    url_name: str = "",
    url_kwargs: dict | None = None,
    key: str = "",
    exclude=None,
) -> list[Notification]:
    """Tell each recipient once (``exclude``: the person who acted); return the new notifications.

    With a ``key``, a person already told under that key is not told again (a deadline, a step
    opening). E-mails follow the commit, through the task queue.
    """
    users = {u.pk: u for u in recipients if exclude is None or u.pk != exclude.pk}
    if not users:
        return []
    chosen = dict(Preference.objects.filter(user_id__in=users, kind=kind).values_list("user_id", "email"))
    created = []
    for user in users.values():
        notification = Notification(
            recipient=user,
            kind=kind,
            params=params or {},
            url_name=url_name,
            url_kwargs=url_kwargs or {},
            key=key,
        )
        if key:
            try:
                with transaction.atomic():
                    notification.save()
            except IntegrityError:
                continue  # told already
        else:
            notification.save()
        created.append(notification)
        by_email = chosen.get(user.pk, NotificationKind(kind) in EMAIL_BY_DEFAULT)
        if by_email and user.email:
            delivery = Delivery.objects.create(
                notification=notification, channel=Channel.EMAIL, address=user.email
            )
            transaction.on_commit(lambda pk=delivery.pk: send_notification_email.enqueue(pk))
    return created


# --- reading ------------------------------------------------------------------------------------


def notification_open(*, notification: Notification, at=None) -> Notification:
    """Mark one notification read (opening it does)."""
    if notification.read_at is None:
        notification.read_at = at or clock.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user, at=None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=at or clock.now())


@transaction.atomic
def preferences_set(*, user, email_kinds: Iterable[str]) -> None:
    """Store which kinds the person wants by e-mail (every kind, so later defaults change nothing)."""
    wanted = {NotificationKind(k) for k in email_kinds}
    for kind in NotificationKind:
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in wanted})


def preferences_get(*, user) -> dict[str, bool]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "email"))
    return {kind.value: chosen.get(kind.value, kind in EMAIL_BY_DEFAULT) for kind in NotificationKind}


# --- the events ---------------------------------------------------------------------------------


def on_progress_changed(sender, *, progress, previous, status, user, note, **kwargs) -> None:
    """A step moved (core signal): sent → the officers; returned → the group, with the reason;
    accepted → the group. Work in progress tells no one."""
    progress = StepProgress.objects.select_related("step__cycle", "group").get(pk=progress.pk)
    if status == ProgressStatus.SUBMITTED:
        if progress.step.responsible != Responsible.GROUP:
            return  # the department's own step (the evaluation): nobody is waiting for it
        url_name, url_kwargs = step_link(progress=progress, for_department=True)
        notify(
            recipients=officers(),
            kind=NotificationKind.SUBMITTED,
            params=step_params(progress),
            url_name=url_name,
            url_kwargs=url_kwargs,
            exclude=user,
        )
    elif status in (ProgressStatus.RETURNED, ProgressStatus.ACCEPTED):
        url_name, url_kwargs = step_link(progress=progress)
        returned = status == ProgressStatus.RETURNED
        notify(
            recipients=group_people(progress.group),
            kind=NotificationKind.RETURNED if returned else NotificationKind.ACCEPTED,
            params=step_params(progress, reason=note) if returned else step_params(progress),
            url_name=url_name,
            url_kwargs=url_kwargs,
            exclude=user,
        )


# --- the calendar: steps opening, deadlines coming and passed (run daily) -----------------------

DEADLINE_KINDS = {
    ReminderKind.BEFORE_DUE: NotificationKind.DEADLINE_SOON,
    ReminderKind.OVERDUE: NotificationKind.DEADLINE_PASSED,
}


def calendar_notices_send(*, on: date | None = None) -> dict[str, int]:
    """Tell the people who carry each open step that it opened, that it is due soon, that it is late.

    Each notice goes once: a step opening under a key, a deadline through the core's ReminderLog
    (one per step progress, person and kind), written in the same transaction as the notification,
    so two runs at once cannot both tell (the unique constraint stops the second). Steps already
    sent or accepted, and cycles whose fiscal year has ended, tell no one.
    """
    on = on or clock.today()
    told = {
        ReminderKind.BEFORE_DUE.value: 0,
        ReminderKind.OVERDUE.value: 0,
        NotificationKind.STEP_OPENED.value: 0,
    }
    open_progress = (
        StepProgress.objects.exclude(status__in=[ProgressStatus.SUBMITTED, ProgressStatus.ACCEPTED])
        .filter(step__cycle__fiscal_year__gte=fiscal_year_of(on))
        .select_related("step__cycle", "group")
        .order_by("step__due_date", "step_id", "group__order")
    )
    department_steps_seen: set[int] = set()
    for progress in open_progress:
        step = progress.step
        if step.responsible == Responsible.DEPARTMENT:
            # A department step is one job, not six: told once, on its first open group row.
            if step.pk in department_steps_seen:
                continue
            department_steps_seen.add(step.pk)
        people = list(step_people(progress))
        url_name, url_kwargs = step_link(progress=progress)
        if step.start_date <= on <= step.due_date and progress.status == ProgressStatus.NOT_STARTED:
            key = f"step-opened:{step.pk}" + (
                "" if step.responsible == Responsible.DEPARTMENT else f":{progress.group_id}"
            )
            told[NotificationKind.STEP_OPENED.value] += len(
                notify(
                    recipients=people,
                    kind=NotificationKind.STEP_OPENED,
                    params=step_params(progress, deliverable=step.deliverable),
                    url_name=url_name,
                    url_kwargs=url_kwargs,
                    key=key,
                )
            )
        days_left = (step.due_date - on).days
        if days_left < 0:
            kind = ReminderKind.OVERDUE
        elif days_left <= step.cycle.reminder_days_before:
            kind = ReminderKind.BEFORE_DUE
        else:
            continue
        for user in people:
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(progress=progress, user=user, kind=kind)
                    notify(
                        recipients=[user],
                        kind=DEADLINE_KINDS[kind],
                        params=step_params(progress, days=days_left, deliverable=step.deliverable),
                        url_name=url_name,
                        url_kwargs=url_kwargs,
                    )
            except IntegrityError:
                continue  # told already
            told[kind.value] += 1
    return told


# --- document builds ------------------------------------------------------------------------------


def build_finished_notify(
    *, user, document: str, failed: bool, reason: str = "", url_name: str, url_kwargs: dict
):
    """Tell the person who asked for a document that it is ready, or why it failed."""
    if user is None or not user.is_active:
        return []
    return notify(
        recipients=[user],
        kind=NotificationKind.BUILD_FAILED if failed else NotificationKind.BUILD_DONE,
        params={"document": document, "reason": reason},
        url_name=url_name,
        url_kwargs=url_kwargs,
    )
