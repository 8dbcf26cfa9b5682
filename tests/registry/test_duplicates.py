"""The one duplicate rule (registry/duplicates.py), and what it makes of real district sheets."""

from __future__ import annotations

import pytest

from registry import duplicates, importing
from registry.duplicates import SAME_ID, SAME_NAME, SAME_PHONE, Identity, compare
from registry.importing import Existing, ParsedRow, evaluate, identity
from tests.registry import shapes


def _person(name_key="สมชายใจดี", phone_key="", national_id="", kind="person"):
    return Identity(kind=kind, name_key=name_key, phone_key=phone_key, national_id=national_id)


@pytest.mark.parametrize(
    ("new", "earlier", "reason"),
    [
        (_person(), _person(), SAME_NAME),
        (_person(national_id=shapes.ID_SOMCHAI), _person(), SAME_NAME),  # one ID only: no contradiction
        (_person(national_id=shapes.ID_SOMCHAI), _person(national_id=shapes.ID_OTHER_SOMCHAI), None),
        (_person("มาลีใจดี", national_id=shapes.ID_SOMCHAI), _person(national_id=shapes.ID_SOMCHAI), SAME_ID),
        (_person("มาลีใจดี", "0811111111"), _person(phone_key="0811111111"), SAME_PHONE),
        (
            _person("มาลีใจดี", "0811111111", shapes.ID_SOMCHAI),
            _person(phone_key="0811111111", national_id=shapes.ID_OTHER_SOMCHAI),
            None,  # two ID numbers: two people, whatever the shared phone says
        ),
        (_person("ชมรมผู้สูงอายุ", "0811111111", kind="organisation"), _person(phone_key="0811111111"), None),
        (_person("กัลยาศรีสุข"), _person(), None),
    ],
)
def test_the_rule(new, earlier, reason):
    assert compare(new, earlier) == reason


def test_index_finds_the_strongest_then_the_earliest_match():
    index: duplicates.Index[str] = duplicates.Index()
    index.add(_person("มาลีใจดี", "0811111111"), "row 4: same phone")
    index.add(_person("สมชายใจดี", "0899999999"), "row 5: same name")
    index.add(_person("สมชายใจดี", "0811111111"), "row 6: same name and phone")
    found = index.find(_person("สมชายใจดี", "0811111111"))
    assert (found.reason, found.earlier, found.reason_text) == (SAME_NAME, "row 5: same name", "ชื่อเดียวกัน")
    assert index.find(_person("อื่นอื่น", "0811111111")).earlier == "row 4: same phone"
    assert index.find(_person("อื่นอื่น", "0800000000")) is None


def test_folded_names_ignore_titles_spaces_zero_width_and_digits():
    rows = [
        {"kind": "person", "prefix": "นาย", "first_name": "สมชาย๒", "last_name": "ใจดี"},
        {"kind": "person", "prefix": "", "first_name": "สม\u200bชาย2", "last_name": " ใจ ดี"},
    ]
    assert identity(rows[0]).name_key == identity(rows[1]).name_key == "สมชาย2ใจดี"


def test_a_district_workbook_counts_what_a_reader_counts_and_explains_every_flag():
    parsed = importing.parse_workbook(shapes.district_workbook())
    statuses = [r.status for r in parsed.rows]
    assert {
        "imported": sum(1 for s in statuses if s in importing.IMPORTED_STATUSES),
        "possible": statuses.count("possible"),
        "duplicate": statuses.count("duplicate"),
        "rejected": statuses.count("rejected"),
    } == shapes.EXPECTED
    flagged = {(r.sheet, r.row): r.problems for r in parsed.rows if r.status in ("possible", "duplicate")}
    assert flagged == {
        ("บวรนิเวศ", 5): ["อาจซ้ำกับแถวที่ 4 ชีต “บวรนิเวศ” (เบอร์โทรศัพท์เดียวกัน) — นำเข้าไว้ ตรวจสอบได้"],
        ("บวรนิเวศ", 8): ["ซ้ำกับแถวที่ 4 ชีต “บวรนิเวศ” (ชื่อเดียวกัน)"],
    }


def _rows(*people) -> list[ParsedRow]:
    base = {"kind": "person", "prefix": "นาย", "last_name": "ใจดี", "phone": "", "national_id": ""}
    return [
        ParsedRow(row=n, id=n, data={**base, **person}, raw=[]) for n, person in enumerate(people, start=4)
    ]


def _registry(**data) -> duplicates.Index[Existing]:
    person = {name: "" for name in importing.UPDATABLE_FIELDS} | {"prefix": "นาย", "last_name": "ใจดี"} | data
    index: duplicates.Index[Existing] = duplicates.Index()
    index.add(identity({"kind": "person", **person}), Existing(pk=7, name="นายสมชาย ใจดี", data=person))
    return index


def test_a_person_already_in_the_registry_is_skipped_or_updated_as_the_mode_says():
    registry = _registry(first_name="สมชาย", phone="0811111111", interest="")
    rows = _rows({"first_name": "สมชาย", "phone": "0822222222", "interest": "สุขภาพ"})
    evaluate(rows, registry=registry, mode="skip")
    assert (rows[0].status, rows[0].problems, rows[0].changes) == (
        "duplicate",
        ["มีอยู่แล้วในทะเบียนบัญชีประชาคมเขตนี้: นายสมชาย ใจดี (ชื่อเดียวกัน)"],
        [],
    )
    evaluate(rows, registry=registry, mode="update")
    assert rows[0].status == "update"
    assert rows[0].changes == [
        {"field": "interest", "label": "ด้านที่สนใจ", "old": "", "new": "สุขภาพ"},
        {"field": "phone", "label": "เบอร์โทรศัพท์", "old": "0811111111", "new": "0822222222"},
    ]
    evaluate(rows, registry=registry, mode="fill")  # only blanks are filled: the phone stays
    assert rows[0].changes == [{"field": "interest", "label": "ด้านที่สนใจ", "old": "", "new": "สุขภาพ"}]


def test_a_blank_cell_never_clears_and_nothing_new_is_a_duplicate():
    registry = _registry(first_name="สมชาย", phone="0811111111")
    rows = _rows({"first_name": "สม ชาย", "phone": ""})  # same name typed with a space
    evaluate(rows, registry=registry, mode="update")
    assert (rows[0].status, rows[0].problems) == (
        "duplicate",
        ["มีอยู่แล้วในทะเบียนบัญชีประชาคมเขตนี้: นายสมชาย ใจดี (ชื่อเดียวกัน) ไม่มีข้อมูลใหม่"],
    )


def test_decisions_overrule_the_rule_and_later_rows_see_them():
    rows = _rows(
        {"first_name": "สมชาย", "phone": "0811111111"},
        {"first_name": "สมชาย", "phone": "0899999999"},  # another Somchai, the user says
        {"first_name": "มาลี", "phone": "0811111111"},  # his wife: same phone
    )
    evaluate(rows)
    assert [r.status for r in rows] == ["ok", "duplicate", "possible"]
    rows[1].decision, rows[2].decision = "import", "skip"
    evaluate(rows)
    assert [r.status for r in rows] == ["ok", "ok", "duplicate"]
    assert rows[1].problems == ["ซ้ำกับแถวที่ 4 ในไฟล์นี้ (ชื่อเดียวกัน) — ผู้ใช้ยืนยันว่าเป็นคนละคน นำเข้า"]
    assert rows[2].problems == ["อาจซ้ำกับแถวที่ 4 ในไฟล์นี้ (เบอร์โทรศัพท์เดียวกัน) — ผู้ใช้เลือกไม่นำเข้า"]
