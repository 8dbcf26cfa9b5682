"""ASGI entry point."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings")
application = get_asgi_application()

# Refuse to serve without a secret key (Django raises ImproperlyConfigured when it is empty).
settings.SECRET_KEY  # noqa: B018
