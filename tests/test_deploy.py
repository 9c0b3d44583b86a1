"""Production settings pass Django's deployment checks, and refuse to start unsafely."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-that-is-certainly-longer-than-fifty-chars",
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_short_secret_key():
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_its_environment():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_refuses_to_run_without_two_factor_authentication():
    result = _manage("check", env={**PRODUCTION_ENV, "PORTAL_REQUIRE_MFA": "false"})
    assert result.returncode != 0
    assert "Production requires two-factor authentication" in result.stderr


def test_production_collects_its_static_files(tmp_path):
    """What the Docker image build runs: every file a stylesheet refers to must exist, or the
    manifest storage refuses (and the image cannot be built)."""
    result = _manage("collectstatic", "--noinput", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("govuk/portal.*.css"))
