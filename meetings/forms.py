"""Forms of the meetings app: they check the shape of input; the rules live in meetings.services."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from bangkok_network.forms import BEDateField
from bangkok_network.models import District
from meetings.models import AGENDA_HEADINGS, MEETING_FIELDS, AttendanceStatus, AttendeeKind, KeyIssue, Meeting
from meetings.services import AgendaEntry, AttendanceEntry

TEXT_LIMIT = 5000  # per agenda text box: minutes are long, but not a pasted book


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingForm(forms.ModelForm):
    """A meeting's details and, per agenda item, what was said and resolved."""

    number = forms.IntegerField(
        label=_("ครั้งที่"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("เว้นว่างเพื่อให้ระบบใส่ครั้งถัดไป"),
    )
    year = forms.IntegerField(label=_("ปี (พ.ศ.)"), min_value=2500, max_value=2700)
    date = BEDateField(label=_("วันที่ประชุม"))
    start_time = forms.TimeField(label=_("เริ่มประชุมเวลา"), widget=TimeInput, input_formats=["%H:%M", "%H.%M"])
    end_time = forms.TimeField(
        label=_("เลิกประชุมเวลา"), widget=TimeInput, input_formats=["%H:%M", "%H.%M"], required=False
    )
    online_url = forms.URLField(
        label=_("ลิงก์ประชุมออนไลน์"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = MEETING_FIELDS

    def __init__(self, *args, agenda_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {item.number: item for item in agenda_items}
        for number in AGENDA_HEADINGS:
            item = current.get(number)
            prefix = f"agenda_{number}_"
            self.fields[prefix + "topic"] = forms.CharField(
                label=_("เรื่อง"), max_length=300, required=False, initial=item.topic if item else ""
            )
            self.fields[prefix + "discussion"] = forms.CharField(
                label=_("สาระสำคัญ"),
                max_length=TEXT_LIMIT,
                required=False,
                widget=forms.Textarea({"rows": 3}),
                initial=item.discussion if item else "",
            )
            self.fields[prefix + "resolution"] = forms.CharField(
                label=_("มติที่ประชุม"),
                max_length=TEXT_LIMIT,
                required=False,
                widget=forms.Textarea({"rows": 2}),
                initial=item.resolution if item else "",
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("เวลาเลิกประชุมต้องอยู่หลังเวลาเริ่มประชุม"))
        if not (data.get("venue") or "").strip() and not data.get("online_url"):
            self.add_error("venue", _("กรุณาระบุสถานที่ประชุม หรือลิงก์ประชุมออนไลน์"))
        return data

    def agenda_sections(self) -> list[tuple[int, str, list]]:
        """Return (number, heading, bound fields) per agenda item, for the template to lay out."""
        return [
            (
                number,
                heading,
                [self[f"agenda_{number}_{part}"] for part in ("topic", "discussion", "resolution")],
            )
            for number, heading in AGENDA_HEADINGS.items()
        ]

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def agenda_entries(self) -> list[AgendaEntry]:
        data = self.cleaned_data
        return [
            AgendaEntry(
                n, data[f"agenda_{n}_topic"], data[f"agenda_{n}_discussion"], data[f"agenda_{n}_resolution"]
            )
            for n in AGENDA_HEADINGS
        ]


NOT_RECORDED = ""
# The toggles' short labels: three large buttons side by side fit a 390 px phone.
TOGGLE_LABELS = {
    AttendanceStatus.PRESENT: _("มา"),
    AttendanceStatus.ABSENT: _("ไม่มา"),
    AttendanceStatus.LEAVE: _("ลา"),
}


class AttendanceRow:
    """One registry member's line of the attendance form: the toggles and the reason box."""

    def __init__(self, number, member, status, reason):
        self.number, self.member, self.status, self.reason = number, member, status, reason

    @property
    def toggles(self) -> list[tuple[str, str, str, bool]]:
        """Return (value, short label, input id, is checked) for each status."""
        current = self.status.value() or NOT_RECORDED
        return [
            (value, TOGGLE_LABELS[value], f"{self.status.auto_id}_{value}", current == value)
            for value in AttendanceStatus.values
        ]

    @property
    def current(self) -> str:
        return self.status.value() or NOT_RECORDED


class AttendanceForm(forms.Form):
    """One row per registry member: present, absent (with a reason), on leave, or not yet recorded.

    `ALL_PRESENT` is the name of the "มาประชุมทั้งหมด" button: without JavaScript it sends the form,
    and the page comes back with every member marked present, to mark the exceptions and save.
    """

    ALL_PRESENT = "all_present"

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.rows = []
        for number, (member, attendance) in enumerate(self.candidates, start=1):
            status = forms.ChoiceField(
                choices=AttendanceStatus.choices,
                required=False,
                initial=attendance.status if attendance else NOT_RECORDED,
                label=member.display_name,
            )
            reason = forms.CharField(
                max_length=300,
                required=False,
                label=_("เหตุที่ไม่มาประชุม"),
                initial=attendance.absence_reason if attendance else "",
            )
            self.fields[f"status_{member.pk}"] = status
            self.fields[f"reason_{member.pk}"] = reason
            self.rows.append(
                AttendanceRow(number, member, self[f"status_{member.pk}"], self[f"reason_{member.pk}"])
            )

    def all_present(self) -> AttendanceForm:
        """Return this form's input with every member marked present (reasons kept), to show again."""
        data = self.data.copy()
        for row in self.rows:
            data[row.status.html_name] = AttendanceStatus.PRESENT
        return AttendanceForm(data, candidates=self.candidates)

    def summary(self) -> dict[str, int]:
        """Return how many members are marked present, absent, on leave and not yet recorded."""
        current = [row.current for row in self.rows]
        return {
            "present": current.count(AttendanceStatus.PRESENT),
            "absent": current.count(AttendanceStatus.ABSENT),
            "leave": current.count(AttendanceStatus.LEAVE),
            "unrecorded": current.count(NOT_RECORDED),
            "total": len(current),
        }

    def clean(self):
        data = super().clean()
        for row in self.rows:
            pk = row.member.pk
            if (
                data.get(f"status_{pk}") == AttendanceStatus.ABSENT
                and not (data.get(f"reason_{pk}") or "").strip()
            ):
                self.add_error(f"reason_{pk}", _("กรุณาระบุเหตุที่ไม่มาประชุม"))
        return data

    def entries(self) -> list[AttendanceEntry]:
        data = self.cleaned_data
        return [
            AttendanceEntry(
                row.member.pk, data[f"status_{row.member.pk}"], data.get(f"reason_{row.member.pk}") or ""
            )
            for row in self.rows
            if data.get(f"status_{row.member.pk}")
        ]


class SignInForm(forms.Form):
    """The names on the sign-in sheet, in its order: tick those who signed."""

    signed = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["signed"].choices = [(member.pk, member.display_name) for member, _row in self.candidates]
        if not self.is_bound:
            self.initial["signed"] = [
                m.pk for m, row in self.candidates if row is not None and row.is_present
            ]

    def rows(self) -> list[tuple[int, object, bool]]:
        """Return (number on the sheet, member, is ticked) per name."""
        ticked = {str(pk) for pk in (self["signed"].value() or [])}
        return [
            (n, member, str(member.pk) in ticked) for n, (member, _row) in enumerate(self.candidates, start=1)
        ]


class GuestForm(forms.Form):
    name = forms.CharField(label=_("ชื่อ-สกุล"), max_length=200)
    position = forms.CharField(label=_("ตำแหน่ง/หน่วยงาน"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("ประเภท"),
        choices=[
            (AttendeeKind.GUEST.value, AttendeeKind.GUEST.label),
            (AttendeeKind.OFFICIAL.value, AttendeeKind.OFFICIAL.label),
        ],
    )


class KeyIssueForm(forms.ModelForm):
    districts = forms.ModelMultipleChoiceField(
        label=_("พื้นที่ (เขต)"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = KeyIssue
        fields = ["title", "problem", "affected", "districts", "dimension", "priority"]
        widgets = {"problem": forms.Textarea({"rows": 3}), "affected": forms.Textarea({"rows": 2})}

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if districts is not None:
            self.fields["districts"].queryset = districts
        for name in ("problem", "affected"):
            self.fields[name].validators.append(MaxLengthValidator(TEXT_LIMIT))

    def issue_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ScanUploadForm(forms.Form):
    scan = forms.FileField(label=_("ไฟล์รายงานการประชุมที่ลงนามแล้ว (PDF, JPEG หรือ PNG ไม่เกิน 10 MB)"))


class MinutesCertifyForm(forms.Form):
    """Agenda item 2: certify the previous minutes as written, or with the amendments made to them."""

    AS_WRITTEN, AMENDED = "as_written", "amended"

    outcome = forms.ChoiceField(
        label=_("ผลการรับรอง"),
        choices=[(AS_WRITTEN, _("รับรองโดยไม่มีการแก้ไข")), (AMENDED, _("รับรองโดยมีการแก้ไข"))],
        widget=forms.RadioSelect,
        initial=AS_WRITTEN,
    )
    amendments = forms.CharField(
        label=_("การแก้ไข"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
        help_text=_("เช่น หน้า ๒ บรรทัดที่ ๕ แก้ชื่อผู้มาประชุมจาก … เป็น …"),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.AMENDED and not (data.get("amendments") or "").strip():
            self.add_error("amendments", _("กรุณาระบุการแก้ไขรายงานการประชุม"))
        return data

    def certify_fields(self) -> dict:
        amended = self.cleaned_data["outcome"] == self.AMENDED
        return {"amendments": self.cleaned_data["amendments"] if amended else ""}
