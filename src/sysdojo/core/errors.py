"""The one error type of the core: every message names the file, the line and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    source: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}"


class SysdojoError(Exception):
    """Raised by the core for bad input. Carries one or more problems, each printable on one line."""

    def __init__(self, problems: Problem | list[Problem]) -> None:
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls,
        source: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> SysdojoError:
        return cls(Problem(source=source, message=message, line=line, field=field))
