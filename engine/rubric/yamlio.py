"""Safe YAML loading that remembers where every key and value came from.

Only ``yaml.SafeLoader`` (or its C twin) is used. Mappings load as
:class:`MarkedDict` and sequences as :class:`MarkedList`, which behave like
``dict``/``list`` but keep the 1-based line/column of each key and item, so
validation can point at ``file:line:col``. A duplicate key is an error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import PerfscoreError, Position, Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MarkedDict(dict):
    """A mapping that knows its own position and the position of each key and value."""

    position: Position
    key_positions: dict[Any, Position]
    value_positions: dict[Any, Position]

    def where(self, key: Any | None = None, *, value: bool = False) -> Position:
        if key is None:
            return self.position
        table = self.value_positions if value else self.key_positions
        return table.get(key, self.position)


class MarkedList(list):
    """A sequence that knows its own position and the position of each item."""

    position: Position
    item_positions: list[Position]

    def where(self, index: int | None = None) -> Position:
        if index is None or index >= len(self.item_positions):
            return self.position
        return self.item_positions[index]


def _position(filename: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(filename)
    return Position(filename, mark.line + 1, mark.column + 1)


def _make_loader(filename: str) -> type:
    class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader: Any, node: yaml.MappingNode) -> MarkedDict:
        loader.flatten_mapping(node)
        result = MarkedDict()
        result.position = _position(filename, node.start_mark)
        result.key_positions = {}
        result.value_positions = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise PerfscoreError(
                    Problem(_position(filename, key_node.start_mark), "mapping key is not a scalar",
                            "use a plain text key")
                ) from None
            if key in result:
                first = result.key_positions[key]
                raise PerfscoreError(
                    Problem(_position(filename, key_node.start_mark), f"duplicate key {key!r}",
                            f"each key may appear once in a mapping (first at line {first.line})")
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_positions[key] = _position(filename, key_node.start_mark)
            result.value_positions[key] = _position(filename, value_node.start_mark)
        return result

    def construct_sequence(loader: Any, node: yaml.SequenceNode) -> MarkedList:
        result = MarkedList(loader.construct_object(child, deep=True) for child in node.value)
        result.position = _position(filename, node.start_mark)
        result.item_positions = [_position(filename, child.start_mark) for child in node.value]
        return result

    def construct_timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
        # Dates stay text: metric parsing decides their meaning (2024-09 is a month, not a day).
        return str(loader.construct_scalar(node))

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp_as_text)
    return Loader


def loads(text: str, filename: str = "<string>") -> Any:
    """Parse YAML text; syntax errors and duplicate keys raise :class:`PerfscoreError`."""
    try:
        return yaml.load(text, Loader=_make_loader(filename))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark:
            start = exc.context_mark
            message += f" ({exc.context} started at line {start.line + 1}, column {start.column + 1})"
        raise PerfscoreError(Problem(_position(filename, mark), f"YAML syntax: {message}",
                                     "valid YAML")) from None
    except yaml.YAMLError as exc:
        raise PerfscoreError(Problem(Position(filename), f"YAML: {exc}", "valid YAML")) from None


def load_file(path: str | Path, display_name: str | None = None) -> Any:
    """Read and parse a YAML file (UTF-8, BOM tolerated).

    Results are cached per path, modification time and size, so a rule file read by
    several loaders in one run is parsed once. Callers must not mutate the result.
    """
    path = Path(path)
    name = display_name or str(path)
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is not None:
        return _load_cached(str(path), name, stat.st_mtime_ns, stat.st_size)
    return _load_uncached(path, name)


@lru_cache(maxsize=64)
def _load_cached(path: str, name: str, mtime_ns: int, size: int) -> Any:
    return _load_uncached(Path(path), name)


def _load_uncached(path: Path, name: str) -> Any:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PerfscoreError(Problem(Position(name), "file not found", "an existing YAML file")) from None
    except UnicodeDecodeError as exc:
        raise PerfscoreError(Problem(Position(name), f"not UTF-8 text (byte {exc.start})",
                                     "a UTF-8 encoded YAML file")) from None
    except OSError as exc:
        raise PerfscoreError(Problem(Position(name), f"cannot read: {exc.strerror}",
                                     "a readable file")) from None
    return loads(text, name)
