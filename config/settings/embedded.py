"""The embedded default: `make run` on a laptop or a fresh machine.

SQLite under var/, no Redis: Celery tasks run eagerly in the web process and the periodic
sweeps run from an in-process scheduler (`manage.py run_embedded`). Emails print to the
console. Not for real data: production settings live in production.py.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

# A fixed, obviously non-secret key is acceptable only here: the embedded default holds
# fictional demo data and listens on localhost.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="embedded-demo-only-" + "x" * 40)

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people at once: every request writes (the sliding session, allauth's session
    # tracking), and SQLite allows one writer at a time. Write-ahead logging lets readers carry
    # on while someone writes; BEGIN IMMEDIATE takes the write lock when a transaction starts,
    # so two transactions never deadlock upgrading a read lock (which no timeout can cure);
    # and a writer waits up to 20 seconds for the lock instead of failing with "database is
    # locked". (tests/test_embedded_server.py; bench/embedded_load.py for the README's figure.)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://localhost/"  # never used: tasks run eagerly; a host keeps kombu quiet

# Serve static files from the source folders without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo signs in with a password alone so that anyone can try it; production refuses this.
PORTAL_REQUIRE_MFA = env.bool("PORTAL_REQUIRE_MFA", default=False)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
