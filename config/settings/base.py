"""Settings shared by every way of running the portal.

Everything that differs between the embedded demo, the tests and production is read from the
environment (see the README's "Configuration" section for every variable) or set in the
module for that mode: ``embedded.py``, ``test.py``, ``production.py``.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "guardian",
    "simple_history",
    "django_htmx",
    "csp",
    # The portal's own apps, in dependency order: each may import those above it only
    # (core imports none of them). The demo-data command follows this order too.
    "core",
    "partnership",
    "subgroups",
    "reviews",
    "audits",
    "scrutiny",
    "training",
    "engagement",
    "policies",
    # The public pages read the apps above only through their public_selectors modules.
    "website",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session middleware: public pages leave without cookies (core.public).
    "core.public.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.UserSessionActivityMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",
    "core.middleware.AbsoluteSessionLifetimeMiddleware",
    "core.middleware.RequireMFAMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.RefusalLogMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of the authentication views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "partnership.context_processors.partnership",
            ],
            "builtins": ["core.templatetags.govuk"],
        },
    },
]

# Every form renders with the GOV.UK Design System's markup (error summary, error messages,
# hints, radios, checkboxes) from templates the portal owns: templates/govuk/forms/.
FORM_RENDERER = "core.forms.GovukFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partnership.User"
# core's deadlines name a responsible organisation without importing the partnership app.
PORTAL_ORGANISATION_MODEL = "partnership.Organisation"
# Returns {organisation id: [people to notify]} for a list of organisation ids.
PORTAL_ORGANISATION_CONTACTS = "partnership.permissions.contacts_for_organisations"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # allauth's, reading the person's roles in the same query as the person (core.auth_backends).
    "core.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # NCSC: length over complexity, and no common passwords.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email is the login; accounts are created by invitation only (the
# adapter closes sign-up), and a changed email address must be verified before it is used.
ACCOUNT_ADAPTER = "partnership.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_FORMS = {
    "login": "partnership.forms.LoginForm",
    # The one way to make an account yourself: a practitioner with a work email whose domain
    # belongs to an organisation in the directory, registering to book training (sign-up is
    # open only while this form is configured: partnership.adapters).
    "signup": "training.forms.registration.PractitionerSignupForm",
}
# allauth's own limits key some actions by address alone. Failed logins are django-axes' job
# (by person and address together); the address-wide limits left are generous enough for a
# hospital trust or a police force behind one outgoing address.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    # (bandit mistakes these rate limits for passwords)
    "reset_password": "300/m/ip,5/m/key",  # nosec B105
    "reset_password_from_key": "300/m/ip",  # nosec B105
    "signup": None,
}

# Re-authentication before changing an email address, a password or an authenticator.
ACCOUNT_REAUTHENTICATION_REQUIRED = True

# Multi-factor authentication (django-allauth): authenticator apps, passkeys or security keys,
# and recovery codes. PORTAL_REQUIRE_MFA makes enrolment compulsory (core.middleware); only
# the embedded demo turns it off, and production refuses to start without it.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env("PORTAL_DEFAULT_NAME", default="Safeguarding children partnership")
MFA_TRUST_ENABLED = False
# Accept the authenticator code of the 30-second step before or after this one (RFC 6238's
# allowance for clock drift and a slow network); a code still works only once.
MFA_TOTP_TOLERANCE = 1
PORTAL_REQUIRE_MFA = env.bool("PORTAL_REQUIRE_MFA", default=True)
USERSESSIONS_TRACK_ACTIVITY = True
# However active someone is, they sign in again after this long (NCSC: limit session lifetime).
PORTAL_SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)

# django-axes: lock out repeated failures for a user from an address, never an address
# alone (council, NHS and police staff share outgoing addresses).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "partnership.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# The client's address: REMOTE_ADDR, or with proxies in front the X-Forwarded-For entry the
# outermost of them appended (counted from the right; never what the client wrote). Lockout,
# allauth's rate limits and the security log all use it (core.client_ip).
PORTAL_TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

# django-guardian: no anonymous user row (the portal has no anonymous object access).
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Sessions: 30 minutes idle. The expiry slides because a signed-in person's session is saved
# at least once a minute (core.middleware.UserSessionActivityMiddleware), not on every request:
# saving it on every page cost every page three queries.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The portal is written in British English and offers no other language. Translation machinery
# switched off, every number and date in a template no longer asks which language is active (a
# context-local lookup each, hundreds per page: 15% of a list page's time); dates and numbers
# still follow LANGUAGE_CODE's formats (en_GB), so every page reads the same.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads above this size are refused by the form with a message (not a crash page).
PORTAL_MAX_UPLOAD_BYTES = env.int("PORTAL_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_DEFAULT_NAME = env("PORTAL_DEFAULT_NAME", default="Safeguarding children partnership")
# Used to build absolute links in emails and calendar feeds.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# Celery: Redis as broker; tasks acknowledged after they run so a killed worker's task is
# redelivered, and the ledger rows make every send idempotent.
CELERY_BROKER_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
# Publishing gives up after about a second when Redis is down (core.queue logs it and the next
# sweep does the work), rather than holding a page for Celery's default retries.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="portal")
# Every periodic task, in one place. The sweeps derive what is due from the database, so a
# run that is missed or repeated neither loses nor duplicates anything.
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {
        "task": "core.tasks.sweep_deadlines",
        "schedule": crontab(minute="*/15"),
    },
    "notification-digest": {
        "task": "core.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Training: reminders before sessions, evaluation requests after them, 3-month follow-ups
    # and their one chase, each exactly once (training.models.BookingMessage is the ledger).
    "training-messages": {
        "task": "training.tasks.sweep_training_messages",
        "schedule": crontab(minute="5,20,35,50"),
    },
    "retention-review": {
        "task": "core.tasks.retention_review",
        "schedule": crontab(day_of_week="mon", hour=6, minute=30),
    },
    # Tells a lead, once, that the senior officer they invited to sign off did not accept in time.
    "signoff-invitation-expiry": {
        "task": "audits.tasks.tell_expired_invitations",
        "schedule": crontab(minute=40),
    },
    # Closes surveys past their date; sends each response-rate reminder stage once.
    "survey-sweep": {
        "task": "engagement.tasks.sweep_surveys",
        "schedule": crontab(hour=8, minute=5),
    },
}

# Content security policy: no inline script or style; the few scripts carry a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
CSRF_FAILURE_VIEW = "core.views.pages.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

MESSAGE_TAGS = {40: "error"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "security": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        # WeasyPrint logs every layout step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Sign-ins, failures, lockouts, MFA changes and refused requests, as JSON lines in UTC.
        "portal.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
