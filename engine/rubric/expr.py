"""The formula language: a whitelisted tokenizer and Pratt parser into a small expression tree.

Grammar (no ``eval``, no attribute access, no arbitrary calls)::

    expr    := or
    or      := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)*     # chains like a < b <= c
    sum     := product (('+'|'-') product)*
    product := unary (('*'|'/') unary)*
    unary   := '-' unary | atom
    atom    := NUMBER | STRING | NAME | NAME '(' args ')' | '(' expr ')' | true | false

Names are metric ids (dots allowed for nested inputs) or profile parameters.

Limits (README "Limits and safety"): a formula is at most :data:`MAX_LENGTH` characters;
parentheses, function calls, signs and ``not`` nest at most :data:`MAX_NESTING` deep; the
expression tree (a chain ``a + b + …`` is one level per operator) is at most
:data:`MAX_DEPTH` deep. Beyond them the formula is refused at the offending character, so
neither this parser nor any walker of the tree (evaluation, hashing, explanation) can run
out of stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..calendar import FESTIVALS, festival_name
from ..errors import ExpressionError

FUNCTIONS: dict[str, tuple[int, int]] = {
    # name: (min args, max args)
    "min": (2, 16),
    "max": (2, 16),
    "abs": (1, 1),
    "round": (1, 2),
    "coalesce": (1, 16),
    "if": (3, 3),
    "exists": (1, 1),
    "days_between": (2, 2),
    "workdays_between": (2, 2),
    "make_date": (3, 3),
    "festival": (2, 2),
    "count": (2, 2),
}

MAX_ROUND_DECIMALS = 9  # the rounding helpers first remove noise at 9 decimals
MAX_LENGTH = 4_000  # characters in one formula
MAX_NESTING = 40  # parentheses, calls, unary minus and not, one inside another
MAX_DEPTH = 100  # levels of the expression tree (every walker recurses at most this deep)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)
  | (?P<op><=|>=|==|!=|[-+*/()<>,])
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
_COMPARATORS = {"==", "!=", "<", "<=", ">", ">="}


@dataclass(frozen=True)
class Token:
    kind: str  # num | str | name | op | kw | end
    text: str
    offset: int


@dataclass(frozen=True)
class Num:
    value: float
    offset: int = 0


@dataclass(frozen=True)
class Str:
    value: str
    offset: int = 0


@dataclass(frozen=True)
class Name:
    name: str
    offset: int = 0


@dataclass(frozen=True)
class Unary:
    op: str  # '-' | 'not'
    operand: "Expr"
    offset: int = 0


@dataclass(frozen=True)
class Binary:
    op: str  # + - * /
    left: "Expr"
    right: "Expr"
    offset: int = 0


@dataclass(frozen=True)
class Compare:
    ops: tuple[str, ...]
    operands: tuple["Expr", ...]
    offset: int = 0


@dataclass(frozen=True)
class BoolOp:
    op: str  # and | or
    operands: tuple["Expr", ...]
    offset: int = 0


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple["Expr", ...]
    offset: int = 0


Expr = Num | Str | Name | Unary | Binary | Compare | BoolOp | Call


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ExpressionError(f"无法识别的字符“{text[pos]}”", pos,
                                  "公式中应只有数字、指标编号、+ - * /、比较符号、and/or/not 和函数调用")
        kind = match.lastgroup or ""
        word = match.group()
        if kind != "ws":
            if kind == "name" and word in _KEYWORDS:
                kind = "kw"
            tokens.append(Token(kind, word, pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.nesting = 0

    def enter(self, token: Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExpressionError(f"公式嵌套超过 {MAX_NESTING} 层（括号、函数调用、负号或 not）", token.offset,
                                  f"嵌套应不超过 {MAX_NESTING} 层；可把公式拆成几个派生指标")

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept(self, text: str) -> Token | None:
        token = self.current
        if token.kind in ("op", "kw") and token.text == text:
            self.index += 1
            return token
        return None

    def expect(self, text: str, context: str) -> Token:
        token = self.accept(text)
        if token is None:
            found = f"“{self.current.text}”" if self.current.text else "公式结尾"
            raise ExpressionError(f"缺少“{text}”（{context}），此处是{found}", self.current.offset,
                                  f"应在此处写“{text}”")
        return token

    def parse(self) -> Expr:
        if self.current.kind == "end":
            raise ExpressionError("公式为空", 0, "应为表达式，例如 final_total / budget_total * 100")
        expr = self.parse_or()
        if self.current.kind != "end":
            raise ExpressionError(f"此处不应出现“{self.current.text}”", self.current.offset,
                                  "应为运算符或公式结尾")
        return expr

    def parse_or(self) -> Expr:
        return self._bool_chain("or", self.parse_and)

    def parse_and(self) -> Expr:
        return self._bool_chain("and", self.parse_not)

    def _bool_chain(self, word: str, operand: "callable") -> Expr:  # type: ignore[valid-type]
        start = self.current.offset
        parts = [operand()]
        while self.accept(word):
            parts.append(operand())
        return parts[0] if len(parts) == 1 else BoolOp(word, tuple(parts), start)

    def parse_not(self) -> Expr:
        token = self.accept("not")
        if token:
            self.enter(token)
            operand = self.parse_not()
            self.nesting -= 1
            return Unary("not", operand, token.offset)
        return self.parse_compare()

    def parse_compare(self) -> Expr:
        start = self.current.offset
        operands = [self.parse_sum()]
        ops: list[str] = []
        while self.current.kind == "op" and self.current.text in _COMPARATORS:
            ops.append(self.advance().text)
            operands.append(self.parse_sum())
        if not ops:
            return operands[0]
        return Compare(tuple(ops), tuple(operands), start)

    def parse_sum(self) -> Expr:
        left = self.parse_product()
        while self.current.kind == "op" and self.current.text in "+-":
            token = self.advance()
            left = Binary(token.text, left, self.parse_product(), token.offset)
        return left

    def parse_product(self) -> Expr:
        left = self.parse_unary()
        while self.current.kind == "op" and self.current.text in "*/":
            token = self.advance()
            left = Binary(token.text, left, self.parse_unary(), token.offset)
        return left

    def parse_unary(self) -> Expr:
        token = self.accept("-")
        if token:
            self.enter(token)
            operand = self.parse_unary()
            self.nesting -= 1
            return Unary("-", operand, token.offset)
        self.accept("+")
        return self.parse_atom()

    def parse_atom(self) -> Expr:
        token = self.current
        if token.kind == "num":
            self.advance()
            return Num(float(token.text), token.offset)
        if token.kind == "str":
            self.advance()
            return Str(token.text[1:-1], token.offset)
        if token.kind == "kw" and token.text in ("true", "false"):
            self.advance()
            return Num(1.0 if token.text == "true" else 0.0, token.offset)
        if token.kind == "op" and token.text == "(":
            self.advance()
            self.enter(token)
            inner = self.parse_or()
            self.expect(")", "用于闭合“(”")
            self.nesting -= 1
            return inner
        if token.kind == "name":
            self.advance()
            if self.current.kind == "op" and self.current.text == "(":
                return self.parse_call(token)
            return Name(token.text, token.offset)
        found = f"此处不应出现“{token.text}”" if token.text else "公式在此处意外结束"
        raise ExpressionError(found, token.offset, "应为数字、指标编号或“(”")

    def parse_call(self, name: Token) -> Expr:
        if name.text not in FUNCTIONS:
            raise ExpressionError(f"未知的函数“{name.text}”", name.offset,
                                  f"应为以下函数之一：{'、'.join(sorted(FUNCTIONS))}")
        self.enter(self.expect("(", "函数名之后"))
        args: list[Expr] = []
        starts: list[int] = []
        if not self.accept(")"):
            starts.append(self.current.offset)
            args.append(self.parse_or())
            while self.accept(","):
                starts.append(self.current.offset)
                args.append(self.parse_or())
            self.expect(")", f"用于闭合“{name.text}(”")
        self.nesting -= 1
        low, high = FUNCTIONS[name.text]
        if not low <= len(args) <= high:
            count = f"{low}" if low == high else f"{low} 至 {high}"
            raise ExpressionError(f"函数 {name.text}() 需要 {count} 个参数，实际有 {len(args)} 个", name.offset,
                                  f"应给 {name.text}() {count} 个参数，以逗号分隔")
        if name.text == "round" and len(args) == 2:
            # The number of decimals is one constant for every department: a literal, never a value read per row.
            digits = args[1]
            if not (isinstance(digits, Num) and float(digits.value).is_integer()
                    and 0 <= digits.value <= MAX_ROUND_DECIMALS):
                raise ExpressionError("小数位数 d 应为直接写出的整数（round(x, d)）",
                                      starts[1], f"应为 0 至 {MAX_ROUND_DECIMALS} 的整数，例如 round(x, 2)")
        if name.text == "festival":
            # The festival is one constant for every department: a quoted name the calendar knows.
            which = args[0]
            if not (isinstance(which, Str) and festival_name(which.value)):
                raise ExpressionError("节日名称应为加引号的节日名（festival(name, year)）", starts[0],
                                      f"应为以下之一：{'、'.join(FESTIVALS)}，例如 festival('春节', year)")
            args[0] = Str(festival_name(which.value) or "", which.offset)
        if name.text == "count" and not isinstance(args[0], Name):
            raise ExpressionError("第一个参数应为项目清单的指标编号（count(list, condition)）", starts[0],
                                  "应为类型为 items 的指标，例如 count(special_funds, fund_paid > make_date(year, 6, 30))")
        return Call(name.text, tuple(args), name.offset)


def round_decimals(call: Call) -> int:
    """The constant number of decimals of ``round(x)`` / ``round(x, d)`` (the parser admits only a literal d)."""
    if len(call.args) < 2:
        return 0
    digits = call.args[1]
    if not isinstance(digits, Num):
        raise ExpressionError("小数位数 d 应为直接写出的整数（round(x, d)）", call.offset)
    return int(digits.value)


def parse(text: str) -> Expr:
    """Parse a formula; raises :class:`ExpressionError` with a 0-based character offset."""
    text = str(text)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"公式过长（{len(text):,} 个字符，上限 {MAX_LENGTH:,}）", MAX_LENGTH,
                              f"公式应不超过 {MAX_LENGTH:,} 个字符")
    expr = _Parser(text).parse()
    _check_depth(expr)
    return expr


def operands_of(node: Expr) -> tuple[Expr, ...]:
    """The sub-expressions a node reads directly (none for a name or a constant)."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, (Compare, BoolOp)):
        return node.operands
    if isinstance(node, Call):
        return node.args
    return ()


