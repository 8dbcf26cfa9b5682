"""The one error path: services and selectors raise a PortalError, one view mixin answers it.

A service that refuses (a deadline passed, a state that does not allow it, a bad value) raises its
app's ``<Domain>Error``, a subclass of ``PortalError`` with a Thai message the user reads as it is
and, when the message is about one input, that input's ``field``. A selector that finds nothing
the user may see raises ``NotFound``, never an HTTP exception: the command line and background
tasks call the same selectors. Missing rights are Django's ``PermissionDenied`` (it belongs to
``django.core.exceptions``, not to HTTP, and Django already answers it with 403 everywhere).

Views do not catch these themselves:

- ``NotFoundMiddleware`` answers ``NotFound`` with a 404, as Django answers ``Http404``, wherever
  the view raised it. A middleware rather than the mixin below, because views load what their URL
  names in ``dispatch()`` overrides that run before any mixin's ``dispatch()`` (the view class's
  own method comes first): a mixin would let those through as a 500, a middleware cannot be
  bypassed by the order of a class's bases.
- ``PortalErrorMixin`` (part of every portal view through ``RoleRequiredMixin``) turns any other
  ``PortalError`` into an error on the form being sent, or into messages and a redirect to the
  view's ``get_error_url()``; a view with no page to return to (a download) answers 404 with the
  message. It needs the view (its form, its page), hence a mixin.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import redirect

__all__ = ["NotFound", "NotFoundMiddleware", "PortalError", "PortalErrorMixin", "add_form_error"]


class PortalError(Exception):
    """A rule of the programme was broken; the messages are Thai and are shown to the user."""

    def __init__(self, *messages: str, field: str | None = None):
        self.messages = [str(message) for message in messages if message]
        self.field = field
        super().__init__(" ".join(self.messages))

    @classmethod
    def from_validation(cls, exc: ValidationError, **kwargs):
        """Build the error from a model's ``full_clean()``; it names the field when only one is wrong."""
        fields = [name for name in getattr(exc, "error_dict", {}) if name != NON_FIELD_ERRORS]
        field = fields[0] if len(fields) == 1 and len(exc.error_dict) == 1 else None
        return cls(*exc.messages, field=field, **kwargs)


class NotFound(PortalError):
    """Nothing the user may see answers the request (unknown, or another group's: not disclosed)."""


def add_form_error(form, exc: PortalError, *, field: str | None = None) -> None:
    """Put the error's messages on the form: beside its field when the form has one, else on top."""
    name = exc.field if exc.field in form.fields else field
    for message in exc.messages:
        form.add_error(name if name in form.fields else None, message)


class PortalErrorMixin:
    """Answer a PortalError raised while handling the request (views carry no try/except of their own).

    When a bound form is being handled: an error on it (beside ``exc.field``, or ``error_field``,
    when the form has that field) and ``form_invalid``; otherwise each message as
    ``messages.error`` and a redirect to ``get_error_url()``. A view that has nowhere to send the
    user back to (``get_error_url()`` is None) answers 404. ``NotFound`` passes on to
    ``NotFoundMiddleware``.

    A view (or a mixin of its own) says ``error_field`` (the form field a refusal belongs to when
    it names none), ``error_url`` or ``get_error_url()``. They have no defaults here: this mixin
    comes first among a view's bases, so a default of its own would hide the later mixins' ones.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotFound:
            raise
        except PortalError as exc:
            return self.portal_error_response(exc)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if form.is_bound:
            self.bound_form = form
        return form

    def portal_error_response(self, exc: PortalError):
        """Return the answer to a refusal; a view with a page of its own to show may override it."""
        form = getattr(self, "bound_form", None)
        if form is not None:
            add_form_error(form, exc, field=getattr(self, "error_field", None))
            return self.form_invalid(form)
        url = self.get_error_url() if hasattr(self, "get_error_url") else getattr(self, "error_url", None)
        if url is None:
            raise Http404(str(exc)) from exc
        for message in exc.messages:
            messages.error(self.request, message)
        return redirect(url)


class NotFoundMiddleware:
    """Answer NotFound, raised anywhere in a view, with the 404 page (its message in DEBUG)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            # Raised here, Http404 takes Django's own path to the 404 page (handler404 and all).
            raise Http404(str(exception)) from exception
        return None
