"""Template filters of the meeting documents."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from bangkok_network.thai import thai_digit_text

register = template.Library()

# Markup and character references: their digits are syntax (<h2>, &#x27;), not text to translate.
_MARKUP = re.compile(r"(<[^>]*>|&#?[0-9A-Za-z]+;)")


@register.filter(is_safe=True)
def thai_digits_text(value, enabled: bool = True) -> str:
    """Write Arabic digits as Thai digits in the text only, leaving tags and entities intact.

    The core's ``thai_digits`` filter converts every digit, so inside ``{% filter %}`` it turns
    ``<h2>`` into ``<h๒>`` and an escaped apostrophe ``&#x27;`` into ``&#x๒๗;``.
    """
    html = str(conditional_escape(value))
    if not enabled:
        return mark_safe(html)  # noqa: S308  (escaped above)
    parts = _MARKUP.split(html)
    text = "".join(part if index % 2 else thai_digit_text(part) for index, part in enumerate(parts))
    return mark_safe(text)  # noqa: S308  (escaped above; only text digits changed)
