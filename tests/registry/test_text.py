"""Search, sort and duplicate keys (registry/text.py)."""

from types import SimpleNamespace

import pytest
from pythainlp.util import collate

from registry import text


def _row(**kw):
    base = dict(
        kind="person", prefix="", first_name="", last_name="", organisation_name="", phone="", email=""
    )
    return SimpleNamespace(**{**base, **kw})


def test_keys_fold_prefix_spaces_zero_width_and_thai_digits():
    a = text.keys_for(_row(prefix="นาย", first_name="สมชาย", last_name="ใจดี", phone="081-234-5678"))
    b = text.keys_for(_row(first_name="สม\u200bชาย ", last_name=" ใจ ดี", phone="๐๘๑ ๒๓๔ ๕๖๗๘"))
    assert a["name_key"] == b["name_key"] == "สมชายใจดี"
    assert a["phone_key"] == b["phone_key"] == "0812345678"
    assert a["search_key"] == "สมชายใจดี||0812345678|"


def test_search_terms_split_on_spaces_and_read_phone_digits():
    assert text.search_terms("นายสมชาย  ใจดี") == ["สมชาย", "ใจดี"]
    assert text.search_terms("๐๘๑-๒๓๔") == ["081234"]
    assert text.search_terms("+66812345678") == ["0812345678"]


def test_sort_key_orders_like_pythainlp_collate_ignoring_titles():
    names = ["นายเกษม ดี", "นางสาวกมล ดี", "ไก่ ชน", "นางขนิษฐา ดี", "อรุณ ดี", "เป็ด ดี"]
    rows = [_row(first_name=n.split()[0], last_name=n.split()[1]) for n in names]
    by_key = sorted(rows, key=lambda r: text.keys_for(r)["sort_key"])
    from bangkok_network.thai import strip_name_prefix

    expected = collate([strip_name_prefix(n) for n in names])
    assert [strip_name_prefix(f"{r.first_name} {r.last_name}") for r in by_key] == expected


@pytest.mark.parametrize(
    ("raw", "digits"), [("02-123-4567", "021234567"), ("๐๘๙๑๒๓๔๕๖๗", "0891234567"), ("", "")]
)
def test_phone_digits(raw, digits):
    assert text.phone_digits(raw) == digits
