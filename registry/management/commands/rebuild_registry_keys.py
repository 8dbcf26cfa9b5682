"""Recompute the stored search, order and duplicate keys of every registry row (registry.text).

Run it after the key rule changes (or pythainlp is upgraded and the golden tests of the keys were
updated): rows keep the keys they were saved with until then, so search and order would disagree
between old and new rows.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from registry import text
from registry.models import CommunityMember, Member

BATCH = 2000


class Command(BaseCommand):
    help = "คำนวณคีย์ค้นหา เรียงลำดับ และตรวจซ้ำ ของทะเบียนทุกแถวใหม่ (ใช้เมื่อกฎของคีย์เปลี่ยน)"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="นับแถวที่คีย์จะเปลี่ยนโดยไม่บันทึก")

    def handle(self, *args, **options):
        for model in (CommunityMember, Member):
            checked, changed = self._rebuild(model, dry_run=options["dry_run"])
            self.stdout.write(
                f"{model._meta.verbose_name_plural}: ตรวจ {checked:,} แถว คีย์เปลี่ยน {changed:,} แถว"
                + (" (ไม่บันทึก)" if options["dry_run"] else "")
            )

    @staticmethod
    def _rebuild(model, *, dry_run: bool) -> tuple[int, int]:
        fields = ("pk", "kind", "prefix", "first_name", "last_name", "organisation_name", "phone", "email")
        checked = changed = 0
        last = 0
        while True:
            rows = list(
                model.objects.filter(pk__gt=last)
                .order_by("pk")
                .only(*fields, "is_erased", *text.KEY_FIELDS)[:BATCH]
            )
            if not rows:
                return checked, changed
            stale = []
            for row in rows:
                keys = text.keys_for(row)
                if any(getattr(row, name) != value for name, value in keys.items()):
                    for name, value in keys.items():
                        setattr(row, name, value)
                    stale.append(row)
            if stale and not dry_run:
                with transaction.atomic():
                    model.objects.bulk_update(stale, text.KEY_FIELDS)
            checked, changed, last = checked + len(rows), changed + len(stale), rows[-1].pk
