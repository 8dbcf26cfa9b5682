"""Undo on a group's step: withdrawn until the department opens it, reopened with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkok_network import services
from bangkok_network.models import ProgressStatus, StepKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(cycle, group, staff):
    return services.progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status=ProgressStatus.SUBMITTED, user=staff
    )


def test_the_group_withdraws_what_nobody_opened(sent, staff):
    progress = services.progress_withdraw(progress=sent, user=staff)
    assert progress.status == ProgressStatus.IN_PROGRESS
    assert progress.history.latest("history_date").note == "ถอนคืนโดยกลุ่มเขตก่อนสำนักฯ เปิดพิจารณา"


def test_opening_the_review_page_ends_the_withdrawal(client, sent, staff, officer):
    client.force_login(officer)
    client.get(reverse("progress_review", kwargs={"pk": sent.pk}))
    sent.refresh_from_db()
    assert sent.review_opened_at is not None
    with pytest.raises(services.ProgrammeError, match="เปิดพิจารณาแล้วเมื่อ .* จึงถอนคืนไม่ได้"):
        services.progress_withdraw(progress=sent, user=staff)
    # Sending again is a new sending, not yet opened.
    again = services.progress_set(
        cycle=sent.step.cycle,
        group=sent.group,
        kind=StepKind.REGISTRY,
        status=ProgressStatus.SUBMITTED,
        user=staff,
    )
    assert again.review_opened_at is None


def test_a_p1_or_minutes_step_is_not_withdrawn_on_its_own(cycle, group, staff):
    for kind in (StepKind.P1, StepKind.MEETINGS):
        progress = services.progress_set(
            cycle=cycle, group=group, kind=kind, status=ProgressStatus.SUBMITTED, user=staff
        )
        with pytest.raises(services.ProgrammeError):
            services.progress_withdraw(progress=progress, user=staff)


def test_other_groups_and_the_department_cannot_withdraw(sent, other_staff, officer):
    for user in (other_staff, officer):
        with pytest.raises(services.ProgrammeError, match="ถอนคืนได้เฉพาะเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้"):
            services.progress_withdraw(progress=sent, user=user)


def test_the_department_reopens_an_accepted_step_with_a_reason(sent, staff, officer):
    accepted = services.progress_review(progress=sent, user=officer, accept=True)
    with pytest.raises(services.ProgrammeError, match="กรุณาระบุเหตุผล"):
        services.progress_reopen(progress=accepted, user=officer, note="")
    reopened = services.progress_reopen(progress=accepted, user=officer, note="ทะเบียนขาดเขตพญาไท")
    assert (reopened.status, reopened.note) == (
        ProgressStatus.RETURNED,
        "เปิดให้แก้ไขหลังรับแล้ว: ทะเบียนขาดเขตพญาไท",
    )


def test_group_page_offers_withdraw_only_while_unopened(client, sent, staff, officer, group):
    client.force_login(staff)
    url = reverse("progress_withdraw", kwargs={"pk": sent.pk})
    assert url in client.get(reverse("group_detail", kwargs={"code": group.code})).content.decode()
    services.progress_review_open(progress=sent, user=officer)
    assert url not in client.get(reverse("group_detail", kwargs={"code": group.code})).content.decode()
