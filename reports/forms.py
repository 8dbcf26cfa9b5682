"""Forms of the reports app: they check the shape of input; rules live in reports.services."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from bangkok_network.forms import BEDateField, ConfirmedChoices, ReviewDecision, ReviewFormMixin
from reports.models import SCORE_FIELDS, Assessment, BuildFormat

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
TEXT_MAX = 5000


class BuildForm(forms.Form):
    """Build a document; a sent memo's number and date come with it (package, evaluation)."""

    format = forms.ChoiceField(label=_("รูปแบบ"), choices=BuildFormat.choices)
    document_number = forms.CharField(
        label=_("ที่ (เลขที่หนังสือ)"),
        max_length=50,
        required=False,
        help_text=_("เช่น กท ๐๕๐๒/๑๒๓ เว้นว่างไว้ได้ถ้ายังไม่ได้ออกเลข"),
    )
    document_date = BEDateField(
        label=_("ลงวันที่"), required=False, help_text=_("ว่างไว้ = วันครบกำหนดของขั้นตอนในปฏิทิน")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_date"].widget.attrs.update(
            {"class": "form-control", "aria-describedby": "date-help"}
        )


class PackageSubmitForm(forms.Form):
    build = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


PACKAGE_REVIEW_CONFIRMS = {
    ReviewDecision.ACCEPT.value: _(
        "รับชุดเอกสารของกลุ่มเขตนี้? ขั้นตอนที่ ๕ จะเป็น “รับแล้ว” (ถ้ายังขาดส่วนที่ต้องมี ระบบจะบันทึกเหตุผลกรณียกเว้นไว้ในประวัติ)"
    ),
    ReviewDecision.RETURN.value: _(
        "ส่งชุดเอกสารกลับให้กลุ่มเขตแก้ไข พร้อมความเห็นที่กรอก? กลุ่มเขตจะเห็นเหตุผลที่ด้านบนของหน้ากลุ่ม"
    ),
}


class PackageReviewForm(ReviewFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("ผลการพิจารณา"),
        choices=[(ReviewDecision.ACCEPT, _("รับชุดเอกสาร")), (ReviewDecision.RETURN, _("ส่งกลับให้แก้ไข"))],
        widget=ConfirmedChoices(PACKAGE_REVIEW_CONFIRMS),
    )
    note = forms.CharField(
        label=_("ความเห็น"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("จำเป็นเมื่อส่งกลับแก้ไข"),
    )
    exception_reason = forms.CharField(
        label=_("เหตุผลที่รับเป็นกรณียกเว้น"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("จำเป็นเมื่อรับชุดเอกสารที่ยังขาดส่วนที่ต้องมีตามหนังสือสั่งการ"),
    )


class AssessmentForm(forms.ModelForm):
    """Scores 1–5 per criterion and the department's comments on one group."""

    class Meta:
        model = Assessment
        fields = [*SCORE_FIELDS, "strengths", "improvements", "comments"]
        widgets = {
            **{
                name: forms.RadioSelect(choices=SCORE_CHOICES, attrs={"class": "form-check-input"})
                for name in SCORE_FIELDS
            },
            "strengths": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
            "improvements": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
            "comments": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SCORE_FIELDS:
            field = self.fields[name]
            field.widget.choices = SCORE_CHOICES
            field.error_messages["required"] = _("กรุณาให้คะแนน ๑–๕")
            field.error_messages["invalid"] = _("คะแนนต้องเป็นตัวเลข ๑–๕")
        for name in ("strengths", "improvements", "comments"):
            self.fields[name].validators.append(MaxLengthValidator(TEXT_MAX))
