"""Django settings for Jiangxin.

All configuration comes from environment variables through ``lms.env``; every one has
an embedded default that runs on one machine without servers. The README lists them.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from lms.env import Env, caches, confirmation_grace, month_day, storages

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

VAR_DIR = env.path("VAR_DIR", BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database and files live here

# --- Safety -----------------------------------------------------------------------

EMBEDDED_SECRET_KEY = "embedded-only-insecure-key-never-use-in-production"

DEBUG = env.bool("DEBUG", True)
SECRET_KEY = env.str("SECRET_KEY", EMBEDDED_SECRET_KEY)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])
# Encrypts and hashes ID and mobile numbers; changing it makes stored ones unreadable.
PERSONAL_DATA_KEY = env.str("PERSONAL_DATA_KEY", SECRET_KEY)

if not DEBUG:
    if SECRET_KEY == EMBEDDED_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DEBUG is off but SECRET_KEY is the embedded default or shorter than 50 "
            "characters: set SECRET_KEY to a long random value."
        )
    if (
        PERSONAL_DATA_KEY in (SECRET_KEY, EMBEDDED_SECRET_KEY)
        or len(PERSONAL_DATA_KEY) < 32
    ):
        raise ImproperlyConfigured(
            "DEBUG is off but PERSONAL_DATA_KEY is unset, equal to SECRET_KEY or "
            "shorter than 32 characters: set it to its own long random value."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DEBUG is off but ALLOWED_HOSTS is empty: list the site's host names."
        )
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override it to SAMEORIGIN.

# --- Applications -----------------------------------------------------------------

INSTALLED_APPS = [
    # Ours first, so their templates override allauth's and Wagtail's.
    "lms",
    "lms.roof",
    "media",
    "inheritors",
    "courses",
    "trainees",
    "trainees.evidence.attendance",
    "trainees.evidence.practical",
    "trainees.evidence.quizzes",
    "trainees.certificates",
    "trainees.progress",
    "trainees.subsidies",
    "competitions",
    "market",
    "outreach",
    "reporting",
    "xapi",
    "api",
    # django-ninja: its docs page with its own JS and CSS, no CDN.
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    # The trainee's signed-in devices, listed and ended from the account page.
    "allauth.usersessions",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON gzipped (WhiteNoise serves static files precompressed).
    "lms.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.parsing.BadInputMiddleware",
]

ROOT_URLCONF = "lms.roof.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env.str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jiangxin.sqlite3'}"),
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: wait for locks, and take
    # the write lock at the start of a transaction rather than failing midway.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
elif env.bool("DATABASE_PREPARED_STATEMENTS", True):
    # Lets the heartbeat's statement, the one a cursor binding on the server runs
    # (trainees.heartbeat_store), be prepared once per connection instead of planned
    # on every heartbeat. Django's own cursors bind on the client and never prepare.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = caches(env)
# Where the cache is shared by every process (Redis), sessions are read from it and
# written through to the database: a logged-in request (a heartbeat every few
# seconds per viewer) costs no database read for its session.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", VAR_DIR / "media")
STORAGES = storages(
    env,
    media_root=MEDIA_ROOT,
    static_storage=(
        "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    ),
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MEDIA_MAX_UPLOAD_BYTES = env.int("MEDIA_MAX_UPLOAD_BYTES", 2 * 1024**3)
# Resumable uploads: their partial files (when no bucket is set), and how long an
# unfinished or unused one is kept before it is discarded.
RESUMABLE_UPLOAD_DIR = env.path("RESUMABLE_UPLOAD_DIR", VAR_DIR / "uploads")
RESUMABLE_UPLOAD_KEEP_HOURS = env.int("RESUMABLE_UPLOAD_KEEP_HOURS", 48)
# A video whose processing shows no progress for this long is failed (a dead worker).
MEDIA_STUCK_AFTER_MINUTES = env.int("MEDIA_STUCK_AFTER_MINUTES", 60)
# Videos longer than this many seconds are transcoded in chunks of TRANSCODE_CHUNK_S
# (rounded down to the 4-second segment grid), by as many media workers as are free.
TRANSCODE_CHUNK_THRESHOLD_S = env.int("TRANSCODE_CHUNK_THRESHOLD_S", 180)
TRANSCODE_CHUNK_S = env.int("TRANSCODE_CHUNK_S", 60)
# Segments (4 s each) per AES-128 key window of an encrypted ladder: watch time is
# credited only for windows whose keys the playback session fetched (issue 16).
MEDIA_KEY_WINDOW_SEGMENTS = env.int("MEDIA_KEY_WINDOW_SEGMENTS", 3)

# --- Verified watch time ------------------------------------------------------------

# The player reports every this many seconds (and on pause, seek, end, page hide).
WATCH_HEARTBEAT_SECONDS = env.int("WATCH_HEARTBEAT_SECONDS", 5)
# How long a process remembers whose login a heartbeat's or key fetch's session is
# (trainees.logins); 0 reads the session every time.
HEARTBEAT_LOGIN_SECONDS = env.float("HEARTBEAT_LOGIN_SECONDS", 30.0)
# Playback faster than this earns no watch time.
WATCH_MAX_CREDITED_RATE = env.float("WATCH_MAX_CREDITED_RATE", 2.0)
# Attention checks (防挂机) come this many seconds of video apart, drawn at random
# between the two; the trainee has ATTENTION_ANSWER_SECONDS to tap.
ATTENTION_CHECK_GAP_SECONDS = (
    env.int("ATTENTION_CHECK_MIN_GAP_SECONDS", 120),
    env.int("ATTENTION_CHECK_MAX_GAP_SECONDS", 600),
)
ATTENTION_ANSWER_SECONDS = env.int("ATTENTION_ANSWER_SECONDS", 30)
# Who compares face captures with the trainee (trainees.identity): by default, people.
IDENTITY_VERIFIER = env.str("IDENTITY_VERIFIER", "trainees.identity.ManualReview")

# --- Attendance and certificates ------------------------------------------------------

# A phone that gives its coordinates must be this close to the venue to check in.
ATTENDANCE_RADIUS_METRES = env.int("ATTENDANCE_RADIUS_METRES", 300)
# Fonts with Chinese glyphs for certificate PDFs, first found wins ("path#face" picks
# a face of a .ttc); empty: the usual Debian and Fedora locations of Noto CJK / WQY.
CERTIFICATE_FONTS = env.list("CERTIFICATE_FONTS", [])
# Public certificate lookups per client address and minute.
CERTIFICATES_VERIFY_PER_MINUTE = env.int("CERTIFICATES_VERIFY_PER_MINUTE", 20)
# Requests a minute per API token (or per session), beyond which the API answers 429.
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", 120)
# Buyers' inquiries per client address and hour, and the seconds a person needs at
# least to fill the form (faster is a robot's).
INQUIRIES_PER_HOUR = env.int("INQUIRIES_PER_HOUR", 10)
INQUIRY_MIN_FILL_SECONDS = env.int("INQUIRY_MIN_FILL_SECONDS", 3)

# --- Workshops --------------------------------------------------------------------

# Until which day (month, day) of the following year a workshop may still confirm the
# year just ended, by province code ("" for every other province; None: no grace).
WORKSHOP_CONFIRMATION_GRACE = confirmation_grace(env)

# --- Subsidies --------------------------------------------------------------------

# Years each claim's evidence archive is kept (and cannot be deleted) after it is made.
SUBSIDY_EVIDENCE_RETENTION_YEARS = env.int("SUBSIDY_EVIDENCE_RETENTION_YEARS", 5)
if SUBSIDY_EVIDENCE_RETENTION_YEARS < 5:
    raise ImproperlyConfigured(
        "SUBSIDY_EVIDENCE_RETENTION_YEARS is below 5: subsidy evidence is kept for "
        "at least five years."
    )

# --- Learning records (xAPI) --------------------------------------------------------

# The learning record store (LRS) that receives xAPI statements, e.g.
# https://lrs.example.cn/xAPI/ ; statements are written and sent only when the
# endpoint and both credentials (HTTP basic authentication) are set.
XAPI_LRS_ENDPOINT = env.str("XAPI_LRS_ENDPOINT", "")
XAPI_LRS_USERNAME = env.str("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = env.str("XAPI_LRS_PASSWORD", "")
# Statements sent per request to the LRS.
XAPI_BATCH_SIZE = env.int("XAPI_BATCH_SIZE", 100)
# Seconds to wait for the LRS before a batch counts as failed.
XAPI_TIMEOUT_SECONDS = env.int("XAPI_TIMEOUT_SECONDS", 20)

# --- Statistics reports -------------------------------------------------------------

# When the level above expects a region's statistics report: a year's on this day
# (MM-DD) of the following year, a quarter's on this day of the following month;
# officers who have not submitted are reminded this many days before.
STATISTICS_REPORT_YEAR_DUE = month_day(env, "STATISTICS_REPORT_YEAR_DUE", "01-31")
STATISTICS_REPORT_QUARTER_DUE_DAY = env.int("STATISTICS_REPORT_QUARTER_DUE_DAY", 15)
if not 1 <= STATISTICS_REPORT_QUARTER_DUE_DAY <= 28:
    raise ImproperlyConfigured("STATISTICS_REPORT_QUARTER_DUE_DAY must be 1 to 28.")
STATISTICS_REPORT_REMINDER_DAYS = env.int("STATISTICS_REPORT_REMINDER_DAYS", 7)

# --- Accounts ---------------------------------------------------------------------

AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "progress:dashboard"
WAGTAILADMIN_LOGIN_URL = "account_login"
# Staff reset their password through allauth too (lms.roof.urls): one rate limit.
WAGTAIL_PASSWORD_RESET_ENABLED = False

EMAIL_HOST = env.str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Jiangxin <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

ACCOUNT_ADAPTER = "lms.accounts.AccountAdapter"
# Trainees sign up with a mobile number and a code by text message; email and
# password are optional. "phone" is not starred so that accounts without a number
# (staff, older email accounts) still log in: lms.accounts.SignupForm requires it.
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone", "email", "password1", "password2"]
ACCOUNT_FORMS = {
    "login": "lms.accounts.LoginForm",
    "signup": "lms.accounts.SignupForm",
    "request_login_code": "lms.accounts.RequestLoginCodeForm",
    "confirm_login_code": "lms.accounts.ConfirmLoginCodeForm",
    "change_phone": "lms.accounts.ChangePhoneForm",
    "verify_phone": "lms.accounts.VerifyPhoneForm",
    "confirm_reauthentication_code": "lms.accounts.ConfirmReauthenticationCodeForm",
}
# allauth warns that no login method is a required sign-up field: the phone is
# required, by the form rather than the setting (see above).
SILENCED_SYSTEM_CHECKS = ["account.W001"]
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 5 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 10 * 60
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 3
ACCOUNT_UNIQUE_EMAIL = True
# Mail that nobody can receive cannot verify anything: mandatory once real mail is on.
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if EMAIL_HOST else "optional"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[匠心 Jiangxin] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Trainees open links in a messaging app's browser, which forgets cookies that end
# with the browser: stay signed in for SESSION_COOKIE_DAYS; the account page lists
# the signed-in devices and ends any of them (allauth.usersessions).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_DAYS", 30) * 24 * 3600
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "request_login_code": "20/m/ip,5/m/key",
    "verify_phone": "1/30s/key,10/m/ip",
}

# Text messages: which backend sends them (lms.sms; docs/sms.md), and how many one
# number or one client address may ask for: (messages, seconds), each window apart.
SMS_BACKEND = {
    "console": "lms.sms.ConsoleBackend",
    "memory": "lms.sms.MemoryBackend",
    "aliyun": "lms.sms.AliyunBackend",
}.get(env.str("SMS_BACKEND", "console")) or env.str("SMS_BACKEND")
SMS_SEND_LIMITS = {
    "number": [(1, 60), (5, 60 * 60), (10, 24 * 60 * 60)],
    "ip": [(10, 60 * 60), (50, 24 * 60 * 60)],
}
SMS_SIGN_NAME = env.str("SMS_SIGN_NAME")
SMS_TEMPLATES = {
    "verification_code": env.str("SMS_TEMPLATE_VERIFICATION_CODE"),
    "account_exists": env.str("SMS_TEMPLATE_ACCOUNT_EXISTS"),
    "unknown_account": env.str("SMS_TEMPLATE_UNKNOWN_ACCOUNT"),
}
SMS_ALIYUN_ACCESS_KEY_ID = env.str("SMS_ALIYUN_ACCESS_KEY_ID")
SMS_ALIYUN_ACCESS_KEY_SECRET = env.str("SMS_ALIYUN_ACCESS_KEY_SECRET")
SMS_ALIYUN_ENDPOINT = env.str("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com")

# --- Language and time ------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Our catalogue first; then Chinese for the strings Wagtail's own zh_Hans leaves out.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "lms" / "wagtail_locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Wagtail ----------------------------------------------------------------------

WAGTAIL_SITE_NAME = "匠心 Jiangxin"
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", "http://localhost:8000")
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's "what's new" panel is about the CMS, in English, for its developers.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Names every browser's Intl knows: the default list has "localtime", a file of the
# server's tz database that Chromium rejects (RangeError on the account page).
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "UTC"]
# The admin offers the site's two languages, not the forty Wagtail knows.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]

# --- Celery -----------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "celery" / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Producer and worker share one folder: a broker that needs no server.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # Late acknowledgement redelivers a job whose worker died; a transcode may run
    # long, so the broker waits this long before it assumes the worker is gone.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 6 * 3600)
    }
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else f"file://{VAR_DIR / 'celery' / 'results'}",
)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "lms.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    "close-lapsed-competition-registrations": {
        "task": "competitions.tasks.close_lapsed_registrations_task",
        "schedule": crontab(minute="*/10"),
    },
    "fail-stuck-video-assets": {
        "task": "media.tasks.fail_stuck_assets_task",
        "schedule": crontab(minute="*/10"),
    },
    "discard-stale-uploads": {
        "task": "media.tasks.discard_stale_uploads_task",
        "schedule": crontab(minute=23),
    },
    "cancel-lapsed-workshops": {
        "task": "inheritors.tasks.cancel_lapsed_workshops_task",
        "schedule": crontab(hour=2, minute=41),
    },
    "close-overdue-quiz-attempts": {
        "task": "trainees.evidence.quizzes.tasks.close_overdue_attempts_task",
        "schedule": crontab(minute="*/5"),
    },
    "end-public-notices": {
        "task": "trainees.subsidies.tasks.end_public_notices_task",
        "schedule": crontab(hour=1, minute=23),
    },
    "archive-missing-claims": {
        "task": "trainees.subsidies.tasks.archive_missing_claims_task",
        "schedule": crontab(hour=1, minute=47),
    },
    "resend-xapi-statements": {
        "task": "xapi.tasks.resend_statements_task",
        "schedule": crontab(minute="*"),
    },
    "send-statistics-report-reminders": {
        "task": "reporting.reports.tasks.send_report_reminders_task",
        "schedule": crontab(hour=8, minute=5),
    },
    "send-ip-expiry-reminders": {
        "task": "outreach.tasks.send_ip_expiry_reminders_task",
        "schedule": crontab(hour=8, minute=17),
    },
    "send-survey-reminders": {
        "task": "outreach.tasks.send_survey_reminders_task",
        "schedule": crontab(hour=8, minute=29),
    },
}
# Task modules outside an app's own tasks.py (autodiscovered ones need no entry).
CELERY_IMPORTS = ["reporting.reports.tasks"]
# Transcoding has its own queue; the sweeper of stuck jobs must not wait behind them.
CELERY_TASK_ROUTES = {
    "media.tasks.fail_stuck_assets_task": {"queue": "default"},
    "media.tasks.*": {"queue": "media"},
}

# --- Logging ----------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
