"""Login throttling on top of django-axes: per user name and address, and per address across user names.

Axes counts failures per combination of lockout parameters but compares every count with the one
`AXES_FAILURE_LIMIT`. One address must be allowed more failures than one user name, because a
district office puts all its staff behind one address: five typos in an office must not lock the
whole office out, yet one password sprayed over every account from one address must be stopped.
The handler below gives the address-only counter its own limit (`AXES_ADDRESS_FAILURE_LIMIT`), as
axes' maintainers suggest (jazzband/django-axes#661: "write a custom handler"), and logs which
limit tripped.
"""

from __future__ import annotations

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

logger = logging.getLogger(__name__)

ADDRESS_ONLY = "ip_address"


def client_ip(request) -> str | None:
    """Return the client's address: REMOTE_ADDR, or the one the outermost trusted proxy saw.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies that each append to X-Forwarded-For, the entry that
    many places from the right was written by our own outermost proxy; entries left of it come from
    the client and could be anything, so a sprayer cannot pick a fresh address per attempt.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for failures from one address."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Return the worst counter, expressed on the per-user scale axes compares with its limit.

        A counter with its own limit L' counts n failures as n * L // L': that reaches L exactly
        when n reaches L', so axes' single comparison locks out at each counter's own limit.
        """
        limit = get_failure_limit(request, credentials)
        worst = 0
        counts: dict[str, int] = {}
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == ADDRESS_ONLY:
                counts["address"] = failures
                worst = max(worst, failures * limit // settings.AXES_ADDRESS_FAILURE_LIMIT)
            else:
                counts["user"] = failures
                worst = max(worst, failures)
        request.portal_failure_counts = counts
        return worst

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        was_locked_out = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or was_locked_out or not getattr(request, "axes_locked_out", False):
            return
        counts = getattr(request, "portal_failure_counts", {})
        limit = get_failure_limit(request, credentials)
        if counts.get("user", 0) >= limit:
            which = f"per-user limit ({limit} failures of one user name from one address)"
        else:
            which = (
                f"per-address limit ({settings.AXES_ADDRESS_FAILURE_LIMIT} failures from one address "
                "across user names)"
            )
        logger.warning(
            "login locked out by the %s: username=%r address=%s",
            which,
            get_client_username(request, credentials),
            request.axes_ip_address,
        )

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """On a good login clear that user's own failures only, not its address's count of others'."""
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=request.axes_ip_address
        ).delete()
        return count
