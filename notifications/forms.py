from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import NotificationKind


class PreferencesForm(forms.Form):
    """Which kinds go by e-mail (every kind is always in the inbox)."""

    email_kinds = forms.MultipleChoiceField(
        label=_("ส่งทางอีเมลด้วยเมื่อ"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
