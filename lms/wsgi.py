import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

application = get_wsgi_application()

# Import every URL pattern (and with them the admin's view sets) as the worker boots,
# not in the first request it serves: that took about a second per gunicorn worker.
# With ``--preload`` the workers share them from the master.
get_resolver().url_patterns  # noqa: B018
