"""Find, load, inherit and validate scoring profiles; load the indicator library from rules/.

``load_profile`` returns a fully validated :class:`~.model.Profile` or raises
:class:`~..errors.PerfscoreError` listing every problem found. A profile's ``audit:``
section selects rules from rules/audit.yaml (:mod:`.audit`).

Rubric layer: imports the shared leaves and rubric modules only.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PerfscoreError, Position, Problem
from .audit import AuditRule, load_rules, parse_rules, select
from .model import Indicator, Profile
from .reader import Reader, suggest
from ..resources import profiles_dir, resolve_inside, rules_dir
from .parse import DEFAULT_GRADES, GRADE_GAPS, MISSING_POLICIES, NA_POLICIES, PARTIAL_RULES, ProfileParser, parse_indicator, parse_indicator_file
from .validate import check_indicator, check_profile
from .vocabulary import MetricSpec, Vocabulary, load_vocabulary, parse_metric
from .yamlio import MarkedDict, MarkedList, load_file

PROFILE_KEYS = ("id", "name", "title", "version", "source", "description", "extends", "parameters", "rounding", "defaults",
                "grades", "grade_gap", "self_check", "indicators", "adjustments", "metrics", "tree", "overrides", "tests", "audit")
MERGED_SECTIONS = ("parameters", "defaults", "rounding", "self_check")
DEFAULTS = {"missing": "zero", "not_applicable": "full", "partial_steps": "ceil"}
# Files in rules/ that are not indicator libraries; each has its own loader.
NON_INDICATOR_FILES = {"metrics.yaml"}
SHIPPED_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")  # a bare name: no folder, no suffix


@dataclass(frozen=True)
class Library:
    """The indicator library and the metric vocabulary, as read from rules/."""

    indicators: dict[str, Indicator]
    vocabulary: Vocabulary
    raw: dict[str, Any]  # indicator id → its YAML mapping (for hashing)
    audit_file: str | None = None  # the audit rules a profile may switch on (None: the installed rules/audit.yaml)
    # the audit rules a scorecard carries, with their mappings by id (used instead of any file when set)
    audit_rules: tuple[tuple[AuditRule, ...], dict[str, Any]] | None = None


def indicator_files(directory: Path | None = None) -> list[Path]:
    directory = directory or rules_dir()
    found = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name in NON_INDICATOR_FILES:
            continue
        data = load_file(path)
        if isinstance(data, dict) and "indicators" in data:
            found.append(path)
    return found


def load_library(directory: Path | None = None) -> Library:
    """The indicators and metric vocabulary of ``directory`` (default: the installed rules/), every file of it."""
    reader = Reader()
    vocabulary = load_vocabulary(directory / "metrics.yaml" if directory is not None else None)
    indicators: dict[str, Indicator] = {}
    raw: dict[str, Any] = {}
    for path in indicator_files(directory):
        data = load_file(path)
        require_text_keys(data)
        for indicator in parse_indicator_file(reader, data, Position(str(path))):
            if indicator.id in indicators:
                first = indicators[indicator.id].position
                reader.problem(indicator.position, f"指标编号“{indicator.id}”重复", f"编号应唯一（第一次出现在 {first}）")
            indicators[indicator.id] = indicator
            check_indicator(reader, indicator, vocabulary)
        for entry in data.get("indicators", []) if isinstance(data, dict) else []:
            if isinstance(entry, dict) and "id" in entry:
                raw[str(entry["id"])] = entry
    if reader.problems:
        raise PerfscoreError(reader.problems)
    return Library(indicators, vocabulary, raw, str(directory / "audit.yaml") if directory is not None else None)


def available_profiles() -> dict[str, Path]:
    """Shipped profile id → file."""
    found: dict[str, Path] = {}
    for path in sorted(profiles_dir().glob("*.yaml")):
        data = load_file(path)
        if isinstance(data, dict) and "id" in data:
            found[str(data["id"])] = path
    return found


def locate(reference: str, relative_to: Path | None = None, where: Position | None = None,
           root: Path | None = None) -> Path:
    """A profile id or a path → the profile file.

    Named on the command line (no ``relative_to``): a path to any file, else a shipped id. Named by
    ``extends:`` inside the profile file in the folder ``relative_to``: see :func:`locate_parent`."""
    if "\x00" in reference:
        raise PerfscoreError(Problem(where or Position(reference.replace("\x00", "\\0")), "评分方案路径中含 NUL 字符",
                                     "应为评分方案编号或 .yaml 文件路径"))
    if relative_to is not None:
        return locate_parent(reference, relative_to, root or relative_to, where or Position(reference))
    candidate = Path(reference)
    if candidate.exists():
        return candidate
    return _shipped(reference, where)


def _shipped(reference: str, where: Position | None) -> Path:
    by_name = profiles_dir() / f"{reference}.yaml"
    if SHIPPED_ID.fullmatch(reference) and by_name.is_file():
        return by_name
    shipped = available_profiles()
    if reference in shipped:
        return shipped[reference]
    hint = suggest(reference, shipped)
    raise PerfscoreError(Problem(where or Position(reference), f"找不到评分方案“{reference}”",
                                 hint or f"应为内置评分方案编号（{'、'.join(shipped)}）或 .yaml 文件路径"))


def locate_parent(reference: str, folder: Path, root: Path, where: Position) -> Path:
    """The file an ``extends:`` names — one rule for every spelling (README "Limits and safety"):

    the reference is taken relative to the extending file's folder (``base``, ``base.yaml``,
    ``sub/base.yaml``, ``../x`` — ``.yaml`` added when no ``.yaml``/``.yml`` ends it), symlinks are followed,
    and the file it lands on must lie inside ``root`` — the folder tree of the profile named on the
    command line (of the shipped profiles, for a shipped one). An absolute path, or one that lands
    outside, is refused before anything is opened, with the same message whether or not such a file
    exists; nothing of a file outside is read or echoed. A bare name with no file of that name in the
    folder is a shipped profile id (``extends: mof2013``). The target must be a regular file (a FIFO
    or a device is refused, never opened)."""
    base = os.path.realpath(root)
    name = reference if reference.endswith((".yaml", ".yml")) else f"{reference}.yaml"
    real = os.path.realpath(os.path.join(folder, name))
    if os.path.isabs(reference) or os.path.commonpath([base, real]) != base:
        raise PerfscoreError(Problem(where, f"继承路径 extends: “{reference}”超出评分方案所在文件夹 {base}",
                                     "应为内置评分方案编号，或命令行所指评分方案所在文件夹内的路径"))
    try:
        mode = os.stat(real).st_mode
    except OSError:
        mode = None
    if mode is not None:
        if not stat.S_ISREG(mode):
            raise PerfscoreError(Problem(where, f"继承（extends）指向的“{reference}”不是普通文件（文件夹、命名管道或设备）",
                                         "应为评分方案 .yaml 文件"))
        return Path(real)
    if SHIPPED_ID.fullmatch(reference):
        return _shipped(reference, where)
    raise PerfscoreError(Problem(where, f"找不到评分方案“{reference}”",
                                 "应为内置评分方案编号，或评分方案所在文件夹内的 .yaml 路径"))


def _apply_overrides(reader: Reader, tree: Any, overrides: MarkedDict) -> None:
    index: dict[str, MarkedDict] = {}

    def walk(nodes: Any) -> None:
        for node in nodes or []:
            if isinstance(node, dict) and "id" in node:
                index[str(node["id"])] = node
                walk(node.get("children"))

    walk(tree)
    for node_id, changes in overrides.items():
        target = index.get(str(node_id))
        if target is None:
            hint = suggest(str(node_id), index)
            reader.problem(overrides.where(node_id), f"覆盖项（overrides）所指的节点“{node_id}”在被继承的评分方案中不存在",
                           hint or "应为被继承评分方案树中的节点编号")
            continue
        if not isinstance(changes, MarkedDict):
            reader.problem(overrides.where(node_id, value=True), "覆盖项应为节点键的映射",
                           "应为“键: 值”形式，例如 points: 5")
            continue
        for key, value in changes.items():
            if value is None:  # key: null removes the parent's key
                target.pop(key, None)
                target.key_positions.pop(key, None)
                target.value_positions.pop(key, None)
                continue
            target[key] = value
            target.key_positions[key] = changes.where(key)
            target.value_positions[key] = changes.where(key, value=True)


def _merge_metrics(parent: MarkedList, child: MarkedList) -> MarkedList:
    """A child's ``metrics:`` add to the parent's (a metric of the same id replaces the parent's), never drop them."""
    def metric_id(entry: Any) -> Any:
        return entry.get("id") if isinstance(entry, dict) else None

    own = {metric_id(e) for e in child} - {None}
    merged = MarkedList(e for e in parent if metric_id(e) not in own)
    merged.item_positions = [parent.where(i) for i, e in enumerate(parent) if metric_id(e) not in own]
    merged.extend(child)
    merged.item_positions += [child.where(i) for i in range(len(child))]
    merged.position = child.position
    return merged


def effective_document(path: Path, reader: Reader, chain: tuple[Path, ...] = (), root: Path | None = None,
                       folder: Path | None = None) -> MarkedDict:
    """The profile mapping after ``extends:`` and ``overrides:`` are applied; ``extends:`` taken relative to
    ``folder`` (default: the folder of ``path``) and confined to ``root`` (default: that folder; the shipped
    profiles' folder for a shipped profile)."""
    data = load_file(path)
    if not isinstance(data, MarkedDict):
        raise PerfscoreError(Problem(Position(str(path)), "评分方案应为映射", "应有 id:、name:、tree: 等键"))
    require_text_keys(data)
    root = _root_of(folder / path.name if folder is not None else path, root)
    reader.keys(data, PROFILE_KEYS, ("id", "name", "version"), "评分方案")
    parent_ref = data.get("extends")
    if not parent_ref:
        if "overrides" in data:
            reader.problem(data.where("overrides"), "覆盖项 overrides: 需要配合 extends: 使用",
                           "应写 extends: <被继承的评分方案编号>")
        if "tree" not in data:
            reader.problem(data.where(), "评分方案缺少必需的键“tree”", "应写 tree:（评分项树），或 extends: 继承一个评分方案")
        return data
    if not isinstance(parent_ref, str):
        raise PerfscoreError(Problem(data.where("extends", value=True), "继承（extends）应为评分方案编号或路径（文本）",
                                     "例如 extends: mof2013"))
    where = data.where("extends", value=True)
    parent_path = locate(parent_ref, folder or path.parent, where, root)
    resolved = parent_path.resolve()
    if resolved in chain or resolved == path.resolve():
        names = " → ".join(p.stem for p in (*chain, path.resolve(), resolved))
        raise PerfscoreError(Problem(where, f"循环继承：{names}", "继承链应有尽头，不能回到自身"))
    try:
        parent = copy.deepcopy(effective_document(parent_path, reader, (*chain, path.resolve()), root))
    except PerfscoreError as exc:  # the parent's own problems, and first where the child names it
        if any(isinstance(p, Problem) and p.position == Position(str(parent_path)) for p in exc.problems):
            raise PerfscoreError([Problem(where, f"继承（extends）的评分方案“{parent_ref}”无法读取",
                                          "应为可读取的评分方案文件"), *exc.problems]) from None
        raise
    merged = parent
    for key, value in data.items():
        if key in ("overrides", "extends"):
            continue
        if key in ("metrics", "indicators") and isinstance(value, MarkedList) and isinstance(parent.get(key), MarkedList):
            merged[key] = _merge_metrics(parent[key], value)
            continue
        if key in MERGED_SECTIONS and isinstance(value, MarkedDict) and isinstance(parent.get(key), MarkedDict):
            section = parent[key]
            for inner, inner_value in value.items():
                section[inner] = inner_value
                section.key_positions[inner] = value.where(inner)
                section.value_positions[inner] = value.where(inner, value=True)
        else:
            merged[key] = value
            merged.key_positions[key] = data.where(key)
            merged.value_positions[key] = data.where(key, value=True)
    merged["extends"] = str(parent_ref)
    if "overrides" in data:
        overrides = reader.mapping(data["overrides"], data.where("overrides", value=True), "覆盖项“overrides”")
        if overrides is not None:
            _apply_overrides(reader, merged.get("tree"), overrides)
    return merged


def _root_of(path: Path, root: Path | None) -> Path:
    """The folder ``extends:`` may reach from ``path``: the shipped profiles' for a shipped file, else ``root``
    (the folder of the profile named first)."""
    shipped = Path(os.path.realpath(profiles_dir()))
    real = Path(os.path.realpath(path))
    if shipped in real.parents:
        return shipped
    return root if root is not None else real.parent


def require_text_keys(data: Any) -> None:
    """Every key of a rubric mapping is text: a number or true/false as a key is refused at its position
    (the rubric's hash sorts keys; the shipped extraction lexicon alone maps true/false)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, MarkedDict):
            for key, value in node.items():
                if not isinstance(key, str):
                    raise PerfscoreError(Problem(node.where(key), f"键应为文本，不能是 {key!r}",
                                                 "应为文本键（加引号：'true'、'2023'）"))
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _used_indicator_ids(document: Any) -> set[str]:
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("indicator"), str):
                found.add(value["indicator"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document.get("tree"))
    return found


def rubric_content(document: MarkedDict, library: Library) -> dict[str, Any]:
    """The effective rubric as plain data: the profile after inheritance (tests excluded), the indicators it
    uses and the audit rules it switches on — everything a score depends on besides the inputs."""
    rubric = {k: v for k, v in document.items() if k != "tests"}
    used = {i: library.raw[i] for i in sorted(_used_indicator_ids(document)) if i in library.raw}
    content: dict[str, Any] = {"profile": rubric, "indicators": used}
    if "audit" in document and library.audit_rules is not None:
        carried = library.audit_rules[1]
        content["audit_rules"] = {i: carried[i] for i in _audit_ids(document) if i in carried}
    elif "audit" in document and (library.audit_file is None or os.path.isfile(library.audit_file)):
        _, raw = load_rules(library.audit_file)  # (a missing file is the profile's problem: _audit)
        content["audit_rules"] = {i: raw[i] for i in _audit_ids(document) if i in raw}
    return json.loads(_canonical_json(content))


def _canonical_json(content: Any) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def content_hash(document: MarkedDict, library: Library) -> str:
    """sha256 over the effective rubric (:func:`rubric_content`) as canonical JSON."""
    return hashlib.sha256(_canonical_json(rubric_content(document, library)).encode("utf-8")).hexdigest()


def canonical_yaml(content: dict[str, Any]) -> str:
    """The effective rubric as the scorecard carries it: block YAML, keys sorted, Chinese as is."""
    import yaml

    return yaml.safe_dump(content, allow_unicode=True, sort_keys=True, default_flow_style=False, width=100)


def _audit_ids(document: MarkedDict) -> list[str]:
    section = document.get("audit")
    rules = section.get("rules") if isinstance(section, dict) else None
    return [str(r) for r in rules] if isinstance(rules, list) else []


def _audit(reader: Reader, document: MarkedDict, tree: tuple, library: Library) -> tuple:
    """``audit: {rules: [ids]}`` → the switched-on rules: those a scorecard carries, else those of the audit.yaml of
    the rules the profile reads (None: the installed one; see :mod:`.audit`)."""
    if "audit" not in document:
        return ()
    section = reader.mapping(document["audit"], document.where("audit", value=True), "审计设置“audit”")
    if section is None:
        return ()
    file = library.audit_file
    given = library.audit_rules[0] if library.audit_rules is not None else None
    if given is None and file is not None and not os.path.isfile(file):
        reader.problem(document.where("audit"), f"评分方案启用了审计规则，但其所读的规则文件夹中没有审计规则文件 {file}",
                       "应在该文件夹中放入 audit.yaml（审计规则），或删去 audit:")
        return ()
    reader.keys(section, ("rules",), ("rules",), "审计设置“audit”")
    if reader.sequence(section.get("rules"), section.where("rules", value=True), "审计规则“rules”") is None:
        return ()
    criteria: set[str] = set()

    def walk(node: Any) -> None:
        if node.criterion is not None:
            criteria.add(node.id)
        for child in node.children:
            walk(child)

    for top in tree:
        walk(top)
    try:
        return select(tuple(_audit_ids(document)), criteria, section.where("rules", value=True), file, given)
    except PerfscoreError as exc:
        reader.problems.extend(p for p in exc.problems if isinstance(p, Problem))
        return ()


def _parameters(reader: Reader, data: Any, where: Position) -> dict[str, float | str]:
    section = reader.mapping(data, where, "参数设置“parameters”") if data is not None else None
    result: dict[str, float | str] = {}
    for key, value in (section or {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            reader.problem(section.where(key, value=True), f"参数“{key}”应为数字或文本")  # type: ignore[union-attr]
            continue
        result[str(key)] = value
    return result


def _defaults(reader: Reader, data: Any, where: Position) -> dict[str, str]:
    section = reader.mapping(data, where, "默认设置“defaults”") if data is not None else None
    if section is None:
        return dict(DEFAULTS)
    reader.keys(section, tuple(DEFAULTS), (), "默认设置“defaults”")
    return {
        "missing": reader.choice(section, "missing", MISSING_POLICIES, DEFAULTS["missing"]),
        "not_applicable": reader.choice(section, "not_applicable", NA_POLICIES, DEFAULTS["not_applicable"]),
        "partial_steps": reader.choice(section, "partial_steps", PARTIAL_RULES, DEFAULTS["partial_steps"]),
    }


def profile_vocabulary(reader: Reader, document: MarkedDict, base: Vocabulary) -> Vocabulary:
    extra: dict[str, MetricSpec] = {}
    where: dict[str, Position] = {}
    entries = reader.sequence(document["metrics"], document.where("metrics", value=True), "指标“metrics”") \
        if "metrics" in document else None
    for index, entry in enumerate(entries or []):
        item = reader.mapping(entry, entries.where(index), "指标")  # type: ignore[union-attr]
        if item is not None:
            try:
                spec = parse_metric(item, "profile")
            except PerfscoreError as exc:
                reader.problems.extend(p for p in exc.problems if isinstance(p, Problem))
                continue
            extra[spec.id] = spec
            if spec.fields:
                where[spec.id] = item.where("fields", value=True)
    vocabulary = base.with_extra(extra)
    for list_id, at in where.items():  # each list's fields are metrics of a plain kind (no list in a list)
        for name in vocabulary.metrics[list_id].fields:
            field = vocabulary.get(name)
            if field is None or field.kind == "items":
                reader.problem(at, f"清单“{list_id}”的字段“{name}”" + ("本身也是清单" if field else "不是已知的指标"),
                               (suggest(name, vocabulary.metrics) or "应为已知指标的编号") if field is None
                               else "应为普通类型（非 items）的指标")
    return vocabulary


def load_profile(reference: str = "mof2013", library: Library | None = None) -> Profile:
    """Load, inherit, parse and validate a profile by id or path."""
    return load_profile_document(reference, library)[0]


def load_profile_document(reference: str = "mof2013", library: Library | None = None) -> tuple[Profile, MarkedDict]:
    """:func:`load_profile`, and the effective document it was built from (every key and value keeps the
    position of the file that set it, an override's own file included): what :mod:`.diff` traces changes to."""
    profile, document, _ = load_profile_sources(reference, library)
    return profile, document


def load_profile_sources(reference: str = "mof2013", library: Library | None = None,
                         stand_in: Path | None = None) -> tuple[Profile, MarkedDict, Library]:
    """:func:`load_profile_document`, and the indicator library the profile was built with (the rule files it
    reads, each indicator's YAML with its positions): what :mod:`.indicator_diff` compares.

    A profile file in the ``scoring_profiles/`` folder of another perfscore tree (a second checkout, a
    release unpacked beside this one) reads that tree's ``rules/`` and nothing of the installed ones: its
    indicators, its metric vocabulary (metrics.yaml) and its ``audit.yaml``. A profile elsewhere reads the
    installed rules and, beside it, its own ``rules/`` (new ids only). ``stand_in``: read the file as if it stood
    at that path instead (its tree's rules, its ``extends:`` from that folder): ``perfscore diff`` reads a lone copy
    of a profile (:func:`is_lone`) in place of the file it is compared with."""
    path = locate(reference)
    place = stand_in or path
    reader = Reader()
    tree_rules = rules_of_tree(place)
    library = load_library(tree_rules) if tree_rules is not None else library or load_library()
    document = effective_document(path, reader, folder=place.parent if stand_in is not None else None)
    beside = path.parent / "rules"
    if stand_in is None and path.parent.resolve() != profiles_dir().resolve() and beside.is_dir() \
            and beside.resolve() != rules_dir().resolve() and tree_rules is None:
        library = _with_rules_beside(reader, library, beside)
    return build_profile(reader, document, library, str(path)), document, library


def tree_of(path: Path) -> Path | None:
    """The root of the perfscore tree whose ``scoring_profiles/`` holds the file ``path`` (a folder ``rules/``
    beside it; the installed tree too), after symbolic links; else None."""
    folder = Path(os.path.realpath(path.parent))
    if folder.name != "scoring_profiles" or not (folder.parent / "rules").is_dir():
        return None
    return folder.parent


def is_lone(reference: str) -> bool:
    """Whether ``reference`` names a profile file that lies in no perfscore tree and has no rules of its own beside
    it — a copy such as ``git show HEAD~1:scoring_profiles/mof2013.yaml > /tmp/old.yaml`` leaves (a shipped id, a
    file in a tree's ``scoring_profiles/``, and one beside its own ``rules/`` folder are not)."""
    path = Path(reference)
    if not path.is_file() or tree_of(path) is not None:
        return False
    own_rules = (path.parent / "rules").is_dir() and not (path.parent / "scoring_profiles").is_dir()
    return not own_rules


def rules_of_tree(path: Path) -> Path | None:
    """``<tree>/rules`` for a profile file ``<tree>/scoring_profiles/<name>.yaml`` of a perfscore tree other than
    the installed one (a folder ``rules/`` with indicator files beside ``scoring_profiles/``); else None. Every YAML
    file in that folder must lie inside it (a link out of it is refused before anything is read)."""
    tree = tree_of(path)
    if tree is None:
        return None
    rules = tree / "rules"
    if rules == Path(os.path.realpath(rules_dir())):
        return None
    for file in sorted(rules.glob("*.yaml")):
        resolve_inside(rules, file.name, Position(str(file)))
    if not indicator_files(rules):
        return None
    if not (rules / "metrics.yaml").is_file():
        raise PerfscoreError(Problem(Position(str(rules)), "评分方案目录树的规则文件夹中没有 metrics.yaml（指标词汇）",
                                     "应为完整的 rules/ 文件夹（如 git archive HEAD~1 rules scoring_profiles 取出的）"))
    return rules


def _with_rules_beside(reader: Reader, library: Library, folder: Path) -> Library:
    """A path profile's own indicator files (``rules/*.yaml`` beside it) added to the library: new ids only,
    each file inside that folder (a link out of it is refused)."""
    indicators, raw = dict(library.indicators), dict(library.raw)
    for path in sorted(folder.glob("*.yaml")):
        try:
            inside = resolve_inside(folder, path.name, Position(str(path)))
        except PerfscoreError as exc:
            reader.problems.extend(p for p in exc.problems if isinstance(p, Problem))
            continue
        data = load_file(inside)
        if not isinstance(data, dict) or "indicators" not in data:
            continue
        for indicator in parse_indicator_file(reader, data, Position(str(path))):
            _add_indicator(reader, indicators, library, indicator)
        for entry in data.get("indicators") or []:
            if isinstance(entry, dict) and str(entry.get("id")) in indicators and str(entry.get("id")) not in raw:
                raw[str(entry["id"])] = entry
    return Library(indicators, library.vocabulary, raw, library.audit_file, library.audit_rules)


def _add_indicator(reader: Reader, indicators: dict[str, Indicator], library: Library, indicator: Indicator) -> None:
    if indicator.id in library.indicators:
        reader.problem(indicator.position, f"指标“{indicator.id}”已在 rules/ 中定义",
                       f"应换一个新编号（已定义于 {library.indicators[indicator.id].position}）")
    elif indicator.id in indicators:
        reader.problem(indicator.position, f"指标编号“{indicator.id}”重复",
                       f"编号应唯一（第一次出现在 {indicators[indicator.id].position}）")
    else:
        indicators[indicator.id] = indicator


def _declared_indicators(reader: Reader, document: MarkedDict, library: Library, vocabulary: Vocabulary) -> Library:
    """``indicators:`` declared in the profile itself (as in rules/), for table-specific formulas."""
    entries = reader.sequence(document["indicators"], document.where("indicators", value=True), "指标定义“indicators”")
    indicators = dict(library.indicators)
    for index, entry in enumerate(entries or []):
        item = reader.mapping(entry, entries.where(index), "指标定义")  # type: ignore[union-attr]
        indicator = parse_indicator(reader, item) if item is not None else None
        if indicator is not None:
            _add_indicator(reader, indicators, library, indicator)
            check_indicator(reader, indicator, vocabulary, None)
    return Library(indicators, library.vocabulary, library.raw, library.audit_file, library.audit_rules)


def load_embedded_profile(text: str, source: str) -> Profile:
    """The profile a scorecard carries (``profile.rubric``, canonical YAML of :func:`rubric_content`), rebuilt
    without any file: its own indicators, the metric vocabulary of rules/. Problems point into ``source``."""
    from .yamlio import loads

    data = loads(text, source)
    reader = Reader()
    content = reader.mapping(data, Position(source), "评分卡内嵌的评分规则")
    if content is None:
        raise PerfscoreError(reader.problems)
    reader.keys(content, ("profile", "indicators", "audit_rules"), ("profile", "indicators"), "评分卡内嵌的评分规则")
    document = reader.mapping(content.get("profile"), content.where("profile", value=True), "内嵌的评分方案")
    raw = reader.mapping(content.get("indicators"), content.where("indicators", value=True), "内嵌的指标定义")
    if reader.problems or document is None or raw is None:
        raise PerfscoreError(reader.problems)
    base = load_library()
    indicators = dict(base.indicators)
    for key, entry in raw.items():
        item = reader.mapping(entry, raw.where(key, value=True), "指标定义")
        indicator = parse_indicator(reader, item) if item is not None else None
        if indicator is not None:
            indicators[indicator.id] = indicator
            check_indicator(reader, indicator, base.vocabulary)
    # the audit rules it switched on, as it carries them (the installed audit.yaml may have changed since)
    audit_rules = None
    if "audit_rules" in content:
        carried = reader.mapping(content["audit_rules"], content.where("audit_rules", value=True), "内嵌的审计规则")
        if carried is not None:
            audit_rules = parse_rules(reader, [(entry, carried.where(key, value=True)) for key, entry in carried.items()])
    # ``extends:`` stays as recorded (the sha256 covers it) but is not followed: the document is already effective
    if reader.problems:
        raise PerfscoreError(reader.problems)
    library = Library(indicators, base.vocabulary, dict(raw), audit_rules=audit_rules)
    return build_profile(reader, document, library, source)


def build_profile(reader: Reader, document: MarkedDict, library: Library, path: str) -> Profile:
    """Parse and validate one effective profile document."""
    vocabulary = profile_vocabulary(reader, document, library.vocabulary)
    if "indicators" in document:
        library = _declared_indicators(reader, document, library, vocabulary)
    defaults = _defaults(reader, document.get("defaults"), document.where("defaults", value=True))
    parser = ProfileParser(reader, library.indicators, defaults)
    tree_raw = reader.sequence(document.get("tree", MarkedList()), document.where("tree", value=True), "评分项树“tree”") \
        if "tree" in document else None
    tree = tuple(n for n in (parser.node(item, tree_raw.where(i)) for i, item in enumerate(tree_raw or []))
                 if n is not None)
    profile = Profile(
        id=reader.text(document, "id"), name=reader.text(document, "name"), version=reader.text(document, "version"),
        source=reader.text(document, "source"), description=reader.text(document, "description"),
        title=reader.text(document, "title"),
        parameters=_parameters(reader, document.get("parameters"), document.where("parameters", value=True)),
        rounding=parser.rounding(document.get("rounding"), document.where("rounding", value=True)),
        grades=parser.grades(document.get("grades"), document.where("grades", value=True))
        if "grades" in document else DEFAULT_GRADES,
        grades_default="grades" not in document,
        grade_gap=reader.choice(document, "grade_gap", GRADE_GAPS, "") if "grade_gap" in document else "",
        tree=tree,
        tests=parser.tests(document.get("tests"), document.where("tests", value=True)),
        adjustments=parser.adjustments(document.get("adjustments"), document.where("adjustments", value=True)),
        self_check=parser.self_check(document.get("self_check"), document.where("self_check", value=True)),
        sha256=content_hash(document, library), path=str(path),
        rubric=canonical_yaml(rubric_content(document, library)),
        extends=str(document["extends"]) if document.get("extends") else None, vocabulary=vocabulary,
        audit=_audit(reader, document, tree, library),
    )
    check_profile(reader, profile, vocabulary, document.where("grades") if "grades" in document else document.where())
    if reader.problems:
        raise PerfscoreError(reader.problems)
    return profile
