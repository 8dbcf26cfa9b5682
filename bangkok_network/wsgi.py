"""WSGI entry point (gunicorn bangkok_network.wsgi)."""

import os
import threading

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangkok_network.settings")
application = get_wsgi_application()

from registry.text import warm_up  # noqa: E402  (apps are loaded only once the application exists)

# Refuse to serve without a secret key (Django raises ImproperlyConfigured when it is empty).
settings.SECRET_KEY  # noqa: B018

# The registry's search tokenises Thai with pythainlp, whose word list takes about two seconds to
# load: load it beside the first requests rather than inside someone's first search.
threading.Thread(target=warm_up, name="pythainlp-warm-up", daemon=True).start()
