"""The one error path: PortalError and NotFound, the view mixin, the middleware."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views import View
from django.views.generic import FormView

from bangkok_network.demo import DemoError
from bangkok_network.errors import NotFound, NotFoundMiddleware, PortalError, PortalErrorMixin
from bangkok_network.services import ProgrammeError
from meetings.services import MeetingError
from progress.services import ProgressError
from projects_p1.services import P1ConflictError, P1Error
from registry.services import RegistryError
from reports.exporters import ExportError
from reports.services import ReportError

# --- the errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ProgrammeError,
        RegistryError,
        MeetingError,
        P1Error,
        P1ConflictError,
        ProgressError,
        ReportError,
        ExportError,
        DemoError,
        NotFound,
    ],
)
def test_every_domain_error_is_a_portal_error(error):
    assert issubclass(error, PortalError)


def test_a_portal_error_keeps_each_message_and_reads_as_all_of_them():
    exc = PortalError("วันที่ไม่ถูกต้อง", "", "ส่งไม่ได้", field="date")

    assert exc.messages == ["วันที่ไม่ถูกต้อง", "ส่งไม่ได้"]
    assert str(exc) == "วันที่ไม่ถูกต้อง ส่งไม่ได้"
    assert exc.field == "date"


def test_p1_conflict_keeps_its_lock_version_and_message():
    exc = P1ConflictError("มีผู้อื่นบันทึกแล้ว", lock_version=7)

    assert (exc.messages, exc.lock_version, exc.field) == (["มีผู้อื่นบันทึกแล้ว"], 7, None)


def test_from_validation_names_the_field_when_only_one_is_wrong():
    exc = MeetingError.from_validation(ValidationError({"venue": ["กรุณาระบุสถานที่", "สั้นเกินไป"]}))

    assert type(exc) is MeetingError
    assert exc.messages == ["กรุณาระบุสถานที่", "สั้นเกินไป"]
    assert exc.field == "venue"


def test_from_validation_names_no_field_when_several_or_none_are_wrong():
    several = RegistryError.from_validation(ValidationError({"phone": ["เบอร์ผิด"], "email": ["อีเมลผิด"]}))
    whole = RegistryError.from_validation(ValidationError({"__all__": ["ซ้ำกับที่มีอยู่"]}))
    plain = RegistryError.from_validation(ValidationError(["ผิดหนึ่ง", "ผิดสอง"]))

    assert (several.field, several.messages) == (None, ["เบอร์ผิด", "อีเมลผิด"])
    assert (whole.field, whole.messages) == (None, ["ซ้ำกับที่มีอยู่"])
    assert (plain.field, str(plain)) == (None, "ผิดหนึ่ง ผิดสอง")


# --- the view mixin ------------------------------------------------------------------------------


class NameForm(forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False)


class RefusingFormView(PortalErrorMixin, FormView):
    form_class = NameForm
    refusal: PortalError

    def form_valid(self, form):
        raise self.refusal

    def form_invalid(self, form):
        self.invalid_form = form
        return HttpResponse("invalid", status=200)


class RefusingActionView(PortalErrorMixin, View):
    refusal: PortalError
    error_url = "/back/"

    def post(self, request):
        raise self.refusal


def _post(view_class, data=None, **attributes):
    request = RequestFactory().post("/anywhere/", data or {})
    request._messages = CookieStorage(request)
    view = view_class(**attributes)
    view.setup(request)
    return view, view.dispatch(request), request


def test_a_refusal_naming_a_field_of_the_form_is_shown_beside_it():
    view, response, _ = _post(
        RefusingFormView, {"name": "สมชาย"}, refusal=RegistryError("ชื่อซ้ำ", field="name")
    )

    assert response.status_code == 200
    assert view.invalid_form.errors == {"name": ["ชื่อซ้ำ"]}


def test_a_refusal_naming_no_field_of_the_form_is_shown_on_top_of_it():
    view, response, _ = _post(
        RefusingFormView, {"name": "สมชาย"}, refusal=MeetingError("หนึ่ง", "สอง", field="agenda")
    )

    assert view.invalid_form.non_field_errors() == ["หนึ่ง", "สอง"]
    assert "name" not in view.invalid_form.errors


def test_the_view_can_say_which_field_a_refusal_belongs_to():
    view, _, _ = _post(
        RefusingFormView, {"name": "สมชาย"}, refusal=RegistryError("ไฟล์เสีย"), error_field="note"
    )

    assert view.invalid_form.errors == {"note": ["ไฟล์เสีย"]}


def test_a_refusal_without_a_form_is_a_message_and_a_redirect_back():
    _, response, request = _post(RefusingActionView, refusal=P1Error("ยังส่งไม่ได้", "ไม่มีโครงการ"))

    assert (response.status_code, response.url) == (302, "/back/")
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("error", "ยังส่งไม่ได้"),
        ("error", "ไม่มีโครงการ"),
    ]


def test_a_refusal_in_a_view_with_nowhere_to_send_the_user_back_answers_404():
    class Download(RefusingActionView):
        error_url = None

    with pytest.raises(Http404, match="ไม่มีรูปแบบนี้"):
        _post(Download, refusal=ExportError("ไม่มีรูปแบบนี้"))


def test_not_found_passes_the_mixin_and_the_middleware_answers_404():
    with pytest.raises(NotFound):
        _post(RefusingActionView, refusal=NotFound("ไม่พบการประชุม"))

    middleware = NotFoundMiddleware(lambda request: HttpResponse())
    with pytest.raises(Http404, match="ไม่พบการประชุม"):
        middleware.process_exception(RequestFactory().get("/"), NotFound("ไม่พบการประชุม"))
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None


# --- through real views --------------------------------------------------------------------------


def test_a_selector_not_found_is_a_404_page(client, officer):
    client.force_login(officer)

    assert client.get("/cycles/2599/").status_code == 404


def test_not_found_raised_before_the_views_mixins_is_a_404_too(client, make_user, group, other_group):
    # ExecutiveReportCreateView loads the group in its own dispatch(), before RoleRequiredMixin runs.
    client.force_login(make_user("group_staff", group=group))

    assert client.get(f"/progress/2564/{group.code}/executive/new/").status_code == 200
    assert client.get(f"/progress/2564/{other_group.code}/executive/new/").status_code == 404


def test_a_refused_service_call_shows_its_message_beside_the_form_field(client, officer, cycle):
    client.force_login(officer)

    response = client.post("/cycles/2564/copy/", {"fiscal_year": "2564"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"fiscal_year": ["มีรอบปีงบประมาณ 2564 อยู่แล้ว"]}
