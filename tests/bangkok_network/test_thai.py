from datetime import date
from decimal import Decimal

import pytest

from bangkok_network import thai


def test_be_date_short_and_long_with_thai_digits():
    assert thai.be_date(date(2021, 3, 13)) == "13 มี.ค. 2564"
    assert thai.be_date(date(2021, 3, 13), long=True, thai_digits=True) == "๑๓ มีนาคม ๒๕๖๔"
    assert thai.be_date(None) == ""


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2021, 3, 1), date(2021, 3, 31), "๑ - ๓๑ มี.ค. ๒๕๖๔"),
        (date(2021, 4, 1), date(2021, 4, 30), "๑ - ๓๐ เม.ย. ๒๕๖๔"),
        (date(2021, 5, 3), date(2021, 5, 14), "๓ - ๑๔ พ.ค. ๒๕๖๔"),
        (date(2021, 5, 17), date(2021, 8, 26), "๑๗ พ.ค. - ๒๖ ส.ค. ๒๕๖๔"),
        (date(2021, 8, 27), date(2021, 8, 27), "๒๗ ส.ค. ๒๕๖๔"),
        (date(2020, 12, 1), date(2021, 1, 5), "๑ ธ.ค. ๒๕๖๓ - ๕ ม.ค. ๒๕๖๔"),
    ],
)
def test_be_period_writes_the_seed_calendar_periods(start, end, expected):
    assert thai.be_period(start, end, thai_digits=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "13/03/2564",
        "13/3/2564",
        "๑๓/๐๓/๒๕๖๔",
        "13 มี.ค. 2564",
        "13 มีนาคม 2564",
        "2564-03-13",
        " 13 / 03 / 2564 ",
    ],
)
def test_parse_be_date_reads_the_ways_people_type_dates(text):
    assert thai.parse_be_date(text) == date(2021, 3, 13)


def test_parse_be_date_refuses_a_christian_era_year_in_thai():
    with pytest.raises(thai.ThaiDateError, match="ค.ศ.") as info:
        thai.parse_be_date("13/03/2021")
    assert "2564" in str(info.value)


@pytest.mark.parametrize("text", ["31/02/2564", "hello", "13/13/2564", ""])
def test_parse_be_date_refuses_impossible_dates_with_a_thai_message(text):
    with pytest.raises(thai.ThaiDateError) as info:
        thai.parse_be_date(text)
    assert "วันที่" in str(info.value)


def test_parse_be_year():
    assert thai.parse_be_year("๒๕๖๕") == 2565
    with pytest.raises(thai.ThaiDateError, match="ค.ศ."):
        thai.parse_be_year(2022)
    with pytest.raises(thai.ThaiDateError, match="ไม่ใช่ตัวเลข"):
        thai.parse_be_year("ปีหน้า")


def test_baht_in_figures_and_words():
    assert thai.baht(Decimal("1234567.5")) == "1,234,567.50"
    assert thai.baht(Decimal("1234567.5"), thai_digits=True) == "๑,๒๓๔,๕๖๗.๕๐"
    assert thai.baht_words(Decimal("1234567.50")) == "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทห้าสิบสตางค์"


def test_normalise_text_folds_zero_width_spaces_and_split_sara_am():
    assert thai.normalise_text("  สม\u200bชาย   ใจ\u0e4d\u0e32ดี ") == "สมชาย ใจำดี"


def test_strip_name_prefix():
    assert thai.strip_name_prefix("นางสาวสมหญิง ดีใจ") == "สมหญิง ดีใจ"
    assert thai.strip_name_prefix("นายสมชาย") == "สมชาย"
    assert thai.strip_name_prefix("นาง สมศรี") == "สมศรี"


def test_thai_sorted_uses_dictionary_order_ignoring_titles():
    names = ["นายสมชาย", "นางสาวกมลา", "ไก่", "เก่ง", "นางขวัญใจ"]
    assert thai.thai_sorted(names) == ["นางสาวกมลา", "เก่ง", "ไก่", "นางขวัญใจ", "นายสมชาย"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/10/2564", date(2021, 10, 1)),
        ("15/12/2563", date(2020, 12, 15)),
        ("๓๑/๑๐/๒๕๖๔", date(2021, 10, 31)),
        ("1 ต.ค. 2564", date(2021, 10, 1)),
    ],
)
def test_parse_be_date_reads_months_ten_to_twelve(text, expected):
    assert thai.parse_be_date(text) == expected


def test_thai_digit_html_leaves_markup_and_entities_alone():
    html = '<h2 style="width: 3cm">ครั้งที่ 1/2564</h2><p>O&#x27;Neil &amp; 25 ราย</p>'
    assert (
        thai.thai_digit_html(html) == '<h2 style="width: 3cm">ครั้งที่ ๑/๒๕๖๔</h2><p>O&#x27;Neil &amp; ๒๕ ราย</p>'
    )


def test_thai_digits_filter_block_keeps_markup_and_escaping():
    from django.template import Context, Template

    out = Template("{% filter thai_digits:flag %}<h2>{{ v }} 12</h2>{% endfilter %}").render(
        Context({"v": "<b>3</b>", "flag": True})
    )
    assert out == "<h2>&lt;b&gt;๓&lt;/b&gt; ๑๒</h2>"
    assert (
        Template("{{ v|thai_digits:flag }}").render(Context({"v": "<i>7</i>", "flag": True}))
        == "&lt;i&gt;๗&lt;/i&gt;"
    )


def test_thai_digits_filter_keeps_entities_and_codes_written_with_latin_letters():
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    html = mark_safe('<h2 class="t1">ครั้งที่ 1/2564 แบบ P1 กระดาษ A4</h2><p>&#x27;12&#x27; &amp; 3</p>')
    rendered = Template("{% filter thai_digits:flag %}{{ html }}{% endfilter %}").render(
        Context({"html": html, "flag": True})
    )
    assert rendered == '<h2 class="t1">ครั้งที่ ๑/๒๕๖๔ แบบ P1 กระดาษ A4</h2><p>&#x27;๑๒&#x27; &amp; ๓</p>'
    plain = Template("{{ v|thai_digits:flag }}")
    assert plain.render(Context({"v": "<b>2</b>", "flag": True})) == "&lt;b&gt;๒&lt;/b&gt;"
    assert plain.render(Context({"v": "<b>2</b>", "flag": False})) == "&lt;b&gt;2&lt;/b&gt;"
