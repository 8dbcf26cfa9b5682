"""Password reset by e-mail: Django's own views, with Thai templates and a throttle.

A reset mail is sent at most `PASSWORD_RESET_LIMIT_PER_EMAIL` times per e-mail address and a
client address may ask at most `PASSWORD_RESET_LIMIT_PER_ADDRESS` times, both per
`PASSWORD_RESET_WINDOW_MINUTES`, counted in Django's cache. Over the address limit the form says
so (HTTP 429); over the e-mail limit the page looks the same as a sent mail, so that nobody learns
whether an address has an account, and no mail goes out.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from bangkok_network.audit import audit_log


def _hit(key: str, limit: int) -> bool:
    """Count one request against `key`; return whether it is still within `limit` for the window."""
    window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)  # the window starts at the first request
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def email_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    return f"password-reset:email:{digest}"


def password_reset_throttle(*, address: str, email: str) -> str | None:
    """Count a reset request; return which limit it passes ("address" or "email"), or None."""
    if not _hit(f"password-reset:address:{address}", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS):
        return "address"
    if not _hit(email_key(email), settings.PASSWORD_RESET_LIMIT_PER_EMAIL):
        audit_log(actor=None, action="password_reset.throttled", details={"address": address})
        return "email"
    audit_log(actor=None, action="password_reset.requested", details={"address": address})
    return None
