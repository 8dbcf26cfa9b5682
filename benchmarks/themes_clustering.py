"""Benchmark: the department's themes (segmenting, TF-IDF, grouping) as key issues accumulate.

Six groups raise 3, 25 and 100 key issues each (18, 150 and 600 issues in a cycle), worded their
own way from twelve problems; each group's P1 form answers one issue with ten projects. Prints the
time of ``themes_for_cycle`` (first call, with the word segmenting; then again, words cached), the
themes found and the queries (constant), and the evaluation section with its chart.

    .venv/bin/python benchmarks/themes_clustering.py

Uses a throwaway SQLite file (never the portal's database).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import package_build as data  # noqa: E402  (sets up Django on a throwaway database)

PROBLEMS = [
    ("น้ำท่วมขังในชุมชนเมื่อฝนตกหนัก", "ท่อระบายน้ำอุดตัน คูคลองตื้นเขิน น้ำระบายไม่ทัน"),
    ("รายได้ของผู้สูงอายุและกลุ่มอาชีพ", "ผู้สูงอายุขาดรายได้ สินค้าชุมชนขาดช่องทางจำหน่าย"),
    ("ยาเสพติดในกลุ่มเยาวชน", "เยาวชนเสี่ยงต่อยาเสพติด ขาดพื้นที่สร้างสรรค์"),
    ("ขยะล้นและการคัดแยกขยะ", "ชุมชนไม่คัดแยกขยะ ขยะตกค้างริมถนน"),
    ("ฝุ่นละออง PM2.5 และมลพิษทางอากาศ", "ฝุ่นจากการจราจรและการก่อสร้าง กระทบสุขภาพ"),
    ("ทางเท้าชำรุดและไม่ปลอดภัย", "ทางเท้าแตก มีสิ่งกีดขวาง ผู้พิการใช้ไม่ได้"),
    ("ผู้ป่วยติดเตียงขาดผู้ดูแล", "ผู้ป่วยติดเตียงและผู้พิการขาดผู้ดูแลและอุปกรณ์"),
    ("เด็กปฐมวัยขาดศูนย์พัฒนาเด็กเล็ก", "ศูนย์พัฒนาเด็กเล็กไม่พอ ผู้ปกครองต้องทำงาน"),
    ("ไฟส่องสว่างไม่เพียงพอในซอย", "ซอยเปลี่ยวมืด เกิดเหตุวิ่งราวทรัพย์"),
    ("คลองเน่าเสียและส่งกลิ่นเหม็น", "น้ำเสียจากครัวเรือนลงคลองโดยตรง"),
    ("ชุมชนแออัดเสี่ยงอัคคีภัย", "บ้านไม้หนาแน่น ทางรถดับเพลิงเข้าไม่ถึง"),
    ("การจราจรติดขัดหน้าโรงเรียน", "รถรับส่งนักเรียนจอดซ้อนคัน ไม่มีจุดจอด"),
]
PREFIXES = ["", "ปัญหา", "แก้ไข", "ส่งเสริมการแก้ไข", "เร่งแก้"]


def _seed(cycle, groups, per_group: int) -> None:
    from tests.progress import factories as progress_factories
    from tests.themes.factories import answer, issue

    for g, group in enumerate(groups):
        for n in range(per_group):
            title, problem = PROBLEMS[(g + n) % len(PROBLEMS)]
            prefix = PREFIXES[(g * 7 + n) % len(PREFIXES)]
            raised = issue(cycle=cycle, group=group, wording=(f"{prefix}{title}", problem))
        if not group.p1_forms.filter(cycle=cycle).exists():
            answer(issue=raised)
            for order in range(10):
                progress_factories.project(cycle=cycle, group=group, name=f"โครงการ {order}", order=order)


def main() -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkok_network.models import Cycle, DistrictGroup
    from meetings.models import KeyIssue
    from reports.exporters.evaluation_themes import themes_context
    from themes.clustering import words_of
    from themes.selectors import themes_for_cycle

    data.prepare_database()
    cycle = Cycle.objects.get(fiscal_year=2564)
    groups = list(DistrictGroup.objects.order_by("order"))
    started = time.perf_counter()
    words_of("อุ่นเครื่อง")
    print(
        f"Themes of six groups' key issues (pythainlp dictionary load: {time.perf_counter() - started:.2f} s)"
    )
    done = 0
    for per_group in (3, 25, 100):
        _seed(cycle, groups, per_group - done)
        done = per_group
        words_of.cache_clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            themes = themes_for_cycle(cycle=cycle)
        first = time.perf_counter() - started
        started = time.perf_counter()
        themes_for_cycle(cycle=cycle)
        again = time.perf_counter() - started
        started = time.perf_counter()
        themes_context(cycle=cycle)
        section = time.perf_counter() - started
        print(
            f"  {KeyIssue.objects.count():>4} issues: {len(themes):>3} themes "
            f"({sum(1 for t in themes if t.is_shared)} shared)  first {first:5.2f} s  again {again:5.2f} s  "
            f"evaluation section with chart {section:5.2f} s  {len(queries)} queries"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
