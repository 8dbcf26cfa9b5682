"""Search, sort and duplicate keys (registry/text.py): the stored-key rule is ours, pinned here."""

from types import SimpleNamespace

import pytest
from pythainlp.util import collate

from bangkok_network.thai import strip_name_prefix
from registry import text


def _row(**kw):
    base = dict(
        kind="person", prefix="", first_name="", last_name="", organisation_name="", phone="", email=""
    )
    return SimpleNamespace(**{**base, **kw})


# Golden keys: if pythainlp or this rule changes, these fail — then decide, update them, and run
# `manage.py rebuild_registry_keys` so stored rows follow.
GOLDEN = [
    (
        _row(prefix="นาย", first_name="สมชาย", last_name="ใจดี", phone="0812345678"),
        {
            "search_key": "สมชายใจดี||0812345678|",
            "sort_key": "สมชาย จใดี",
            "name_key": "สมชายใจดี",
            "phone_key": "0812345678",
        },
    ),
    (
        _row(
            prefix="นางสาว",
            first_name="กัลยา",
            last_name="ศรีสุข",
            organisation_name="ชมรมผู้สูงอายุ",
            phone="๐๘๙-๑๒๓-๔๕๖๗",
            email="Kanlaya@Example.TEST",
        ),
        {
            "search_key": "กัลยาศรีสุข|ชมรมผู้สูงอายุ|0891234567|kanlaya@example.test",
            "sort_key": "กัลยา ศรีสุข",
            "name_key": "กัลยาศรีสุข",
            "phone_key": "0891234567",
        },
    ),
    (
        _row(prefix="นาง", first_name="เกศินี", last_name="ไม้งาม"),
        {"search_key": "เกศินีไม้งาม|||", "sort_key": "กเศินี มไงาม้", "name_key": "เกศินีไม้งาม", "phone_key": ""},
    ),
    (
        _row(first_name="ไก่", last_name="ชน"),
        {"search_key": "ไก่ชน|||", "sort_key": "กไ ชน่", "name_key": "ไก่ชน", "phone_key": ""},
    ),
    (
        _row(prefix="นาย", first_name="สม\u200bศักดิ์", last_name="  รัก  ดี", phone="+66812345679"),
        {
            "search_key": "สมศักดิ์รักดี||0812345679|",
            "sort_key": "สมศักดิ รัก ดี์",
            "name_key": "สมศักดิ์รักดี",
            "phone_key": "0812345679",
        },
    ),
    (
        _row(prefix="นาง", first_name="นํ้า", last_name="ใจ"),  # sara am typed as nikhahit + sara aa
        {"search_key": "น้ำใจ|||", "sort_key": "นำ จใ้", "name_key": "น้ำใจ", "phone_key": ""},
    ),
    (
        _row(first_name="Somchai", last_name="Jaidee"),
        {
            "search_key": "somchaijaidee|||",
            "sort_key": "somchai jaidee",
            "name_key": "somchaijaidee",
            "phone_key": "",
        },
    ),
    (
        _row(kind="organisation", organisation_name="กลุ่มแม่บ้าน ชุมชนวัด๒", phone="02-281-1111"),
        {
            "search_key": "กลุ่มแม่บ้านชุมชนวัด2|กลุ่มแม่บ้านชุมชนวัด2|022811111|",
            "sort_key": "กลุมมแบาน ชุมชนวัด2่่้",
            "name_key": "กลุ่มแม่บ้านชุมชนวัด2",
            "phone_key": "022811111",
        },
    ),
]


@pytest.mark.parametrize(("row", "keys"), GOLDEN)
def test_golden_keys(row, keys):
    assert text.keys_for(row) == keys


def test_erased_rows_have_no_keys_and_sort_last():
    keys = text.keys_for(SimpleNamespace(is_erased=True))
    assert keys == {"search_key": "", "sort_key": "\U0010ffff", "name_key": "", "phone_key": ""}


def test_keys_fold_prefix_spaces_zero_width_and_thai_digits():
    a = text.keys_for(_row(prefix="นาย", first_name="สมชาย", last_name="ใจดี", phone="081-234-5678"))
    b = text.keys_for(_row(first_name="สม\u200bชาย ", last_name=" ใจ ดี", phone="๐๘๑ ๒๓๔ ๕๖๗๘"))
    assert a["name_key"] == b["name_key"] == "สมชายใจดี"
    assert a["phone_key"] == b["phone_key"] == "0812345678"


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("ใจดีสมชาย", ["ใจดี", "สม", "ชาย"]),
        ("สมชายใจดี", ["สม", "ชาย", "ใจดี"]),
        ("สมชาย ใจดี", ["สม", "ชาย", "ใจดี"]),
        ("นายสมชาย  ใจดี", ["สม", "ชาย", "ใจดี"]),
        ("สมศักดิ์12", ["สม", "ศักดิ์12"]),  # the number stays with the name it was typed against
        ("๐๘๑-๒๓๔", ["081234"]),
        ("+66812345678", ["0812345678"]),
        ("สม สมชาย", ["สม", "ชาย"]),  # a term inside another adds nothing
    ],
)
def test_search_terms_are_tokenised_the_way_thai_is_typed(query, terms):
    assert text.search_terms(query) == terms


def test_a_name_typed_any_way_finds_the_same_key():
    key = text.keys_for(_row(prefix="นาย", first_name="สมชาย", last_name="ใจดี"))["search_key"]
    other = text.keys_for(_row(prefix="นาย", first_name="สมศักดิ์", last_name="ใจงาม"))["search_key"]
    for query in ("ใจดีสมชาย", "สมชายใจดี", "สมชาย ใจดี", "ใจดี สมชาย", "นายสมชายใจดี"):
        terms = text.search_terms(query)
        assert all(term in key for term in terms), query
        assert not all(term in other for term in terms), query


def test_sort_key_orders_like_pythainlp_collate_ignoring_titles():
    names = ["นายเกษม ดี", "นางสาวกมล ดี", "ไก่ ชน", "นางขนิษฐา ดี", "อรุณ ดี", "เป็ด ดี", "นายน้ำ ใส"]
    rows = [_row(first_name=n.split()[0], last_name=n.split()[1]) for n in names]
    by_key = sorted(rows, key=lambda r: text.keys_for(r)["sort_key"])
    expected = collate([strip_name_prefix(n) for n in names])
    assert [strip_name_prefix(f"{r.first_name} {r.last_name}") for r in by_key] == expected


@pytest.mark.parametrize(
    ("raw", "digits"), [("02-123-4567", "021234567"), ("๐๘๙๑๒๓๔๕๖๗", "0891234567"), ("", "")]
)
def test_phone_digits(raw, digits):
    assert text.phone_digits(raw) == digits
