"""The Thai-digit filter of the meeting documents touches text only."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from meetings.templatetags.meeting_documents import thai_digits_text


def test_digits_in_text_become_thai_but_tags_and_entities_stay():
    html = mark_safe('<h2 class="t1">ครั้งที่ 1/2564</h2><p>&#x27;12&#x27; &amp; 3</p>')
    assert thai_digits_text(html) == '<h2 class="t1">ครั้งที่ ๑/๒๕๖๔</h2><p>&#x27;๑๒&#x27; &amp; ๓</p>'


def test_unsafe_text_is_escaped_and_can_keep_arabic_digits():
    assert thai_digits_text("<b>2</b>") == "&lt;b&gt;๒&lt;/b&gt;"
    assert thai_digits_text("<b>2</b>", False) == "&lt;b&gt;2&lt;/b&gt;"
