"""The dependency rule: the core is pure Python and never imports Django or the web layer."""

from __future__ import annotations

import ast
from pathlib import Path

import sysdojo.core

FORBIDDEN = ("django", "ninja", "sysdojo.web", "sysdojo.cli")


def test_core_imports_no_django_nor_web() -> None:
    core = Path(sysdojo.core.__file__).parent
    offenders = []
    for path in sorted(core.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n == FORBIDDEN[0] or n.startswith(FORBIDDEN)]
    assert offenders == []
