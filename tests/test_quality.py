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


def test_every_table_on_a_page_scrolls_in_its_own_labelled_region():
    """A wide table must never make the page scroll sideways (WCAG 1.4.10): each GOV.UK table
    in a page template sits in a focusable, labelled region that scrolls (PDF and email
    templates excepted: paper and email do not scroll)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    bare = []
    for path in root.rglob("*.html"):
        relative = path.relative_to(root).as_posix()
        if (
            relative.startswith((".venv/", "frontend/", "static/", "var/"))
            or "/pdf/" in relative
            or "/email" in relative
        ):
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<table class="govuk-table', text):
            before = text[: match.start()]
            opened = before.rfind('<div class="app-table-scroll" role="region" aria-label="')
            if opened == -1 or "</div>" in before[opened:] or 'tabindex="0"' not in before[opened:]:
                bare.append(f"{relative}:{before.count(chr(10)) + 1}")
    assert not bare, "Tables outside a scrolling region:\n" + "\n".join(bare)


def test_mypy_finds_nothing_beyond_the_baseline():
    """mypy with django-stubs (pyproject.toml): no new error, and the baseline of errors found
    when the check was introduced only shrinks (tests/typecheck.py)."""
    from tests.typecheck import baseline, current_errors

    found, known = current_errors(), baseline()
    new, gone = found - known, known - found
    assert not new, "mypy finds new errors:\n" + "\n".join(sorted(new))
    assert not gone, (
        "These baseline errors no longer occur: run `.venv/bin/python -m tests.typecheck --write-baseline`\n"
        + "\n".join(sorted(gone))
    )


def test_the_strict_modules_have_no_type_errors_at_all():
    """core/ and every app's services and selectors are checked strictly (pyproject.toml's
    override: every function annotated, generics parameterised, no Any returned): the baseline
    of older errors holds none of theirs."""
    import re

    from tests.typecheck import baseline

    strict = re.compile(r"^(core/|[a-z_]+/(services|selectors)(/|\.py))")
    assert not [error for error in baseline() if strict.match(error)]


def test_there_is_one_way_to_refuse():
    """Services, selectors and views refuse through core.services (refuse_unless, or refuse for
    a branch the type checker narrows on), never by raising PermissionDenied themselves."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    apps = ("core", "partnership", "subgroups", "reviews", "audits", "scrutiny", "training", "engagement", "policies")
    raised = [
        f"{path.relative_to(root)}:{number}"
        for app in apps
        for path in (root / app).rglob("*.py")
        if path.relative_to(root).as_posix() != "core/services/__init__.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "raise PermissionDenied" in line
    ]
    assert not raised, "Refuse with core.services.refuse_unless / refuse:\n" + "\n".join(raised)
