"""mypy over the apps (configured in pyproject.toml), held to a baseline.

The code predates the type check: the errors mypy found when it was introduced are listed in
tests/mypy-baseline.txt (file, message and code, without line numbers, so that moving code
does not disturb them). The suite fails on any error not in that list, and on any listed error
that no longer occurs, so the list only ever shrinks. After fixing some:

  .venv/bin/python -m tests.typecheck --write-baseline
"""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "mypy-baseline.txt"
_ERROR = re.compile(r"^(?P<path>[^:]+):\d+: error: (?P<message>.*)$")


def current_errors() -> Counter:
    result = subprocess.run(
        [Path(sys.executable).parent / "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"mypy did not run: {result.stdout[-2000:]}{result.stderr[-2000:]}")
    errors: Counter = Counter()
    for line in result.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            errors[f"{match['path']}: {match['message']}"] += 1
    return errors


def baseline() -> Counter:
    errors: Counter = Counter()
    for line in BASELINE.read_text().splitlines():
        if line.strip():
            count, error = line.split(" ", 1)
            errors[error] = int(count)
    return errors


def write_baseline(errors: Counter) -> None:
    BASELINE.write_text("".join(f"{count} {error}\n" for error, count in sorted(errors.items())))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-baseline"]:
        sys.exit(__doc__)
    found = current_errors()
    write_baseline(found)
    print(f"{sum(found.values())} errors written to {BASELINE.relative_to(ROOT)}")
