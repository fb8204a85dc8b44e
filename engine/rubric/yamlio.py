"""Safe YAML loading that remembers where every key and value came from.

Only ``yaml.SafeLoader`` (or its C twin) is used. Mappings load as
:class:`MarkedDict` and sequences as :class:`MarkedList`, which behave like
``dict``/``list`` but keep the 1-based line/column of each key and item, so
validation can point at ``file:line:col``. A duplicate key is an error.

Limits (README "Limits and safety"), each refused with a positioned Chinese error before
the document is built into Python objects, so a hostile file fails in milliseconds:

* a file of at most :data:`MAX_BYTES` bytes, and only a regular file (a FIFO would block);
* at most :data:`MAX_ALIASES` alias uses (``*name``), and the document as expanded by its
  aliases at most :data:`MAX_NODES` nodes — an alias bomb ("billion laughs") is refused,
  never expanded;
* nesting at most :data:`MAX_DEPTH` levels;
* integers of at most :data:`MAX_INT_DIGITS` digits;
* mapping keys that are text or numbers (never null; true/false only where a caller allows
  them, as the extraction lexicon's flags do); no ``!!set``/``!!omap``/``!!pairs``/
  ``!!binary`` (a set's order would depend on the hash seed); no NUL character.
"""

from __future__ import annotations

from functools import lru_cache
from stat import S_ISREG
from pathlib import Path
from typing import Any

import yaml

from ..errors import PerfscoreError, Position, Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 4 << 20  # 4 MiB: the biggest shipped rule file is ~10 KB
MAX_ALIASES = 1_000
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_INT_DIGITS = 100
_REFUSED_TAGS = ("tag:yaml.org,2002:set", "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs",
                 "tag:yaml.org,2002:binary")


def _limit(filename: str, node: yaml.Node, message: str, expected: str) -> PerfscoreError:
    return PerfscoreError(Problem(_position(filename, node.start_mark), message, expected))


