"""YAML text -> plain data plus the file line of every key, and a locator that turns paths into errors.

Shared by the estimate and architecture parsers: both read fenced blocks out of Markdown files, so a
block's line 1 sits at file line ``line_offset + 1``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from sysdojo.core.errors import Problem, SysdojoError

PathItem = str | int
Path = tuple[PathItem, ...]


def path_text(path: Path) -> str:
    """("components", "api", "replicas") -> "components.api.replicas"; ("edges", 3) -> "edges[3]"."""
    out = ""
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        else:
            out += f".{item}" if out else item
    return out


@dataclass(frozen=True)
class Locator:
    """Knows the file and the line of each path in a block, as precisely as the input allowed."""

    source: str
    line_offset: int = 0
    lines: Mapping[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        for cut in range(len(path), -1, -1):
            found = self.lines.get(path[:cut])
            if found is not None:
                return found
        return self.line_offset if self.line_offset > 0 else None

    def problem(self, path: Path, message: str) -> Problem:
        return Problem(
            source=self.source, message=message, line=self.line(path), field=path_text(path) or None
        )

    def error(self, path: Path, message: str) -> SysdojoError:
        return SysdojoError(self.problem(path, message))


def suggest(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'replicas'?)" or "" - appended to unknown-name messages."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_keys(loc: Locator, path: Path, data: Mapping[Any, Any], allowed: Iterable[str]) -> None:
    allowed = list(allowed)
    problems = []
    for key in data:
        if key not in allowed:
            msg = f"unknown key {str(key)!r}{suggest(str(key), allowed)}; allowed: {', '.join(allowed)}"
            problems.append(loc.problem((*path, str(key)), msg))
    if problems:
        raise SysdojoError(problems)


def _node_lines(root: yaml.Node, line_offset: int) -> dict[Path, int]:
    lines: dict[Path, int] = {(): line_offset + root.start_mark.line + 1}
    seen: set[int] = set()
    stack: list[tuple[Path, yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        # Anchors/aliases share nodes; visiting each once keeps "billion laughs" inputs linear.
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    child = (*path, str(key_node.value))
                    lines.setdefault(child, line_offset + key_node.start_mark.line + 1)
                    stack.append((child, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines.setdefault(child, line_offset + item.start_mark.line + 1)
                stack.append((child, item))
    return lines


def load_yaml_block(text: str, *, source: str, line_offset: int = 0) -> tuple[Any, Locator]:
    """safe_load the text, keeping key lines; YAML syntax errors become SysdojoError at the file line."""
    if not isinstance(text, str):
        raise SysdojoError.at(source, "expected YAML text", line=line_offset or None)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_offset + mark.line + 1 if mark is not None else (line_offset or None)
        what = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise SysdojoError.at(source, f"YAML syntax error: {what}", line=line) from None
    except yaml.YAMLError as exc:
        raise SysdojoError.at(source, f"YAML error: {exc}", line=line_offset or None) from None
    except RecursionError:
        raise SysdojoError.at(source, "YAML is nested too deeply", line=line_offset or None) from None
    lines = _node_lines(node, line_offset) if node is not None else {}
    return data, Locator(source=source, line_offset=line_offset, lines=lines)
