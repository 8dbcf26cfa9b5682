"""Thai digits for official documents, applied to text only: tags, ids and data: images stay intact."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeData, mark_safe

from bangkok_network.thai import thai_digit_text

register = template.Library()

_TAG = re.compile(r"(<[^>]*>)")
# A number, but not the digits of a code written with Latin letters ("แบบ P1" keeps its name).
_NUMBER = re.compile(r"(?<![A-Za-z0-9])[0-9]+")


def text_digits_html(html: str) -> str:
    """Write Arabic digits as Thai digits in the text of an HTML fragment, never inside a tag."""
    return "".join(
        part if part.startswith("<") else _NUMBER.sub(lambda match: thai_digit_text(match.group()), part)
        for part in _TAG.split(html)
    )


@register.filter(is_safe=True)
def text_digits(value, enabled: bool = True):
    """Like ``thai_digits`` for a whole block, but leaves <h1>, href="#part-1" and src="data:…" alone."""
    text = "" if value is None else str(value)
    if not enabled:
        return text
    converted = text_digits_html(text)
    return mark_safe(converted) if isinstance(value, SafeData) else converted
