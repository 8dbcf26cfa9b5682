"""Thai everywhere a Thai user looks: Django's own screens (admin, password rules) and month axes."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from bangkok_network.thai import thai_month

pytestmark = pytest.mark.django_db


def _texts(html: str, pattern: str) -> list[str]:
    return [unescape(t).strip() for t in re.findall(pattern, html, flags=re.S)]


def test_the_admin_index_names_every_section_and_list_in_thai(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    sections = _texts(html, r'<caption>\s*<a [^>]*class="section"[^>]*>(.*?)</a>')
    lists = _texts(html, r'<th scope="row" id="[^"]+">\s*<a [^>]*>(.*?)</a>')
    assert len(sections) >= 8 and len(lists) >= 20, (sections, lists)
    # Latin letters are allowed only inside a Thai name (แบบ P1); no name is English alone.
    english = [name for name in sections + lists if not re.search(r"[\u0e00-\u0e7f]", name)]
    assert english == [], english
    assert "ความปลอดภัยการเข้าสู่ระบบ" in sections and "งานเบื้องหลัง (สร้างเอกสาร)" in sections
    assert "ข้ามไปยังเนื้อหาหลัก" in html and "Skip to main content" not in html


def test_the_admins_empty_recent_actions_say_no_entries_yet_not_busy(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    assert "ยังไม่มีรายการ" in html
    assert "ไม่ว่าง" not in html  # Django's Thai for "None available" means "busy"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("k9x", "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร"),
        ("password123", "รหัสผ่านนี้ใช้กันทั่วไปเกินไป"),
        ("4815162342", "รหัสผ่านนี้เป็นตัวเลขทั้งหมด"),
    ],
)
def test_password_rules_answer_in_thai(client, staff, password, message):
    from tests.conftest import PASSWORD

    client.force_login(staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200 and message in html
    assert "This password" not in html


def test_month_names_for_axes_are_thai_abbreviations():
    months = [thai_month(date(2026 + (m < 10), m, 1)) for m in (10, 11, 12, 1, 2, 9)]
    assert months == ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "ก.ย."]


def test_the_calendar_timeline_labels_its_months_in_thai(client, officer, cycle):
    client.force_login(officer)
    html = client.get(reverse("dashboard") + "?cycle=2564").content.decode()
    axis = re.search(r'<div class="timeline-months"[^>]*>(.*?)</div>', html, flags=re.S).group(1)
    labels = re.findall(r"<span[^>]*>([^<]*)</span>", axis)
    assert labels[:3] == ["ต.ค.", "พ.ย.", "ธ.ค."] and len(labels) == 12, labels
