"""Template filters of the official documents."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeData, mark_safe

from reports.pdf.thailine import Vocabulary, protect_html

register = template.Library()


@register.filter(is_safe=True)
def keep_words(value, vocabulary: Vocabulary | None = None) -> str:
    """Keep the document's protected words, names, dates and numbers on one line each (nowrap spans).

    Used once, around the body of every document (templates/reports/documents/base.html).
    """
    if not vocabulary:
        return value
    text = value if isinstance(value, SafeData) else str(value)
    return mark_safe(protect_html(str(text), vocabulary))  # noqa: S308  (only adds spans to our own markup)
