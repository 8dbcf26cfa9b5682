"""Permission cases of the open data (the rules: tests/permission_matrix.py): open to everyone."""

from tests.permission_matrix import EVERYONE, Case, cycle_year

CASES = [
    Case("opendata:index", access=EVERYONE),
    Case("opendata:cycle", kwargs=cycle_year, access=EVERYONE),
    *(
        Case(
            "opendata:dataset",
            kwargs=lambda w, d=dataset, f=fmt: {**cycle_year(w), "dataset": d, "fmt": f},
            access=EVERYONE,
        )
        for dataset in ("groups", "districts", "themes", "projects")
        for fmt in ("csv", "json")
    ),
    Case("opendata_catalog", access=EVERYONE),
]
