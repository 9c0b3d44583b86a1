"""The policies app stands beside reviews, audits and scrutiny: it imports core, partnership
and subgroups only."""

import ast
from pathlib import Path

FORBIDDEN = {"reviews", "audits", "scrutiny", "training", "engagement", "website"}


def test_policies_imports_none_of_its_neighbours():
    offending = []
    for path in Path("policies").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            offending += [f"{path}: {m}" for m in modules if m.split(".")[0] in FORBIDDEN]
    assert not offending
