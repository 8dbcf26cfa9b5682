"""The clustering groups the same problem worded differently, honours decisions, names themes by words."""

from __future__ import annotations

from tests.themes.factories import DRUGS, FLOOD, INCOME
from themes.clustering import IssueText, cluster_issues, issue_key, words_of


def _issues(wordings, decided: dict[str, str] | None = None) -> list[IssueText]:
    decided = decided or {}
    return [
        IssueText(pk=n, title=title, problem=problem, decided=decided.get(title, ""))
        for n, (title, problem) in enumerate(wordings, start=1)
    ]


def test_words_are_segmented_thai_without_stop_words():
    assert words_of("น้ำท่วมขังในชุมชนเมื่อฝนตกหนัก") == ("น้ำท่วม", "ขัง", "ฝน", "ตกหนัก")


def test_the_same_problem_worded_by_different_groups_is_one_theme():
    clusters = cluster_issues(_issues(FLOOD + INCOME + DRUGS))

    assert [c.members for c in clusters] == [[1, 2, 3], [4, 5], [6, 7]]
    assert clusters[0].name == "น้ำท่วม · ขัง · คลอง"
    assert clusters[0].words[0] == "น้ำท่วม"
    assert not any(c.is_named_by_officer for c in clusters)


def test_an_issue_unlike_any_other_is_a_theme_of_its_own():
    clusters = cluster_issues(_issues([*FLOOD[:1], ("ขยะล้นและการคัดแยกขยะ", "ไม่คัดแยกขยะ ขยะตกค้าง")]))

    assert [c.members for c in clusters] == [[1], [2]]
    assert clusters[1].name.startswith("ขยะ")


def test_issues_the_officer_named_alike_are_one_theme_whatever_their_words():
    decided = {FLOOD[0][0]: "สิ่งแวดล้อม", INCOME[0][0]: "สิ่งแวดล้อม"}
    clusters = cluster_issues(_issues([FLOOD[0], INCOME[0], DRUGS[0]], decided))

    assert [(c.members, c.name, c.is_named_by_officer) for c in clusters] == [
        ([1, 2], "สิ่งแวดล้อม", True),
        ([3], clusters[1].name, False),
    ]


def test_themes_the_officer_named_differently_never_merge_but_take_in_undecided_alike_issues():
    decided = {FLOOD[0][0]: "น้ำท่วม", FLOOD[1][0]: "ท่อระบายน้ำ"}
    clusters = cluster_issues(_issues(FLOOD, decided))

    names = {c.name: c.members for c in clusters}
    assert set(names) == {"น้ำท่วม", "ท่อระบายน้ำ"}
    assert sorted(names["น้ำท่วม"] + names["ท่อระบายน้ำ"]) == [1, 2, 3]  # the third joined one of them


def test_the_decision_key_folds_spacing_and_spelling_variants():
    assert issue_key(" น้ำท่วมขัง  ในชุมชน ") == issue_key("น้ำท่วมขังในชุมชน")
    assert issue_key("ทํา") == issue_key("ทำ")  # sara am typed as nikhahit + sara aa


def test_no_issues_no_themes():
    assert cluster_issues([]) == []
