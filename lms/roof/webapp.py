"""The installable web app: its manifest, its service worker and the offline page.

The service worker keeps only what is the same for everyone: the offline page
(fetched without cookies) and static files. Pages always come from the network,
so a personal page (My learning, a lesson, the account, the admin) is never stored
on the phone, nor is any video, playlist or key; offline, a page shows the offline
page instead. The cache is named after the static manifest, so a release that
changes static files replaces it.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

THEME_COLOR = "#a4262c"
BACKGROUND_COLOR = "#fbf8f3"
ICONS = [
    ("lms/icons/icon-192.png", "192x192", "any"),
    ("lms/icons/icon-512.png", "512x512", "any"),
    ("lms/icons/maskable-512.png", "512x512", "maskable"),
]
# The site's shell: what any page needs to look right, and the script that
# registers the worker.
SHELL_STATIC = ["lms/site.css", "lms/favicon.ico", "lms/webapp.js"] + [
    icon for icon, _size, _purpose in ICONS
]


def static_version() -> str:
    """The static manifest's hash in production (hashed names: a file's URL never
    changes its content); during development, a hash of the shell's URLs."""
    manifest_hash = getattr(staticfiles_storage, "manifest_hash", "")
    if manifest_hash:
        return manifest_hash
    names = "\n".join(static(name) for name in SHELL_STATIC)
    return "dev-" + hashlib.sha256(names.encode()).hexdigest()[:12]


def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, with the icons' static (hashed) URLs."""
    data = {
        "name": _("Jiangxin · ICH workshop skills"),
        "short_name": _("Jiangxin"),
        "lang": get_language(),
        "start_url": reverse("progress:dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static(icon),
                "sizes": size,
                "type": "image/png",
                "purpose": purpose,
            }
            for icon, size, purpose in ICONS
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    patch_cache_control(response, public=True, max_age=3600)
    return response


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that its scope is the whole site."""
    config = {
        "cache": "jiangxin-shell-" + static_version(),
        "offline": reverse("webapp-offline"),
        "static": settings.STATIC_URL,
        "hashed": bool(getattr(staticfiles_storage, "manifest_hash", "")),
        "shell": [reverse("webapp-offline")] + [static(name) for name in SHELL_STATIC],
    }
    response = render(
        request,
        "lms/service_worker.js",
        {"config": json.dumps(config)},
        content_type="text/javascript; charset=utf-8",
    )
    # Browsers look for a new worker at every visit; never an old one from a cache.
    patch_cache_control(response, no_cache=True)
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """The page shown for any page asked for without a network; the same for
    everyone (the worker fetches it without cookies)."""
    response = render(
        request,
        "lms/offline.html",
        {"shell_css": static("lms/site.css"), "theme_color": THEME_COLOR},
    )
    patch_cache_control(response, no_cache=True)
    return response
