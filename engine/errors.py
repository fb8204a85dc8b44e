"""Error types that carry a source position, so every problem reads ``file:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    """A 1-based line/column inside a file; line 0 means 'the file as a whole'."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"

    def shifted(self, offset: int) -> "Position":
        """The position ``offset`` characters further along the same line."""
        return Position(self.file, self.line, self.col + offset)


@dataclass(frozen=True)
class Problem:
    """One validation finding: where it is, what is wrong, and what was expected."""

    position: Position
    message: str
    expected: str = ""

    def __str__(self) -> str:
        text = f"{self.position}: {self.message}"
        return f"{text}; {self.expected}" if self.expected else text


class PerfscoreError(Exception):
    """Bad input or usage: reported as ``perfscore: error: …`` with exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]  # type: ignore[list-item]
        self.problems: list[Problem | str] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ExpressionError(Exception):
    """A formula that does not parse or names something unknown; ``offset`` is 0-based."""

    def __init__(self, message: str, offset: int = 0, expected: str = ""):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.expected = expected
