"""The suite enforces the checks CI relies on: lint and models matching migrations."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_ruff_finds_nothing():
    result = subprocess.run([BIN / "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout


def test_models_and_migrations_agree():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bandit_finds_nothing():
    apps = [
        "config",
        "core",
        "partnership",
        "subgroups",
        "reviews",
        "audits",
        "scrutiny",
        "training",
        "engagement",
        "policies",
        "website",
    ]
    result = subprocess.run(
        [BIN / "bandit", "-q", "-c", "pyproject.toml", "-r", *apps],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