def _check_depth(expr: Expr) -> None:
    """Refuse a tree deeper than :data:`MAX_DEPTH` (walked without recursion), at its deepest operator."""
    stack = [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(f"公式层次过深（超过 {MAX_DEPTH} 层运算，如过长的连加）", node.offset,
                                  f"一串运算应不超过 {MAX_DEPTH} 个；可把公式拆成几个派生指标")
        stack.extend((child, depth + 1) for child in operands_of(node))


def names(expr: Expr) -> list[str]:
    """Every name the expression reads, in first-use order, without duplicates."""
    seen: dict[str, None] = {}

    def walk(node: Expr) -> None:
        if isinstance(node, Name):
            seen.setdefault(node.name, None)
        elif isinstance(node, Unary):
            walk(node.operand)
        elif isinstance(node, Binary):
            walk(node.left)
            walk(node.right)
        elif isinstance(node, (Compare, BoolOp)):
            for child in node.operands:
                walk(child)
        elif isinstance(node, Call):
            for child in node.args:
                walk(child)

    walk(expr)
    return list(seen)


def substitute(expr: Expr, constants: dict[str, float | str]) -> Expr:
    """Replace parameter names by their constant values (done once, at compile time).

    A comparison of constants and an ``if()`` on a constant condition are folded, so a
    formula that switches on a parameter (``if(disclosure_day_type == 'working', …)``)
    evaluates only the branch the profile chose."""
    if isinstance(expr, Name) and expr.name in constants:
        value = constants[expr.name]
        if isinstance(value, str):
            return Str(value, expr.offset)
        return Num(float(value), expr.offset)
    if isinstance(expr, Unary):
        return Unary(expr.op, substitute(expr.operand, constants), expr.offset)
    if isinstance(expr, Binary):
        return Binary(expr.op, substitute(expr.left, constants), substitute(expr.right, constants), expr.offset)
    if isinstance(expr, Compare):
        return _fold_compare(Compare(expr.ops, tuple(substitute(o, constants) for o in expr.operands), expr.offset))
    if isinstance(expr, BoolOp):
        return BoolOp(expr.op, tuple(substitute(o, constants) for o in expr.operands), expr.offset)
    if isinstance(expr, Call):
        args = tuple(substitute(a, constants) for a in expr.args)
        if expr.func == "if" and isinstance(args[0], Num):
            return args[1] if args[0].value != 0 else args[2]
        return Call(expr.func, args, expr.offset)
    return expr


def _fold_compare(expr: Compare) -> Expr:
    """A comparison of literals → 1 or 0: numbers by any operator, text by == and != only."""
    operands = expr.operands
    if all(isinstance(o, Num) for o in operands):
        values = [o.value for o in operands]  # type: ignore[union-attr]
    elif all(isinstance(o, Str) for o in operands) and set(expr.ops) <= {"==", "!="}:
        values = [o.value for o in operands]  # type: ignore[union-attr]
    else:
        return expr
    tests = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
             "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
    holds = all(tests[op](a, b) for op, a, b in zip(expr.ops, values, values[1:]))
    return Num(1.0 if holds else 0.0, expr.offset)


def to_text(expr: Expr) -> str:
    """Canonical source text of an expression (used in hashes and explanations)."""
    if isinstance(expr, Num):
        return repr(int(expr.value)) if expr.value.is_integer() else repr(expr.value)
    if isinstance(expr, Str):
        return repr(expr.value)
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Unary):
        return f"-{to_text(expr.operand)}" if expr.op == "-" else f"not {to_text(expr.operand)}"
    if isinstance(expr, Binary):
        return f"({to_text(expr.left)} {expr.op} {to_text(expr.right)})"
    if isinstance(expr, Compare):
        parts = [to_text(expr.operands[0])]
        for op, operand in zip(expr.ops, expr.operands[1:]):
            parts.append(f"{op} {to_text(operand)}")
        return "(" + " ".join(parts) + ")"
    if isinstance(expr, BoolOp):
        return "(" + f" {expr.op} ".join(to_text(o) for o in expr.operands) + ")"
    return f"{expr.func}(" + ", ".join(to_text(a) for a in expr.args) + ")"


def to_words(expr: Expr, labels: dict[str, str]) -> str:
    """An expression for a person: each name by its label (``上年“三公”经费预算数``), outer parentheses off."""
    text = to_text(expr)
    if isinstance(expr, Name):
        return labels.get(expr.name) or expr.name
    words = re.sub(r"[A-Za-z_][A-Za-z0-9_.]*", lambda m: labels.get(m.group(0)) or m.group(0), text)
    return words[1:-1] if words.startswith("(") and words.endswith(")") else words
