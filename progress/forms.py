"""Forms of the progress app: they check the shape of input; rules live in progress.services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkok_network.forms import BEDateField
from progress.models import MONEY_MAX, PARTICIPANTS_MAX, AttachmentKind, RecipientKind

TEXT_MAX = 10_000


def _text(label, required: bool = False):
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class BahtField(forms.DecimalField):
    """A baht amount; accepts "12,500.50" as typed in Thai offices (a text box: number boxes refuse it)."""

    def widget_attrs(self, widget):
        return {"inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        return super().to_python(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); their types are checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    report_date = BEDateField(label=_("วันที่รายงาน"))
    percent = forms.IntegerField(
        label=_("ความคืบหน้า (ร้อยละ)"),
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("กรุณากรอกร้อยละเป็นตัวเลข ๐–๑๐๐"),
            "min_value": _("ร้อยละต้องไม่ต่ำกว่า ๐"),
            "max_value": _("ร้อยละต้องไม่เกิน ๑๐๐"),
        },
    )
    budget_spent = BahtField(
        widget=forms.TextInput,
        label=_("ใช้งบประมาณไปแล้ว (บาท)"),
        min_value=Decimal("0"),
        max_value=MONEY_MAX,
        max_digits=14,
        decimal_places=2,
        initial=Decimal("0"),
        error_messages={
            "invalid": _("กรุณากรอกจำนวนเงินเป็นตัวเลข เช่น 12500.50"),
            "max_value": _("จำนวนเงินสูงเกินไป"),
            "min_value": _("จำนวนเงินต้องไม่ติดลบ"),
            "max_digits": _("จำนวนเงินสูงเกินไป"),
            "max_decimal_places": _("ทศนิยมได้ไม่เกิน ๒ ตำแหน่ง"),
        },
    )
    activities = _text(_("กิจกรรมที่ดำเนินการแล้ว"), required=True)
    outputs = _text(_("ผลผลิต"))
    outcomes = _text(_("ผลลัพธ์"))
    participants = forms.IntegerField(
        label=_("จำนวนผู้เข้าร่วม (คน)"),
        min_value=0,
        max_value=PARTICIPANTS_MAX,
        initial=0,
        error_messages={"invalid": _("กรุณากรอกจำนวนคนเป็นตัวเลข"), "max_value": _("จำนวนคนสูงเกินไป")},
    )
    problems = _text(_("ปัญหาและอุปสรรค"))
    next_steps = _text(_("ขั้นตอนต่อไป"))
    photos = MultipleFileField(
        label=_("ภาพถ่ายกิจกรรม (เลือกได้หลายภาพ: JPEG, PNG, WEBP, HEIC ไม่เกินภาพละ ๘ MB)"), required=False
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์"), error_messages={"required": _("กรุณาเลือกไฟล์")})
    kind = forms.ChoiceField(label=_("ประเภท"), choices=AttachmentKind.choices, initial=AttachmentKind.PHOTO)
    caption = forms.CharField(label=_("คำบรรยาย"), max_length=300, required=False)


class ExecutiveReportForm(forms.Form):
    recipient_kind = forms.ChoiceField(label=_("รายงานต่อ"), choices=RecipientKind.choices)
    recipient = forms.CharField(label=_("ชื่อ/ตำแหน่งผู้รับรายงาน"), max_length=300)
    reported_on = BEDateField(label=_("วันที่รายงาน"))
    summary = _text(_("สรุปสาระที่รายงาน"))
    file = forms.FileField(label=_("สำเนารายงาน (PDF, รูปภาพ, Word หรือ Excel)"), required=False)
