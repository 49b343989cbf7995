"""Safe YAML loading that remembers where every mapping key was written.

Errors found after loading (a wrong type, an unknown field) can then name the line in the
original file, even for YAML that sits inside a Markdown file at some offset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from sysdojo.core.errors import SysdojoError

PathKey = tuple[str | int, ...]
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


def _walk(node: yaml.Node, path: PathKey, offset: int, lines: dict[PathKey, int]) -> None:
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            _walk(value_node, (*path, key), offset, lines)
            lines[(*path, key)] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), offset, lines)


def yaml_load(text: str, *, source: str, line_offset: int = 0, field_name: str | None = None) -> LocatedYaml:
    """Parse YAML safely; a syntax error becomes a SysdojoError with the file line.

    `line_offset` is the number of lines before the YAML text in its file.
    """
    loader = _LOADER(text)
    try:
        # One parse gives both the node tree (for line numbers) and the data built from it.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else line_offset + 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise SysdojoError.at(source, f"malformed YAML: {reason}", line=line, field=field_name) from None
    except yaml.YAMLError as exc:
        raise SysdojoError.at(
            source, f"malformed YAML: {exc}", line=line_offset + 1, field=field_name
        ) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    if node is not None:
        _walk(node, (), line_offset, lines)
    return LocatedYaml(data=data, lines=lines, first_line=line_offset + 1)
