"""The reports app's own error (a PortalError): a document cannot be built, sent or assessed.

A leaf module, so the services, the background builds and the views raise and catch the same class.
The exporters' ExportError (a document cannot be made) is in ``reports.exporters.base``.
"""

from __future__ import annotations

from bangkok_network.errors import PortalError


class ReportError(PortalError):
    """A document cannot be built or submitted; the message is Thai and is shown to the user."""
