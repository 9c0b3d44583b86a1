"""Settings for the test suite: real PostgreSQL and Redis from the environment."""

import hashlib
import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-only-" + "k" * 50

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/portal"),
}
# Fresh connections by default; the database fault test runs the portal with persistent ones.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Emptying the database between tests TRUNCATEs the append-only logs, which PostgreSQL
# refuses unless a superuser asks first (core migration 0009).
DATABASES["default"]["OPTIONS"] = {"options": "-c portal.allow_log_truncate=on"}
# One test database per checkout, so two clones on one machine never share (and clobber) it.
_checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=f"test_portal_{_checkout}")}
CELERY_TASK_DEFAULT_QUEUE = f"portal-test-{_checkout}"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
# Tasks run in the test's own thread unless a test starts a real worker (tests/celery);
# a queue of this checkout's own keeps two suites on one Redis apart.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# The cache has a Redis database of its own: tests clear it, and must not clear the broker's.
# Under pytest-xdist each worker (gw0, gw1, ...) has its own, one after the other.
_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
_cache_url = env("REDIS_CACHE_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/1")
_cache_base, _cache_db = _cache_url.rsplit("/", 1)
CACHES = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": f"{_cache_base}/{int(_cache_db) + _worker}",
        "KEY_PREFIX": "portal-test",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    },
}
# As in production: sessions read from the shared cache (core.sessions).
SESSION_ENGINE = "core.sessions"

# The default hasher makes every login in the permission matrix take ~1 s.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Worker processes started by the Celery tests write their emails to files instead.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
AXES_FAILURE_LIMIT = 5

# Tests sign people in with force_login; the MFA tests switch enrolment on themselves.
PORTAL_REQUIRE_MFA = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
