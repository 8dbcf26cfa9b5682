"""Writes of the themes: an officer merges, splits or renames a theme; the decision is kept by text.

Each service works out the cycle's themes as the officer saw them, checks the request against
them (a theme changed meanwhile is refused, not guessed), and stores one decision per distinct
issue text of the themes it touches, in a transaction with an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from bangkok_network.audit import audit_log
from bangkok_network.errors import PortalError
from bangkok_network.models import Cycle
from bangkok_network.thai import normalise_text
from themes.clustering import issue_key
from themes.models import ThemeDecision
from themes.selectors import Theme, theme_get, themes_for_cycle

NAME_MAX = 200


class ThemeError(PortalError):
    """A theme edit that cannot be done; the message is shown to the officer."""


def _name(name: str, *, themes: list[Theme], keeping: Iterable[int] = ()) -> str:
    name = normalise_text(name)
    if not name:
        raise ThemeError("กรุณาระบุชื่อกลุ่มประเด็น", field="name")
    if len(name) > NAME_MAX:
        raise ThemeError(f"ชื่อกลุ่มประเด็นยาวได้ไม่เกิน {NAME_MAX} ตัวอักษร", field="name")
    keeping = set(keeping)
    clash = next((t for t in themes if t.name == name and t.key not in keeping), None)
    if clash is not None:
        raise ThemeError(f"มีกลุ่มประเด็นชื่อ “{name}” อยู่แล้ว หากเป็นเรื่องเดียวกันให้ใช้การรวมกลุ่ม", field="name")
    return name


def _theme(themes: list[Theme], key: int) -> Theme:
    theme = theme_get(themes, key)
    if theme is None:
        raise ThemeError("กลุ่มประเด็นนี้เปลี่ยนไปแล้ว (มีการแก้ไขหรือเพิ่มประเด็นในระหว่างนี้) กรุณาดูหน้าล่าสุดแล้วลองอีกครั้ง")
    return theme


def _decide(*, themes: Iterable[Theme], name: str, user, only_keys: set[str] | None = None) -> int:
    """Store the decision "these issue texts belong to the theme called name"; return how many texts."""
    texts: dict[str, str] = {}
    for theme in themes:
        for text, _issues in theme.issue_texts:
            key = issue_key(text)
            if only_keys is None or key in only_keys:
                texts[key] = text
    for key, text in texts.items():
        decision, _created = ThemeDecision.objects.get_or_create(
            issue_key=key, defaults={"issue_text": text[:300], "theme_name": name, "decided_by": user}
        )
        if decision.theme_name != name or decision.decided_by_id != getattr(user, "pk", None):
            decision.theme_name, decision.issue_text, decision.decided_by = name, text[:300], user
            decision.full_clean()
            decision.save(update_fields=["theme_name", "issue_text", "decided_by", "decided_at"])
    return len(texts)


@transaction.atomic
def theme_rename(*, cycle: Cycle, key: int, name: str, user) -> str:
    """Give a theme the officer's name; its issues' texts keep it in later years."""
    themes = themes_for_cycle(cycle=cycle)
    theme = _theme(themes, key)
    name = _name(name, themes=themes, keeping=[key])
    count = _decide(themes=[theme], name=name, user=user)
    audit_log(
        actor=user,
        action="theme.rename",
        obj=cycle,
        details={"from": theme.name, "to": name, "issue_texts": count},
    )
    return name


@transaction.atomic
def theme_merge(*, cycle: Cycle, keys: list[int], name: str, user) -> str:
    """Put two or more themes into one under the given name (blank: the first theme's name)."""
    themes = themes_for_cycle(cycle=cycle)
    chosen = [_theme(themes, key) for key in dict.fromkeys(keys)]
    if len(chosen) < 2:
        raise ThemeError("เลือกกลุ่มประเด็นที่จะรวมอย่างน้อย ๒ กลุ่ม", field="themes")
    name = _name(name or chosen[0].name, themes=themes, keeping=[t.key for t in chosen])
    count = _decide(themes=chosen, name=name, user=user)
    audit_log(
        actor=user,
        action="theme.merge",
        obj=cycle,
        details={"from": [t.name for t in chosen], "to": name, "issue_texts": count},
    )
    return name


@transaction.atomic
def theme_split(*, cycle: Cycle, key: int, issue_pks: list[int], name: str, user) -> str:
    """Move the chosen issues (by their text) out of a theme into a new theme of the given name.

    The issues left behind are pinned to the old name too, so the two never join again by their
    words: the officer said they are different.
    """
    themes = themes_for_cycle(cycle=cycle)
    theme = _theme(themes, key)
    chosen = {issue_key(i.title) for i in theme.issues if i.pk in set(issue_pks)}
    if not chosen:
        raise ThemeError("เลือกประเด็นที่จะแยกออกอย่างน้อย ๑ ประเด็น", field="issues")
    rest = {issue_key(i.title) for i in theme.issues} - chosen
    if not rest:
        raise ThemeError(
            "ต้องเหลือประเด็นในกลุ่มเดิมอย่างน้อย ๑ ประเด็น (ถ้าจะเปลี่ยนชื่อทั้งกลุ่ม ให้ใช้การเปลี่ยนชื่อ)", field="issues"
        )
    name = _name(name, themes=themes)
    moved = _decide(themes=[theme], name=name, user=user, only_keys=chosen)
    _decide(themes=[theme], name=theme.name, user=user, only_keys=rest)
    audit_log(
        actor=user,
        action="theme.split",
        obj=cycle,
        details={"from": theme.name, "to": name, "issue_texts": moved},
    )
    return name
