from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.roof import views, webapp
from lms.viewsets import ScopedSiteHistoryView, WholeSitePageTypesView

urlpatterns = [
    # First: the learner's URLs hold the player's heartbeat, the busiest request.
    path("", include("trainees.urls")),
    # One login and one password reset for the whole site, with allauth's rate
    # limits: Wagtail's own forms would check passwords and send mail unlimited.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
    ),
    # Wagtail's site history lists every object's log, ours only what the viewer
    # may see; its page types usage counts every scope's pages, ours is for
    # superusers. Same paths as Wagtail's own (so its URL names lead here), resolved
    # before them.
    path(
        "admin/reports/site-history/",
        ScopedSiteHistoryView.as_view(),
    ),
    path(
        "admin/reports/site-history/results/",
        ScopedSiteHistoryView.as_view(results_only=True),
    ),
    path(
        "admin/reports/page-types-usage/",
        WholeSitePageTypesView.as_view(),
    ),
    path(
        "admin/reports/page-types-usage/results/",
        WholeSitePageTypesView.as_view(results_only=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.health, name="health"),
    path("favicon.ico", views.favicon),
    path("manifest.webmanifest", webapp.manifest, name="webapp-manifest"),
    path("sw.js", webapp.service_worker, name="webapp-service-worker"),
    path("offline/", webapp.offline, name="webapp-offline"),
    path("", include("api.urls")),
    path("", include("media.urls")),
    path("", include("competitions.urls")),
    path("", include("inheritors.urls")),
    path("", include("outreach.urls")),
    path("", include("market.urls")),
    path("", include("trainees.evidence.attendance.urls")),
    path("", include("trainees.evidence.practical.urls")),
    path("", include("trainees.evidence.quizzes.urls")),
    path("", include("trainees.certificates.urls")),
    path("", include("trainees.progress.urls")),
    path("", include("trainees.subsidies.urls")),
]

# Nothing under MEDIA_URL is served as a folder, in any mode: certificates, evidence
# archives, practical photos and video originals are private and have views that
# check access; only image renditions are public.
urlpatterns += [
    path(
        settings.MEDIA_URL.lstrip("/") + "images/<path:name>",
        views.public_image,
        name="public_image",
    ),
    path("", include(wagtail_urls)),
]
