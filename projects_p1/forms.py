"""Forms of form P1: they check the shape of what was typed; the rules live in projects_p1.services.

The editor is one page: the header (key issue, approach), a formset of projects and, inside each
project, a formset of its work steps. Rows are added in the browser from each formset's
empty_form (static/js/p1_form.js); the steps' placeholder is __step__ so it survives the
project's __prefix__ being replaced.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from bangkok_network.forms import BE_DATE_HINT, BEDateField, ConfirmedChoices, ReviewDecision, ReviewFormMixin
from bangkok_network.thai import arabic_digit_text
from projects_p1.models import BUDGET_MAX, PROJECT_FIELDS, TARGET_MAX, Benefit, P1Form
from projects_p1.selectors import OverviewState

_HTML_TAG = re.compile(r"<\s*[a-zA-Z!/?]")


def no_html(value: str) -> None:
    """Refuse markup: the P1 is printed as an official document, never as HTML someone typed."""
    if value and _HTML_TAG.search(value):
        raise ValidationError(
            _("ช่องนี้รับเฉพาะข้อความ ไม่รับโค้ด HTML (เช่น <b> หรือ <script>) กรุณาลบเครื่องหมาย < ออก"),
            code="html",
        )


class TextField(forms.CharField):
    default_validators = [no_html]


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AmountField(forms.DecimalField):
    """A number typed with or without thousands separators, in Arabic or Thai digits."""

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digit_text(value).replace(",", "").replace(" ", "").replace("บาท", "")
        return super().to_python(value)


BUDGET_ERRORS = {
    "invalid": _("กรุณากรอกงบประมาณเป็นตัวเลข เช่น 150000 หรือ 150,000.50"),
    "min_value": _("งบประมาณต้องไม่ติดลบ"),
    "max_value": _("งบประมาณต้องไม่เกิน 1,000,000,000.00 บาท"),
    "max_digits": _("งบประมาณต้องไม่เกิน 1,000,000,000.00 บาท"),
    "max_whole_digits": _("งบประมาณต้องไม่เกิน 1,000,000,000.00 บาท"),
    "max_decimal_places": _("งบประมาณมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"),
}
TARGET_ERRORS = {
    "invalid": _("กรุณากรอกเป้าหมายเป็นตัวเลข เช่น 200"),
    "min_value": _("เป้าหมาย (จำนวน) ต้องไม่ติดลบ"),
    "max_value": _("เป้าหมาย (จำนวน) มากเกินไป"),
    "max_digits": _("เป้าหมาย (จำนวน) มากเกินไป"),
    "max_whole_digits": _("เป้าหมาย (จำนวน) มากเกินไป"),
    "max_decimal_places": _("เป้าหมาย (จำนวน) มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
}


class BootstrapMixin:
    """Give widgets Bootstrap's classes and mark the invalid ones (templates stay free of logic)."""

    CLASSES = {
        "select": "form-select",
        "checkboxselectmultiple": "form-check-input",
        "checkbox": "form-check-input",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kind = type(field.widget).__name__.lower().removesuffix("input")
            field.widget.attrs.setdefault("class", self.CLASSES.get(kind, "form-control"))

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class P1HeaderForm(BootstrapMixin, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    key_issue = forms.TypedChoiceField(
        label=_("ประเด็นสำคัญ"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("ประเด็นสำคัญที่เลือกไม่ใช่ของกลุ่มเขตนี้ในรอบนี้ กรุณาเลือกใหม่")},
        help_text=_("เลือกจากประเด็นสำคัญที่การประชุมเครือข่ายของกลุ่มกำหนดไว้"),
    )
    approach = TextField(label=_("แนวทางการแก้ไข"), required=False, max_length=5000, widget=_textarea(3))

    def __init__(self, *args, key_issue_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_issue"].choices = [("", _("— เลือกประเด็นสำคัญ —")), *key_issue_choices]


class ProjectForm(BootstrapMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = TextField(label=_("ชื่อโครงการ/กิจกรรม"), max_length=300, required=False)
    objective = TextField(label=_("วัตถุประสงค์"), required=False, max_length=5000, widget=_textarea())
    target_quantity = AmountField(
        label=_("เป้าหมาย (จำนวน)"),
        help_text=_("ตัวเลขเท่านั้น เช่น 100 (หน่วยนับกรอกในช่องถัดไป)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=TARGET_MAX,
        error_messages=TARGET_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    target_unit = TextField(label=_("หน่วยนับ"), max_length=50, required=False)
    target_description = TextField(
        label=_("รายละเอียดเป้าหมาย"), required=False, max_length=5000, widget=_textarea()
    )
    budget = AmountField(
        label=_("งบประมาณ (บาท)"),
        help_text=_("ตัวเลขบาท ใส่จุลภาคหรือสตางค์ได้ เช่น 150,000 หรือ 50000.50 (ไม่ต้องพิมพ์คำว่า บาท)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=BUDGET_MAX,
        error_messages=BUDGET_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    funding_source = TextField(label=_("แหล่งงบประมาณ"), max_length=200, required=False)
    start_date = BEDateField(label=_("วันเริ่มดำเนินงาน"), required=False, help_text=BE_DATE_HINT)
    end_date = BEDateField(label=_("วันสิ้นสุด"), required=False, help_text=BE_DATE_HINT)
    plan_dimensions = forms.TypedMultipleChoiceField(
        label=_("ความสอดคล้องกับแผนพัฒนากรุงเทพมหานคร ระยะ 20 ปี"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("ไม่มีด้านที่เลือกในแผนพัฒนากรุงเทพมหานคร กรุณาเลือกใหม่")},
        widget=forms.CheckboxSelectMultiple,
    )
    alignment_note = TextField(
        label=_("ความสอดคล้องกับแผนระดับ กทม. (อธิบายเพิ่มเติม)"),
        required=False,
        max_length=5000,
        widget=_textarea(),
    )
    benefit = forms.ChoiceField(
        label=_("ประโยชน์ต่อประชาชนในพื้นที่"),
        required=False,
        choices=[("", "—"), *Benefit.choices],
        error_messages={"invalid_choice": _("กรุณาเลือกประโยชน์ด้านกายภาพ เศรษฐกิจ หรือสังคม")},
    )
    benefit_note = TextField(label=_("รายละเอียดประโยชน์"), required=False, max_length=5000, widget=_textarea())

    def __init__(self, *args, dimension_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_dimensions"].choices = list(dimension_choices)


class StepForm(BootstrapMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = TextField(label=_("ขั้นตอนการปฏิบัติงาน"), max_length=300, required=False)
    start_date = BEDateField(label=_("วันเริ่ม"), required=False)
    end_date = BEDateField(label=_("วันสิ้นสุด"), required=False)


class BaseStepFormSet(forms.BaseFormSet):
    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__step__"),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.form_renderer,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        return form


ProjectFormSet = formset_factory(ProjectForm, extra=0, can_delete=True, can_delete_extra=True)
StepFormSet = formset_factory(
    StepForm, formset=BaseStepFormSet, extra=0, can_delete=True, can_delete_extra=True
)


def _is_kept(form: forms.Form) -> bool:
    """Keep a row unless it is marked deleted or is a new row left blank."""
    data = form.cleaned_data
    return not data.get("DELETE") and bool(data.get("id") or form.has_changed())


def _values(form: forms.Form) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}


class P1Editor:
    """The whole P1 page: header form, project formset, and one step formset per project."""

    def __init__(self, *, data=None, form: P1Form | None, key_issue_choices, dimension_choices):
        initial_header, initial_projects, initial_steps = self._initial(form)
        self.header = P1HeaderForm(data, initial=initial_header, key_issue_choices=key_issue_choices)
        self.projects = ProjectFormSet(
            data,
            initial=initial_projects,
            prefix="projects",
            form_kwargs={"dimension_choices": dimension_choices},
        )
        self.steps = [
            StepFormSet(
                data, initial=initial_steps[i] if i < len(initial_steps) else [], prefix=f"{f.prefix}-steps"
            )
            for i, f in enumerate(self.projects.forms)
        ]
        self.empty_steps = StepFormSet(prefix=f"{self.projects.empty_form.prefix}-steps")

    @staticmethod
    def _initial(form: P1Form | None):
        if form is None:
            return {"lock_version": 0}, [], []
        header = {
            "lock_version": form.lock_version,
            "key_issue": form.key_issue_id,
            "approach": form.approach,
        }
        projects, steps = [], []
        for project in form.projects.all():
            projects.append(
                {
                    "id": project.pk,
                    **{name: getattr(project, name) for name in PROJECT_FIELDS},
                    "plan_dimensions": [d.pk for d in project.plan_dimensions.all()],
                }
            )
            steps.append(
                [
                    {"id": s.pk, "title": s.title, "start_date": s.start_date, "end_date": s.end_date}
                    for s in project.steps.all()
                ]
            )
        return header, projects, steps

    @property
    def cards(self):
        """Pair each project form with its steps formset, for the template."""
        return list(zip(self.projects.forms, self.steps, strict=True))

    def is_valid(self) -> bool:
        results = [self.header.is_valid(), self.projects.is_valid(), *(s.is_valid() for s in self.steps)]
        return all(results)

    @property
    def error_count(self) -> int:
        return (
            len(self.header.errors)
            + self.projects.total_error_count()
            + sum(s.total_error_count() for s in self.steps)
        )

    def service_kwargs(self) -> dict[str, Any]:
        """Return what p1_form_save takes: the header and the kept projects with their kept steps."""
        projects = []
        for project_form, steps in self.cards:
            kept_steps = [_values(f) for f in steps.forms if _is_kept(f)]
            if project_form.cleaned_data.get("DELETE"):
                continue
            if _is_kept(project_form) or kept_steps:
                projects.append({**_values(project_form), "steps": kept_steps})
        return {
            "lock_version": self.header.cleaned_data["lock_version"],
            "key_issue_id": self.header.cleaned_data.get("key_issue"),
            "approach": self.header.cleaned_data.get("approach", ""),
            "projects": projects,
        }

    def take_lock_version(self, lock_version: int) -> None:
        """After a conflict, let the user's next save overwrite: the input stays as typed."""
        data = self.header.data.copy()
        data["lock_version"] = str(lock_version)
        self.header.data = data


P1_REVIEW_CONFIRMS = {
    ReviewDecision.ACCEPT.value: _(
        "รับแบบ P1 ฉบับนี้? แบบจะถูกล็อก กลุ่มเขตแก้ไขไม่ได้ (สำนักฯ เปิดให้แก้ได้ภายหลังพร้อมเหตุผล)"
    ),
    ReviewDecision.RETURN.value: _(
        "ส่งแบบ P1 ฉบับนี้กลับให้กลุ่มเขตแก้ไข พร้อมความเห็นที่กรอก? กลุ่มเขตจะเห็นเหตุผลที่ด้านบนของหน้าแบบ P1"
    ),
}


class P1ReviewForm(ReviewFormMixin, forms.Form):
    reason_field = "comment"
    reason_required = _("กรุณาระบุความเห็นหรือสิ่งที่ต้องแก้ไขเมื่อส่งกลับ")

    decision = forms.ChoiceField(
        label=_("ผลการพิจารณา"),
        choices=[(ReviewDecision.ACCEPT, _("รับแบบ P1")), (ReviewDecision.RETURN, _("ส่งกลับให้แก้ไข"))],
        widget=ConfirmedChoices(P1_REVIEW_CONFIRMS),
    )
    comment = TextField(
        label=_("ความเห็น"),
        required=False,
        max_length=5000,
        widget=_textarea(3),
        help_text=_("จำเป็นเมื่อส่งกลับให้แก้ไข"),
    )


class OverviewFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("แสดง"),
        required=False,
        choices=[("", _("ทุกกลุ่ม")), *OverviewState.choices],
    )
