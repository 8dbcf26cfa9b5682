"""Forms of the programme core: they check the shape of input; rules live in services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from bangkok_network.models import CalendarStep, Cycle, be_year
from bangkok_network.thai import ThaiDateError, be_date, parse_be_date, parse_be_year


class BEDateInput(forms.TextInput):
    """A text box for a date with a Buddhist-Era year, shown as 13/03/2564."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "วว/ดด/ปปปป (พ.ศ.)", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if hasattr(value, "year"):
            return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"
        return value


# The hint beside a date people type: the year is Buddhist Era (a CE year is refused).
BE_DATE_HINT = _("วัน/เดือน/ปี พ.ศ. เช่น 17/05/2564")


class BEDateField(forms.DateField):
    """A date typed with a BE year (13/03/2564, 13 มี.ค. 2564, ๑๓/๐๓/๒๕๖๔); a CE year is refused."""

    widget = BEDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_be_date(str(value))
        except ThaiDateError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class BEYearField(forms.Field):
    """A Buddhist-Era year typed in Thai or Arabic digits; a Christian-Era year is refused."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_be_year(value)
        except ThaiDateError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class CycleCopyForm(forms.Form):
    fiscal_year = BEYearField(label=_("ปีงบประมาณใหม่ (พ.ศ.)"))


class RegroupForm(forms.Form):
    """One choice of group per district of the cycle (the regrouping between years)."""

    def __init__(self, *args, assignments, groups, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(group.pk, group.full_name) for group in groups]
        self.rows = []
        for assignment in assignments:
            name = f"district_{assignment.district_id}"
            self.fields[name] = forms.TypedChoiceField(
                label=str(assignment.district), choices=choices, coerce=int, initial=assignment.group_id
            )
            self.rows.append((assignment, name))

    def groups_by_district(self) -> dict[int, int]:
        return {assignment.district_id: self.cleaned_data[name] for assignment, name in self.rows}

    def bound_rows(self):
        """Return (assignment, bound field) for the template, in the order of the districts."""
        return [(assignment, self[name]) for assignment, name in self.rows]


class CycleMemoForm(forms.ModelForm):
    memo_date = BEDateField(label=_("วันที่หนังสือ"), required=False)

    class Meta:
        model = Cycle
        fields = [
            "title",
            "memo_number",
            "memo_date",
            "signer_name",
            "signer_title",
            "department",
            "division",
            "phone",
            "reminder_days_before",
            "use_thai_digits",
        ]


class CalendarStepForm(forms.ModelForm):
    start_date = BEDateField(label=_("วันเริ่ม"))
    due_date = BEDateField(label=_("วันครบกำหนด"))

    class Meta:
        model = CalendarStep
        fields = [
            "title",
            "description",
            "period_label",
            "start_date",
            "due_date",
            "deliverable",
            "responsible",
        ]

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", f"วันครบกำหนดต้องไม่อยู่ก่อนวันเริ่ม ({be_date(start)})")
        return data

    def _post_clean(self):
        # Model validation runs in the service, which reports it in Thai as a whole.
        pass


class ReviewDecision(models.TextChoices):
    """What the department decides on something a group sent (each review form words its own choices)."""

    ACCEPT = "accept", _("รับ")
    RETURN = "return", _("ส่งกลับแก้ไข")


class ConfirmedChoices(forms.RadioSelect):
    """Radio choices that each say (``data-confirm-choice``) what choosing them will do.

    The form's button asks with the words of the checked choice (static/js/portal.js); nothing is
    checked until the reviewer chooses, so no decision is made by default.
    """

    def __init__(self, confirms: dict, attrs=None):
        super().__init__(attrs)
        self.confirms = confirms

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if text := self.confirms.get(str(value)):
            option["attrs"]["data-confirm-choice"] = str(text)
        return option


class ReviewFormMixin:
    """A review form: the reviewer's choice of ``decision`` and what that choice will do.

    Returning needs a reason (``reason_field``): the form says so before anything is confirmed
    (the services refuse it as well).
    """

    reason_field = "note"
    reason_required = _("กรุณาระบุเหตุผลที่ส่งกลับแก้ไข")

    def clean(self):
        data = super().clean()
        if data.get("decision") == ReviewDecision.RETURN and not (data.get(self.reason_field) or "").strip():
            self.add_error(self.reason_field, self.reason_required)
        return data

    def confirm_message(self) -> str:
        """Return the consequence of the decision the form holds (a valid form's)."""
        return str(self.fields["decision"].widget.confirms.get(self.cleaned_data["decision"], ""))


STEP_REVIEW_CONFIRMS = {
    ReviewDecision.ACCEPT.value: _("รับงานขั้นตอนนี้ของกลุ่มเขต? สถานะจะเป็น “รับแล้ว” และกลุ่มเขตจะถอนคืนไม่ได้อีก"),
    ReviewDecision.RETURN.value: _(
        "ส่งงานขั้นตอนนี้กลับให้กลุ่มเขตแก้ไข พร้อมความเห็นที่กรอก? กลุ่มเขตจะเห็นเหตุผลที่ด้านบนของหน้ากลุ่ม"
    ),
}


class ProgressReviewForm(ReviewFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("ผลการพิจารณา"), choices=ReviewDecision.choices, widget=ConfirmedChoices(STEP_REVIEW_CONFIRMS)
    )
    note = forms.CharField(
        label=_("ความเห็น"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("จำเป็นเมื่อส่งกลับแก้ไข"),
    )


class NewPasswordForm(SetPasswordForm):
    """Django's set-password form, saying in Thai what AUTH_PASSWORD_VALIDATORS ask of a password
    (Django's own help list is not translated into Thai)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "อย่างน้อย 8 ตัวอักษร ไม่ใช่ตัวเลขล้วน ไม่คล้ายชื่อผู้ใช้หรืออีเมล และไม่ใช่รหัสผ่านที่ใช้กันทั่วไป"
        )
        self.fields["new_password2"].help_text = _("พิมพ์รหัสผ่านใหม่อีกครั้ง")
