"""Undo on form P1: the group withdraws a version until the department opens it; the department
reopens an accepted form with a reason. Each move is in the form's history and on the dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkok_network.models import ProgressStatus, StepKind
from bangkok_network.selectors import progress_get
from projects_p1 import services
from projects_p1.models import P1Status, P1Transition
from tests.projects_p1.factories import complete_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(cycle, group, staff):
    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    return form


def test_the_group_withdraws_a_version_nobody_opened_and_sends_the_next(sent, staff, cycle, group):
    submission = services.p1_form_withdraw(form=sent, user=staff)
    sent.refresh_from_db()
    assert (sent.status, sent.is_editable, submission.status) == (
        P1Status.WITHDRAWN,
        True,
        P1Status.WITHDRAWN,
    )
    assert progress_get(cycle=cycle, group=group, kind=StepKind.P1).status == ProgressStatus.IN_PROGRESS
    assert list(sent.transitions.values_list("action", flat=True))[-1] == P1Transition.Action.WITHDRAW
    again = services.p1_form_submit(form=sent, user=staff)
    assert again.version == 2
    assert progress_get(cycle=cycle, group=group, kind=StepKind.P1).status == ProgressStatus.SUBMITTED


def test_once_the_department_opened_it_withdrawing_is_refused_with_the_reason(client, sent, staff, officer):
    client.force_login(officer)
    client.get(sent.get_absolute_url())  # the officer opens the P1 page: its review form
    submission = sent.submissions.get()
    assert submission.review_opened_at is not None and submission.review_opened_by == officer
    with pytest.raises(services.P1Error, match="เปิดพิจารณาแบบ P1 ฉบับที่ 1 แล้วเมื่อ .* จึงถอนคืนไม่ได้"):
        services.p1_form_withdraw(form=sent, user=staff)
    sent.refresh_from_db()
    assert sent.status == P1Status.SUBMITTED


def test_opening_is_recorded_once_and_only_by_the_department(client, sent, staff, officer, executive):
    for user in (staff, executive):
        client.force_login(user)
        client.get(sent.get_absolute_url())
    assert sent.submissions.get().review_opened_at is None
    first = services.p1_review_open(form=sent, user=officer)
    second = services.p1_review_open(form=sent, user=officer)
    assert second.review_opened_at == first.review_opened_at


def test_withdrawing_is_the_groups_own_and_needs_a_sent_version(sent, staff, officer, other_staff):
    with pytest.raises(services.P1Error, match="ถอนคืนได้เฉพาะเจ้าหน้าที่หรือประธานของกลุ่มเขตนี้"):
        services.p1_form_withdraw(form=sent, user=other_staff)
    services.p1_form_accept(form=sent, user=officer)
    with pytest.raises(services.P1Error, match="แบบ P1 อยู่ในสถานะ “รับแล้ว” ไม่มีฉบับที่ถอนคืนได้"):
        services.p1_form_withdraw(form=sent, user=staff)


def test_the_department_reopens_an_accepted_form_with_a_reason(sent, staff, officer, cycle, group):
    services.p1_form_accept(form=sent, user=officer)
    with pytest.raises(services.P1Error, match="กรุณาระบุเหตุผลที่เปิดให้แก้ไข"):
        services.p1_form_reopen(form=sent, user=officer, comment=" ")
    with pytest.raises(services.P1Error, match="เฉพาะสำนักยุทธศาสตร์"):
        services.p1_form_reopen(form=sent, user=staff, comment="x")
    services.p1_form_reopen(form=sent, user=officer, comment="งบประมาณโครงการที่ 1 เกินกรอบ")
    sent.refresh_from_db()
    assert (sent.status, sent.is_editable) == (P1Status.RETURNED, True)
    last = sent.transitions.order_by("pk").last()
    assert (last.action, last.comment) == (P1Transition.Action.REOPEN, "งบประมาณโครงการที่ 1 เกินกรอบ")
    step = progress_get(cycle=cycle, group=group, kind=StepKind.P1)
    assert (step.status, step.note) == (
        ProgressStatus.RETURNED,
        "เปิดให้แก้ไขหลังรับแล้ว: งบประมาณโครงการที่ 1 เกินกรอบ",
    )


def test_withdraw_button_shows_until_opened_and_asks_first(client, sent, staff, officer, group):
    client.force_login(staff)
    withdraw = reverse("projects_p1:form_withdraw", kwargs={"fiscal_year": 2564, "code": group.code})
    assert withdraw in client.get(sent.get_absolute_url()).content.decode()
    assert "ถอนคืนแบบ P1 ที่ส่งแล้ว?" in client.post(withdraw).content.decode()  # asked first
    services.p1_review_open(form=sent, user=officer)
    page = client.get(sent.get_absolute_url()).content.decode()
    assert withdraw not in page and "เปิดพิจารณาแล้วเมื่อ" in page
