"""An officer merges, splits and renames themes; the decision holds for next year's same issues."""

from __future__ import annotations

import pytest

from bangkok_network.models import AuditEntry, Cycle, DistrictGroup
from tests.themes.factories import DRUGS, FLOOD, INCOME, issue
from themes.models import ThemeDecision
from themes.selectors import themes_for_cycle
from themes.services import ThemeError, theme_merge, theme_rename, theme_split

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(cycle):
    groups = list(DistrictGroup.objects.order_by("order"))
    made = {}
    for group, wording in zip(groups, FLOOD + INCOME + DRUGS, strict=False):
        made[wording[0]] = issue(cycle=cycle, group=group, wording=wording)
    return made


def _names(cycle):
    return {t.name: sorted(i.title for i in t.issues) for t in themes_for_cycle(cycle=cycle)}


def _next_year(cycle) -> Cycle:
    return Cycle.objects.create(fiscal_year=cycle.fiscal_year + 1)


def test_rename_keeps_the_name_for_the_same_issues_next_year(cycle, raised, officer):
    flood = themes_for_cycle(cycle=cycle)[0]

    theme_rename(cycle=cycle, key=flood.key, name="  น้ำท่วมขัง  ", user=officer)

    assert sorted(_names(cycle)["น้ำท่วมขัง"]) == sorted(t for t, _ in FLOOD)
    assert ThemeDecision.objects.filter(theme_name="น้ำท่วมขัง").count() == 3
    entry = AuditEntry.objects.get(action="theme.rename")
    assert entry.details == {"from": flood.name, "to": "น้ำท่วมขัง", "issue_texts": 3}

    following = _next_year(cycle)
    issue(cycle=following, group=DistrictGroup.objects.get(code="bkk-north"), wording=FLOOD[2])
    (theme,) = themes_for_cycle(cycle=following)
    assert (theme.name, theme.is_named_by_officer) == ("น้ำท่วมขัง", True)


def test_merge_puts_themes_together_and_next_year_too(cycle, raised, officer):
    themes = themes_for_cycle(cycle=cycle)
    income, drugs = (next(t for t in themes if t.issues[0].title == w[0][0]) for w in (INCOME, DRUGS))

    theme_merge(cycle=cycle, keys=[income.key, drugs.key], name="คุณภาพชีวิต", user=officer)

    assert len(_names(cycle)["คุณภาพชีวิต"]) == 3  # six groups: two income issues, one on drugs
    following = _next_year(cycle)
    for group, wording in zip(DistrictGroup.objects.order_by("order"), [INCOME[1], DRUGS[0]], strict=False):
        issue(cycle=following, group=group, wording=wording)
    assert _names(following) == {"คุณภาพชีวิต": sorted([INCOME[1][0], DRUGS[0][0]])}


def test_split_keeps_the_two_parts_apart_though_their_words_are_alike(cycle, raised, officer):
    flood = themes_for_cycle(cycle=cycle)[0]
    canal = raised[FLOOD[2][0]]

    theme_split(cycle=cycle, key=flood.key, issue_pks=[canal.pk], name="คูคลอง", user=officer)

    names = _names(cycle)
    assert names["คูคลอง"] == [FLOOD[2][0]]
    assert sorted(names[flood.name]) == sorted([FLOOD[0][0], FLOOD[1][0]])


def test_a_name_another_theme_has_is_refused_with_a_thai_message(cycle, raised, officer):
    first, second = themes_for_cycle(cycle=cycle)[:2]

    with pytest.raises(ThemeError) as refused:
        theme_rename(cycle=cycle, key=second.key, name=first.name, user=officer)

    assert refused.value.messages == [f"มีกลุ่มประเด็นชื่อ “{first.name}” อยู่แล้ว หากเป็นเรื่องเดียวกันให้ใช้การรวมกลุ่ม"]
    assert not ThemeDecision.objects.exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c, t, u: theme_rename(cycle=c, key=t[0].key, name=" ", user=u), "กรุณาระบุชื่อกลุ่มประเด็น"),
        (
            lambda c, t, u: theme_merge(cycle=c, keys=[t[0].key], name="", user=u),
            "เลือกกลุ่มประเด็นที่จะรวมอย่างน้อย ๒ กลุ่ม",
        ),
        (
            lambda c, t, u: theme_split(
                cycle=c, key=t[0].key, issue_pks=[i.pk for i in t[0].issues], name="x", user=u
            ),
            "ต้องเหลือประเด็นในกลุ่มเดิมอย่างน้อย ๑ ประเด็น (ถ้าจะเปลี่ยนชื่อทั้งกลุ่ม ให้ใช้การเปลี่ยนชื่อ)",
        ),
        (lambda c, t, u: theme_rename(cycle=c, key=999999, name="x", user=u), "กลุ่มประเด็นนี้เปลี่ยนไปแล้ว"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(cycle, raised, officer, edit, message):
    with pytest.raises(ThemeError) as refused:
        edit(cycle, themes_for_cycle(cycle=cycle), officer)

    assert refused.value.messages[0].startswith(message)
    assert not ThemeDecision.objects.exists()
