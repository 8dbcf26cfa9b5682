"""Forms of the registry: they check the shape of input; the rules live in registry.services."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from bangkok_network.forms import BE_DATE_HINT, BEDateField, BEYearField
from registry import columns, importing
from registry.models import ImportMode, Member, MemberKind

ACCEPTED_FILES = ".xlsx,.xls,.csv"


class CommunityImportForm(forms.Form):
    district = forms.ModelChoiceField(label=_("เขต"), queryset=None, empty_label=_("— เลือกเขต —"))
    fiscal_year = BEYearField(
        label=_("ปีงบประมาณของทะเบียน (พ.ศ.)"),
        help_text=_("ทะเบียนบัญชีประชาคมเขตของปีงบประมาณใด ใช้เลือกสมาชิกในรอบปีงบประมาณถัดไป"),
    )
    mode = forms.ChoiceField(
        label=_("ถ้าพบคนที่มีอยู่แล้วในทะเบียนของเขตในปีเดียวกัน"),
        choices=ImportMode.choices,
        initial=ImportMode.SKIP,
        required=False,  # scripts and old bookmarks that post no mode skip people already there
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("ไฟล์ทะเบียนบัญชีประชาคมเขต (.xlsx, .xls หรือ .csv)"),
        help_text=_("หลายชีตได้ (เช่น ชีตละแขวง) · CSV แบบ UTF-8 หรือ TIS-620"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts

    def clean_mode(self):
        return self.cleaned_data["mode"] or ImportMode.SKIP

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("ไฟล์ใหญ่เกิน %(mb)s MB กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")
                % {"mb": importing.MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class ImportModeForm(forms.Form):
    mode = forms.ChoiceField(choices=ImportMode.choices)


class ImportDecisionForm(forms.Form):
    row = forms.IntegerField(min_value=0)
    decision = forms.ChoiceField(
        choices=[("", ""), (importing.DECIDE_IMPORT, ""), (importing.DECIDE_SKIP, "")], required=False
    )


def mapping_from_post(data) -> dict[str, str]:
    """Read the column mapping a person chose: pairs of a header's key and a field (or "")."""
    keys, fields = data.getlist("key"), data.getlist("field")
    return {
        key: name for key, name in zip(keys, fields, strict=False) if key and name in columns.FIELD_CHOICES
    }


class QuickSelect(forms.Select):
    """A select written out directly: the list pages render it on every request at 100,000 rows,
    and Django's template-per-option rendering cost more than the page's queries."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == selected else "", label)
                for key, label in ((str(k), lbl) for k, lbl in self.choices)
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label=_("ค้นหา"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("ชื่อ นามสกุล องค์กร หรือเบอร์โทร"), "type": "search"}),
    )
    # A plain choice, not a ModelChoiceField: its choices are read once (a ModelChoiceField reads
    # them again through a server-side cursor to render, and again to validate).
    district = forms.ChoiceField(label=_("เขต"), required=False, widget=QuickSelect)
    interest = forms.ChoiceField(label=_("ด้านที่สนใจ"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(
        label=_("ประเภท"),
        required=False,
        choices=[("", _("ทุกประเภท")), *MemberKind.choices],
        widget=QuickSelect,
    )

    def __init__(self, *args, districts, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {str(district.pk): district for district in districts}
        self.fields["district"].choices = [
            ("", _("ทุกเขต")),
            *[(pk, str(district)) for pk, district in self.districts.items()],
        ]
        self.fields["interest"].choices = [("", _("ทุกด้าน")), *[(i, i) for i in interests]]
        # Rendered by hand (no crispy) on the list pages, which must stay fast at 100,000 rows.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "district": self.districts.get(data["district"]),
            "interest": data["interest"],
            **({"kind": data["kind"]} if "kind" in data else {}),
        }


class CommunityPickSearchForm(MemberSearchForm):
    kind = None


class MemberForm(forms.ModelForm):
    consent_date = BEDateField(label=_("วันที่ให้ความยินยอม"), required=False, help_text=BE_DATE_HINT)

    class Meta:
        model = Member
        fields = [
            "kind",
            "prefix",
            "first_name",
            "last_name",
            "organisation_name",
            "interest",
            "district",
            "subdistrict",
            "phone",
            "email",
            "address",
            "national_id",
            "network_role",
            "source_network",
            "is_active",
            "has_consent",
            "consent_date",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "national_id": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "phone": _("9–10 หลัก เช่น 081-234-5678 หรือ 02-123-4567 มีขีดหรือไม่มีก็ได้"),
            "national_id": _("ตัวเลข 13 หลัก ไม่ต้องใส่ขีด ระบบตรวจเลขหลักสุดท้าย (ไม่บังคับ เก็บเท่าที่จำเป็น)"),
            "email": _("เช่น name@example.com"),
            "subdistrict": _("ชื่อแขวง ไม่ต้องเขียนคำว่า แขวง"),
        }

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts

    def clean(self):
        data = super().clean()
        if data.get("kind") == MemberKind.ORGANISATION and not data.get("organisation_name"):
            self.add_error("organisation_name", _("กรุณากรอกชื่อองค์กร/กลุ่มชุมชน"))
        if data.get("kind") == MemberKind.PERSON and not data.get("first_name"):
            self.add_error("first_name", _("กรุณากรอกชื่อ"))
        return data

    def _post_clean(self):
        # The service validates the model and reports in Thai; the form only checks the shape.
        pass


class MergeForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
