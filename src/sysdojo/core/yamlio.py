"""The one YAML loader of the core: safe, single-pass, and it remembers where every key was written.

Errors found after loading (a wrong type, an unknown field) can then name the line in the original
file, even for YAML that sits inside a Markdown file at some offset: front matter, the flashcard and
quiz blocks, estimate and architecture blocks, answer keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from sysdojo.core.errors import Problem, SysdojoError

PathItem = str | int
PathKey = tuple[PathItem, ...]
Path = PathKey
# libyaml's C parser when PyYAML was built with it (the PyPI wheels are): several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LocatedYaml:
    data: Any
    lines: Mapping[PathKey, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, *path: str | int) -> int:
        """The line of the deepest known prefix of `path` (falls back to the document's start)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return self.first_line


def _node_lines(root: yaml.Node, offset: int) -> dict[PathKey, int]:
    lines: dict[PathKey, int] = {(): root.start_mark.line + 1 + offset}
    seen: set[int] = set()
    stack: list[tuple[PathKey, yaml.Node]] = [((), root)]
    while stack:  # a loop, not recursion: deep nesting must not overflow the stack
        path, node = stack.pop()
        # Anchors and aliases share nodes; visiting each once keeps "billion laughs" inputs linear.
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
                lines.setdefault((*path, key), key_node.start_mark.line + 1 + offset)
                stack.append(((*path, key), value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines.setdefault((*path, index), item.start_mark.line + 1 + offset)
                stack.append(((*path, index), item))
    return lines


def yaml_load(text: str, *, source: str, line_offset: int = 0, field_name: str | None = None) -> LocatedYaml:
    """Parse YAML safely; a syntax error becomes a SysdojoError with the file line.

    `line_offset` is the number of lines before the YAML text in its file.
    """
    if not isinstance(text, str):
        raise SysdojoError.at(source, "expected YAML text", line=line_offset + 1, field=field_name)
    loader = _LOADER(text)
    try:
        # One parse gives both the node tree (for line numbers) and the data built from it.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else line_offset + 1
        reason = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise SysdojoError.at(source, f"malformed YAML: {reason}", line=line, field=field_name) from None
    except yaml.YAMLError as exc:
        raise SysdojoError.at(
            source, f"malformed YAML: {exc}", line=line_offset + 1, field=field_name
        ) from None
    except RecursionError:
        raise SysdojoError.at(
            source, "malformed YAML: nested too deeply", line=line_offset + 1, field=field_name
        ) from None
    finally:
        loader.dispose()
    lines = _node_lines(node, line_offset) if node is not None else {}
    return LocatedYaml(data=data, lines=lines, first_line=line_offset + 1)


# ---- errors that name a path inside a YAML block (estimate and architecture blocks)


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


def load_yaml_block(text: str, *, source: str, line_offset: int = 0) -> tuple[Any, Locator]:
    """yaml_load, with a Locator for the errors found later in the block's data."""
    located = yaml_load(text, source=source, line_offset=line_offset)
    return located.data, Locator(source=source, line_offset=line_offset, lines=located.lines)
