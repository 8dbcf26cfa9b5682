"""Asked once before handing work on or freezing it: the same words in the browser's dialog and,
without JavaScript, on a page of the server's own; nothing happens until the answer is yes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkok_network import services
from bangkok_network.models import ProgressStatus, StepKind, StepProgress
from bangkok_network.selectors import progress_get
from bangkok_network.templatetags.portal import confirm_for
from meetings.models import MeetingStatus
from projects_p1.models import P1Form, P1Status
from projects_p1.services import p1_form_submit
from tests.meetings.factories import MeetingFactory
from tests.projects_p1.factories import complete_form
from tests.registry.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _registry_url(cycle, group):
    return reverse("registry:registry_submit", kwargs={"fiscal_year": cycle.fiscal_year, "code": group.code})


def test_registry_submit_without_the_answer_asks_on_a_page_and_sends_nothing(client, staff, cycle, group):
    MemberFactory(cycle=cycle, group=group)
    client.force_login(staff)
    url = _registry_url(cycle, group)
    page = client.post(url).content.decode()
    assert "ถอนคืนได้จนกว่าสำนักฯ จะเปิดพิจารณา" in page and "data-confirm-page" in page
    assert 'name="confirmed" value="1"' in page and f'action="{url}"' in page
    # The way back is the page the button was on.
    assert reverse("registry:member_list", kwargs={"fiscal_year": 2564, "code": group.code}) in page
    assert progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY).status == ProgressStatus.NOT_STARTED
    client.post(url, {"confirmed": "1"})
    assert progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY).status == ProgressStatus.SUBMITTED


def test_finalise_asks_first_and_the_button_carries_the_same_words(client, staff, cycle, group):
    meeting = MeetingFactory(cycle=cycle, group=group)
    client.force_login(staff)
    action = reverse("meetings:meeting_finalise", kwargs={"pk": meeting.pk})
    detail = client.get(meeting.get_absolute_url()).content.decode()
    words = confirm_for(action)
    assert words.startswith("ยืนยันรายงานการประชุมนี้?")
    assert f'data-confirm="{words}"' in detail
    assert words in client.post(action).content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


def test_p1_editor_save_and_send_without_the_answer_saves_the_draft_then_asks(client, staff, cycle, group):
    form = complete_form(cycle=cycle, group=group, user=staff)
    client.force_login(staff)
    detail = client.get(form.get_absolute_url()).content.decode()
    submit = reverse("projects_p1:form_submit", kwargs={"fiscal_year": 2564, "code": group.code})
    assert f'data-confirm="{confirm_for(submit)}"' in detail
    page = client.post(submit).content.decode()
    assert "ส่งแบบ P1 ถึงสำนักยุทธศาสตร์และประเมินผล?" in page
    assert P1Form.objects.get(pk=form.pk).status == P1Status.DRAFT
    client.post(submit, {"confirmed": "1"})
    assert P1Form.objects.get(pk=form.pk).status == P1Status.SUBMITTED


def test_p1_review_asks_with_the_words_of_the_chosen_decision(client, staff, officer, cycle, group):
    form = complete_form(cycle=cycle, group=group, user=staff)
    p1_form_submit(form=form, user=staff)
    client.force_login(officer)
    url = reverse("projects_p1:form_review", kwargs={"fiscal_year": 2564, "code": group.code})
    page = client.post(url, {"decision": "accept", "comment": ""}).content.decode()
    assert "รับแบบ P1 ฉบับนี้?" in page and 'name="decision" value="accept"' in page
    assert P1Form.objects.get(pk=form.pk).status == P1Status.SUBMITTED
    client.post(url, {"decision": "accept", "comment": "", "confirmed": "1"})
    assert P1Form.objects.get(pk=form.pk).status == P1Status.ACCEPTED


def test_p1_page_selects_no_decision_and_each_choice_says_what_it_does(client, staff, officer, cycle, group):
    form = complete_form(cycle=cycle, group=group, user=staff)
    p1_form_submit(form=form, user=staff)
    client.force_login(officer)
    page = client.get(form.get_absolute_url()).content.decode()
    assert (
        'name="decision"' in page and "checked" not in page.split('id="review-title"')[1].split("</form>")[0]
    )
    assert page.count("data-confirm-choice=") == 2


def test_step_review_shows_what_was_sent_and_selects_nothing(client, staff, officer, cycle, group):
    MemberFactory(cycle=cycle, group=group)
    progress = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.REGISTRY, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(officer)
    page = client.get(reverse("progress_review", kwargs={"pk": progress.pk})).content.decode()
    summary = page.split("data-review-summary")[1].split("</section>")[0]
    assert "สมาชิกในทะเบียน" in summary and "1 ราย ที่ปฏิบัติงานอยู่" in summary
    assert reverse("registry:member_list", kwargs={"fiscal_year": 2564, "code": group.code}) in summary
    assert 'type="radio"' in page and " checked" not in page
    # Choosing nothing is refused, not read as "accept".
    client.post(reverse("progress_review", kwargs={"pk": progress.pk}), {"note": "", "confirmed": "1"})
    assert StepProgress.objects.get(pk=progress.pk).status == ProgressStatus.SUBMITTED


def test_step_review_return_without_a_reason_is_refused_before_asking(client, staff, officer, cycle, group):
    progress = services.progress_set(
        cycle=cycle, group=group, kind=StepKind.MEETINGS, status=ProgressStatus.SUBMITTED, user=staff
    )
    client.force_login(officer)
    page = client.post(reverse("progress_review", kwargs={"pk": progress.pk}), {"decision": "return"})
    assert "กรุณาระบุเหตุผลที่ส่งกลับแก้ไข" in page.content.decode()
    assert "data-confirm-page" not in page.content.decode()


def test_return_reason_is_at_the_top_of_the_group_page_and_the_p1_page(client, staff, officer, cycle, group):
    from projects_p1.services import p1_form_return

    form = complete_form(cycle=cycle, group=group, user=staff)
    p1_form_submit(form=form, user=staff)
    p1_form_return(form=form, user=officer, comment="ขอแยกงบประมาณรายกิจกรรม")
    client.force_login(staff)
    pages = {
        reverse("group_detail", kwargs={"code": group.code}): "กำหนดส่งถัดไป",
        form.get_absolute_url(): "แก้ไขแบบ P1",
    }
    for url, first_thing in pages.items():
        main = client.get(url).content.decode().split("<main")[1]
        reason = main.index("data-return-reason")
        assert "ขอแยกงบประมาณรายกิจกรรม" in main[reason : reason + 1500]
        assert reason < main.index(first_thing)  # above the page's own content, on a phone too
