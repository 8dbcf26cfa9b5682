"""The shape of an officer's theme edits: which theme(s), which issues, what name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from themes.services import NAME_MAX


class NumbersField(forms.Field):
    """A list of whole numbers from repeated inputs (checkboxes): the themes or issues chosen."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value or []
        if not all(str(v).isdigit() for v in values):
            raise forms.ValidationError(_("รายการที่เลือกไม่ถูกต้อง"))
        return [int(v) for v in values]


class ThemeRenameForm(forms.Form):
    theme = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("ชื่อกลุ่มประเด็น"), max_length=NAME_MAX)


class ThemeMergeForm(forms.Form):
    themes = NumbersField(label=_("กลุ่มประเด็นที่จะรวม"))
    name = forms.CharField(label=_("ชื่อกลุ่มประเด็นที่รวมแล้ว"), max_length=NAME_MAX, required=False)


class ThemeSplitForm(forms.Form):
    theme = forms.IntegerField(widget=forms.HiddenInput)
    issues = NumbersField(label=_("ประเด็นที่จะแยกออก"))
    name = forms.CharField(label=_("ชื่อกลุ่มประเด็นใหม่"), max_length=NAME_MAX)
