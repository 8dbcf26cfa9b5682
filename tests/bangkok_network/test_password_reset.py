"""Password reset by e-mail: the link from the login page, the Thai mail, a new password, the throttle."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from bangkok_network.models import Role

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_a_person_who_forgot_the_password_sets_a_new_one_from_the_mailed_link(client, make_user, group):
    user = make_user(Role.GROUP_STAFF, group=group, username="forgetful")
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{RESET}" id="forgot-password">ลืมรหัสผ่าน</a>' in login_page
    response = client.post(RESET, {"email": "FORGETFUL@example.test"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["forgetful@example.test"]
    assert message.subject == "ตั้งรหัสผ่านใหม่ ระบบเครือข่ายประชาสังคม กรุงเทพมหานคร"
    assert "ชื่อผู้ใช้ของท่าน: forgetful" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "ฟ้าใส-2564-ใหม่", "new_password2": "ฟ้าใส-2564-ใหม่"})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("ฟ้าใส-2564-ใหม่")
    # The link works once.
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_page_and_no_mail(client):
    response = client.post(RESET, {"email": "stranger@example.test"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_one_address_gets_at_most_three_mails_an_hour(client, make_user, group, settings):
    make_user(Role.GROUP_STAFF, group=group, username="mailbox")
    for _ in range(settings.PASSWORD_RESET_LIMIT_PER_EMAIL + 2):
        response = client.post(RESET, {"email": "mailbox@example.test"})
        assert response["Location"] == reverse("password_reset_done")  # the page never says
    assert settings.PASSWORD_RESET_LIMIT_PER_EMAIL == 3
    assert len(mail.outbox) == 3


def test_one_client_address_is_refused_past_its_limit(client, settings):
    assert settings.PASSWORD_RESET_LIMIT_PER_ADDRESS == 10
    for n in range(10):
        assert client.post(RESET, {"email": f"person{n}@example.test"}).status_code == 302
    refused = client.post(RESET, {"email": "person10@example.test"})
    assert refused.status_code == 429
    assert "ขอรีเซ็ตรหัสผ่านบ่อยเกินไป กรุณาลองใหม่ในอีก 60 นาที" in refused.content.decode()
    other = client.post(RESET, {"email": "x@example.test"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302  # another address is counted on its own