def check_node_limits(root: yaml.Node, filename: str) -> None:
    """Refuse a composed document over the alias, size or depth limits, walking it without recursion and
    without expanding aliases (each node is sized once; a node reached again is an alias use)."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    aliases = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _node_children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            open_nodes.discard(key)
            if sizes[key] > MAX_NODES:
                raise _limit(filename, node, f"YAML 经别名展开后超过 {MAX_NODES:,} 个节点（疑似别名炸弹）",
                             "应减少别名（*name）引用，不让文档成倍展开")
            continue
        if key in sizes:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _limit(filename, node, f"YAML 别名引用超过 {MAX_ALIASES:,} 次",
                             f"别名引用应不超过 {MAX_ALIASES:,} 次")
            continue
        if key in open_nodes:  # a node inside itself (libyaml refuses recursive anchors; kept as a guard)
            raise _limit(filename, node, "YAML 别名引用了自身", "应去掉引用自身的别名")
        if node.tag in _REFUSED_TAGS:
            raise _limit(filename, node, f"不支持的 YAML 类型 {node.tag.rsplit(':', 1)[-1]}",
                         "应只用映射、列表、文本和数字")
        open_nodes.add(key)
        stack.append((node, True))
        if len(open_nodes) > MAX_DEPTH:
            raise _limit(filename, node, f"YAML 嵌套超过 {MAX_DEPTH} 层", f"嵌套应不超过 {MAX_DEPTH} 层")
        for child in reversed(_node_children(node)):
            if id(child) in sizes:
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise _limit(filename, child, f"YAML 别名引用超过 {MAX_ALIASES:,} 次",
                                 f"别名引用应不超过 {MAX_ALIASES:,} 次")
            else:
                stack.append((child, False))


def _node_children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


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


def _make_loader(filename: str, boolean_keys: bool = True) -> type:
    class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
        def get_single_data(self) -> Any:
            node = self.get_single_node()
            if node is None:
                return None
            check_node_limits(node, filename)
            return self.construct_document(node)

    def construct_mapping(loader: Any, node: yaml.MappingNode) -> MarkedDict:
        loader.flatten_mapping(node)
        result = MarkedDict()
        result.position = _position(filename, node.start_mark)
        result.key_positions = {}
        result.value_positions = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key is None or (isinstance(key, bool) and not boolean_keys) or not isinstance(key, (str, int, float)):
                what = "空值" if key is None else "布尔值" if isinstance(key, bool) else "列表或映射"
                raise PerfscoreError(
                    Problem(_position(filename, key_node.start_mark), f"键不能是{what}（{key_node.value!r}）"
                            if isinstance(key_node, yaml.ScalarNode) else f"键不能是{what}",
                            "应为普通文本键（需要时加引号：'null'、'true'）")
                ) from None
            if key in result:
                first = result.key_positions[key]
                raise PerfscoreError(
                    Problem(_position(filename, key_node.start_mark), f"键“{key}”重复",
                            f"同一映射中每个键只能出现一次（第一次在第 {first.line} 行）")
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

    def construct_int(loader: Any, node: yaml.ScalarNode) -> int:
        if len(str(node.value)) > MAX_INT_DIGITS:
            raise PerfscoreError(Problem(_position(filename, node.start_mark),
                                         f"整数过长（{len(str(node.value)):,} 位）", f"应不超过 {MAX_INT_DIGITS} 位"))
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)

    def construct_text(loader: Any, node: yaml.ScalarNode) -> str:
        value = loader.construct_scalar(node)
        if "\x00" in value:
            raise PerfscoreError(Problem(_position(filename, node.start_mark), "文本中含 NUL 字符（\\0）",
                                         "应为不含 NUL 字符的文本"))
        return value

    Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
    Loader.add_constructor("tag:yaml.org,2002:str", construct_text)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp_as_text)
    return Loader


def loads(text: str, filename: str = "<string>", boolean_keys: bool = True) -> Any:
    """Parse YAML text; syntax errors, duplicate keys and the limits above raise :class:`PerfscoreError`."""
    if len(text) > MAX_BYTES:
        raise PerfscoreError(Problem(Position(filename), f"YAML 文本过大（{len(text):,} 个字符，上限 {MAX_BYTES:,}）",
                                     f"应不超过 {MAX_BYTES >> 20} MB"))
    try:
        return yaml.load(text, Loader=_make_loader(filename, boolean_keys))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _syntax_words(exc.problem or exc.context or "")
        if exc.context and exc.context_mark and exc.problem_mark:
            start = exc.context_mark
            message += f"（{_syntax_words(exc.context, _CONTEXTS)}始于第 {start.line + 1} 行第 {start.column + 1} 列）"
        raise PerfscoreError(Problem(_position(filename, mark), f"YAML 语法错误：{message}",
                                     "应为有效的 YAML（检查缩进、冒号后的空格和引号是否成对）")) from None
    except yaml.YAMLError as exc:
        raise PerfscoreError(Problem(Position(filename), f"YAML 错误：{exc}", "应为有效的 YAML")) from None


# PyYAML's (libyaml's) words for what it met, in Chinese; a phrase not listed stays as PyYAML says it.
_PROBLEMS = (
    ("mapping values are not allowed in this context", "此处不能出现“键: 值”（缩进有误，或含“: ”的文本未加引号）"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”（缩进有误，或含“: ”的文本未加引号）"),
    ("could not find expected ':'", "找不到应有的冒号“:”"),
    ("found character that cannot start any token", "此处的字符不能开始任何内容（用了制表符缩进，或以 @、` 开头的文本未加引号）"),
    ("found character '\\t' that cannot start any token", "制表符不能用于缩进（应改用空格）"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合）"),
    ("found undefined alias", "引用了未定义的别名"),
    ("second occurrence", "锚点重名"),
    ("did not find expected key", "找不到应有的键（缩进不一致？）"),
    ("did not find expected node content", "找不到应有的内容"),
    ("did not find expected ',' or ']'", "找不到应有的“,”或“]”"),
    ("did not find expected ',' or '}'", "找不到应有的“,”或“}”"),
    ("did not find expected '-' indicator", "找不到应有的“- ”列表项（缩进不一致？）"),
    ("did not find expected <document start>", "文档在此之前已结束，之后多出了内容"),
    ("did not find expected comment or line break", "此处应为注释或换行"),
    ("found unexpected ':'", "此处不应出现冒号“:”"),
    ("expected <block end>", "缩进不一致：此处应结束上一层"),
    ("expected <document start>", "文档在此之前已结束，之后多出了内容"),
    ("expected a comment or a line break", "此处应为注释或换行"),
    ("expected alphabetic or numeric character", "此处应为字母或数字"),
)
# What PyYAML was reading when it stopped (the context), as the thing that started at the context mark.
_CONTEXTS = (
    ("while scanning a simple key", "所在的键"),
    ("while scanning a quoted scalar", "所在的加引号文本"),
    ("while scanning a block scalar", "所在的多行文本"),
    ("while scanning an alias", "所在的别名"),
    ("while scanning an anchor", "所在的锚点"),
    ("while scanning for the next token", "所在的内容"),
    ("while parsing a block mapping", "所在的映射"),
    ("while parsing a block collection", "所在的列表"),
    ("while parsing a flow mapping", "所在的 {…} 映射"),
    ("while parsing a flow sequence", "所在的 […] 列表"),
    ("while parsing a flow node", "所在的 {…}/[…]"),
    ("while parsing a block node", "所在的内容"),
    ("while composing a mapping", "所在的映射"),
    ("found duplicate anchor", "第一个同名锚点"),
)


def _syntax_words(text: str, table: tuple[tuple[str, str], ...] = _PROBLEMS) -> str:
    """PyYAML's phrase in Chinese when it is a known one (what it found kept after it, in brackets);
    otherwise as PyYAML wrote it."""
    for english, chinese in table:
        if text.startswith(english):
            rest = text[len(english):].strip(" ,;").replace("but found", "实际遇到")
            return f"{chinese}（{rest}）" if rest and table is _PROBLEMS else chinese
    return text or "无效的 YAML"


def load_file(path: str | Path, display_name: str | None = None, boolean_keys: bool = True) -> Any:
    """Read and parse a YAML file (UTF-8, BOM tolerated).

    Results are cached per path, modification time and size, so a rule file read by
    several loaders in one run is parsed once. Callers must not mutate the result.
    Only a regular file of at most :data:`MAX_BYTES` is read (a FIFO or a device is refused, not opened).
    """
    path = Path(path)
    name = display_name or str(path)
    try:
        info = path.stat()
    except (OSError, ValueError):
        info = None
    if info is not None:
        if not S_ISREG(info.st_mode):
            raise PerfscoreError(Problem(Position(name), "不是普通文件（文件夹、命名管道或设备），不读取",
                                         "应为 YAML 文件"))
        if info.st_size > MAX_BYTES:
            raise PerfscoreError(Problem(Position(name), f"文件过大（{info.st_size:,} 字节，上限 {MAX_BYTES:,}）",
                                         f"应为不超过 {MAX_BYTES >> 20} MB 的 YAML 文件"))
        return _load_cached(str(path), name, info.st_mtime_ns, info.st_size, boolean_keys)
    return _load_uncached(path, name, boolean_keys)


@lru_cache(maxsize=64)
def _load_cached(path: str, name: str, mtime_ns: int, size: int, boolean_keys: bool = True) -> Any:
    return _load_uncached(Path(path), name, boolean_keys)


def _load_uncached(path: Path, name: str, boolean_keys: bool = True) -> Any:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise PerfscoreError(Problem(Position(name), f"文件过大（超过 {MAX_BYTES:,} 字节）",
                                         f"应为不超过 {MAX_BYTES >> 20} MB 的 YAML 文件"))
        text = data.decode("utf-8-sig")
    except FileNotFoundError:
        raise PerfscoreError(Problem(Position(name), "找不到文件", "应为已有的 YAML 文件")) from None
    except UnicodeDecodeError as exc:
        raise PerfscoreError(Problem(Position(name), f"不是 UTF-8 文本（字节偏移 {exc.start} 处无法解码）",
                                     "应为 UTF-8 编码的 YAML 文件")) from None
    except OSError as exc:
        raise PerfscoreError(Problem(Position(name), f"无法读取文件：{exc.strerror}",
                                     "应为可读取的文件")) from None
    except ValueError:  # a NUL byte in the path
        raise PerfscoreError(Problem(Position(name.replace("\x00", "\\0")), "路径中含 NUL 字符",
                                     "应为不含 NUL 字符的文件路径")) from None
    return loads(text, name, boolean_keys)
