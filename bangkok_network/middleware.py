"""Headers every response carries, and how long a signed-in session lasts (the numbers are settings)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

LOGIN_AT = "portal_login_at"
SEEN_AT = "portal_seen_at"


class ThaiFirstLocaleMiddleware:
    """Thai unless the person picked another language with the switcher (Django's language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a civil servant whose
    browser or phone is set to English got an English portal they never asked for. The portal is
    Thai by default for everyone; ``set_language`` (the menu's language button) sets the cookie
    this middleware honours.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = settings.LANGUAGE_CODE
        picked = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if picked:
            try:
                language = translation.get_supported_language_variant(picked)
            except LookupError:
                pass
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def remember_login_time(sender, request, user, **kwargs) -> None:
    """Start a new session's absolute clock (connected to user_logged_in)."""
    request.session[LOGIN_AT] = request.session[SEEN_AT] = time.time()


class SessionLimitMiddleware:
    """End a session SESSION_ABSOLUTE_SECONDS after login; keep the idle clock going while in use.

    The idle limit itself is Django's: the session expires SESSION_COOKIE_AGE after it was last
    saved. Saving on every request (SESSION_SAVE_EVERY_REQUEST) would write the session row each
    second while a build's progress page polls; here it is saved once every SESSION_REFRESH_SECONDS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            if now - session.setdefault(LOGIN_AT, now) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(
                    request,
                    _("ใช้งานต่อเนื่องครบ %(hours)s ชั่วโมงแล้ว ระบบออกจากระบบให้เพื่อความปลอดภัย กรุณาเข้าสู่ระบบอีกครั้ง")
                    % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600},
                )
            elif now - session.get(SEEN_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SEEN_AT] = now  # saved with a fresh expiry: the idle clock starts again
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; nothing a signed-in user receives is stored; the CSP on HTML only.

    Every page and download a signed-in user gets may hold personal data (registry contacts,
    packages), so none is kept in the browser's or a proxy's cache. The page CSP is left off
    non-HTML responses: Chrome shows a PDF through an embedded viewer that the policy would block.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        if not response.get("Content-Type", "").startswith("text/html"):
            response._csp_exempt = True
        return response
