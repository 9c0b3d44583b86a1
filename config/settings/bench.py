"""Settings for the benchmarks under bench/: PostgreSQL (a database of their own), Celery
eager so a sweep's sends run in-process, and a mail backend that renders but keeps nothing."""

from .test import *  # noqa: F403
from .test import env

DATABASES = {"default": env.db("BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/portal_bench")}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The benchmarks empty their own database between runs (core migration 0009).
DATABASES["default"]["OPTIONS"] = {"options": "-c portal.allow_log_truncate=on"}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "WARNING"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
