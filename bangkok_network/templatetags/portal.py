"""Template tags of the portal's pages (besides the Thai dates and digits of ``thai``)."""

from __future__ import annotations

from django import template
from django.urls import Resolver404, resolve

register = template.Library()


@register.simple_tag
def confirm_for(action: str) -> str:
    """Return what the view at ``action`` says will happen, for its button's ``data-confirm``.

    The words live on the view (``ConfirmMixin.confirm_message``), which also asks on its own page
    when the browser did not: the dialog and that page cannot drift apart.
    """
    try:
        view_class = getattr(resolve(action).func, "view_class", None)
    except Resolver404:
        return ""
    return str(getattr(view_class, "confirm_message", "") or "")
