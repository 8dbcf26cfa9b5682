"""Forms of the registry: they check the shape of input; the rules live in registry.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangkok_network.forms import BEDateField, BEYearField
from registry import importing
from registry.models import Member, MemberKind


class CommunityImportForm(forms.Form):
    district = forms.ModelChoiceField(label=_("เขต"), queryset=None, empty_label=_("— เลือกเขต —"))
    fiscal_year = BEYearField(label=_("ปีงบประมาณของทะเบียน (พ.ศ.)"))
    file = forms.FileField(
        label=_("ไฟล์ทะเบียนบัญชีประชาคมเขต (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("ไฟล์ใหญ่เกิน %(mb)s MB กรุณาแบ่งไฟล์แล้วนำเข้าทีละส่วน")
                % {"mb": importing.MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label=_("ค้นหา"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("ชื่อ นามสกุล องค์กร หรือเบอร์โทร"), "type": "search"}),
    )
    district = forms.ModelChoiceField(label=_("เขต"), queryset=None, required=False, empty_label=_("ทุกเขต"))
    interest = forms.ChoiceField(label=_("ด้านที่สนใจ"), required=False)
    kind = forms.ChoiceField(
        label=_("ประเภท"), required=False, choices=[("", _("ทุกประเภท")), *MemberKind.choices]
    )

    def __init__(self, *args, districts, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
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
            "district": data["district"],
            "interest": data["interest"],
            **({"kind": data["kind"]} if "kind" in data else {}),
        }


class CommunityPickSearchForm(MemberSearchForm):
    kind = None


class MemberForm(forms.ModelForm):
    consent_date = BEDateField(label=_("วันที่ให้ความยินยอม"), required=False)

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
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

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
