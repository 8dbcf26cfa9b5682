"""Links shown only to whom they work (loaded as a builtin in every template).

``{% url_if_allowed 'cycle_update' cycle.fiscal_year as url %}{% if url %}<a href="{{ url }}">…{% endif %}``
asks the target view's own rule (``permissions.view_opens_for``): a page must never offer a person
a link that answers 403 or 405.
"""

from __future__ import annotations

from django import template

from bangkok_network.permissions import url_if_allowed as _url_if_allowed

register = template.Library()


@register.simple_tag(takes_context=True)
def url_if_allowed(context, url_name, *args, **kwargs) -> str:
    """The URL as ``{% url %}`` gives it when it opens for the request's user, else ""."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return _url_if_allowed(user, url_name, *args, **kwargs) or ""
