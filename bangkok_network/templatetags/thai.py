"""Template filters for Thai dates, digits and money (loaded as builtins in every template)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeData, mark_safe

from bangkok_network import thai

register = template.Library()


@register.filter
def be_date(value) -> str:
    """13 มี.ค. 2564."""
    return thai.be_date(value)


@register.filter
def be_date_long(value, thai_digits: bool = False) -> str:
    """13 มีนาคม 2564, or ๑๓ มีนาคม ๒๕๖๔ with a true argument."""
    return thai.be_date(value, long=True, thai_digits=bool(thai_digits))


@register.filter
def thai_month(value) -> str:
    """A month's short Thai name for an axis: ต.ค. พ.ย. ธ.ค. (not 10 11 12)."""
    return thai.thai_month(value) if value else ""


@register.filter
def be_datetime(value) -> str:
    """13 มี.ค. 2564 14:05 in Bangkok time."""
    return thai.be_datetime(value)


@register.filter(is_safe=True)
def thai_digits(value, enabled: bool = True) -> str:
    """Write numbers in Thai digits when enabled; markup, entities and codes such as P1 stay as they are.

    Works on plain values ({{ n|thai_digits }}) and on whole blocks ({% filter thai_digits:flag %}).
    """
    text = "" if value is None else str(value)
    if not enabled:
        return value if isinstance(value, SafeData) else text
    if isinstance(value, SafeData):  # HTML: convert the text, keep the markup
        return mark_safe(thai.thai_digit_html(text))
    return thai.thai_number_text(text)  # plain text, escaped later as usual


@register.filter
def baht(value, thai_digits: bool = False) -> str:
    if value in (None, ""):
        return ""
    return thai.baht(value, thai_digits=bool(thai_digits))


@register.filter
def baht_words(value) -> str:
    return thai.baht_words(value or 0)


@register.simple_tag
def be_period(start, end, thai_digits: bool = False) -> str:
    return thai.be_period(start, end, thai_digits=thai_digits)


@register.filter
def minutes(value) -> int | str:
    """A timedelta as whole minutes (rounded up: "wait 15 minutes" must not say 14)."""
    if value is None or not hasattr(value, "total_seconds"):
        return ""
    return -(-int(value.total_seconds()) // 60)
