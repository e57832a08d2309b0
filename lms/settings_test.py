"""Settings for the test suite: the real ones, made faster. Services still come from
the environment (``DATABASE_URL``, ``CELERY_BROKER_URL``) so CI tests production's."""

from lms.settings import *  # noqa: F403
from lms.settings import (
    CELERY_BROKER_URL,
    CELERY_RESULT_BACKEND,
    STATIC_ROOT,
    STORAGES,
    VAR_DIR,
)

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SMS_BACKEND = "lms.sms.MemoryBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Tests keep their files and their embedded broker apart from a running `make run`.
TEST_VAR_DIR = VAR_DIR / "test"
MEDIA_ROOT = TEST_VAR_DIR / "media"
if STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    STORAGES["default"] = {**STORAGES["default"], "OPTIONS": {"location": MEDIA_ROOT}}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_FOLDER = TEST_VAR_DIR / "celery" / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "control_folder": str(TEST_VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
if CELERY_RESULT_BACKEND.startswith("file://"):
    CELERY_RESULT_BACKEND = f"file://{TEST_VAR_DIR / 'celery' / 'results'}"

# A connection kept open by the live server's thread would block dropping the test
# database on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
