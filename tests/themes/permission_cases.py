"""Permission cases of the themes (the rules: tests/permission_matrix.py): the department and
executives read the themes; only the department edits them."""

from tests.permission_matrix import ALL_GROUPS, DEPARTMENT, Case, cycle_year
from tests.themes.factories import FLOOD, issue
from themes.selectors import themes_for_cycle


def setup(world) -> None:
    """Both groups raised the flooding issue, each in its own words."""
    for group, wording in ((world.group, FLOOD[0]), (world.other_group, FLOOD[2])):
        world.at(group).key_issue_for_themes = issue(cycle=world.cycle, group=group, wording=wording)


def _keys(world) -> list[int]:
    return [theme.key for theme in themes_for_cycle(cycle=world.cycle)]


CASES = [
    Case("themes:theme_list", kwargs=cycle_year, access=ALL_GROUPS),
    Case(
        "themes:theme_rename",
        kwargs=cycle_year,
        access=DEPARTMENT,
        data=lambda w, g: {"theme": _keys(w)[0], "name": "น้ำท่วมขัง"},
    ),
    Case(
        "themes:theme_merge",
        kwargs=cycle_year,
        access=DEPARTMENT,
        data=lambda w, g: {"themes": _keys(w)[:2], "name": "รวม"},
    ),
    Case(
        "themes:theme_split",
        kwargs=cycle_year,
        access=DEPARTMENT,
        data=lambda w, g: {
            "theme": _keys(w)[0],
            "issues": [w.at(w.other_group).key_issue_for_themes.pk],
            "name": "คูคลอง",
        },
    ),
]
