"""Tokenizer and recursive-descent parser for estimate expressions (never Python eval).

Grammar, loosest binding first::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "×" | "/" | "÷" | "per") unary)*
    unary   := ("-" | "+") unary | power
    power   := primary ("^" unary)?                 # right-associative, so 2^3^2 = 2^9
    primary := quantity | NAME "(" args ")" | NAME | "(" expr ")"
    quantity:= NUMBER [K|M|B|T glued] ["%"] [unit-or-count-word ...]

Two modes. In *literal* mode (input values, overrides, traffic figures) a word after a number that is not
a unit is a count noun ("100M users", "10 reads per user per day") and counts as 1. In *expression* mode
(outputs) every word must be a known name, unit or function, so typos are caught.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

from sysdojo.core.estimate.units import COUNT_SUFFIXES, COUNT_WORDS, UNITS, Quantity
from sysdojo.core.yamlio import suggest

FUNCTIONS = ("ceil", "floor", "round", "min", "max", "log2", "log10", "sqrt", "abs", "capacity", "latency")
# Functions whose arguments name entries of the numbers-to-know tables rather than variables.
TABLE_FUNCTIONS = ("capacity", "latency")

# Common count nouns: accepted in literal mode without a typo check (e.g. "hits" is close to "bits").
# fmt: off
_COUNT_NOUN_TEXT = """
user users request requests req reqs read reads write writes hit hits view views click clicks item
items object objects message messages msg msgs event events post posts tweet tweets photo photos
video videos file files url urls link links op ops operation operations query queries call calls
order orders ride rides trip trips driver drivers upload uploads download downloads visit visits
session sessions search searches record records row rows key keys page pages comment comments like
likes follow follows follower followers notification notifications email emails char chars character
characters node nodes server servers shard shards partition partitions replica replicas machine
machines instance instances connection connections people person customer customers account accounts
device devices transaction transactions payment payments txn txns entry entries document documents
doc docs image images stream streams song songs chunk chunks block blocks job jobs task tasks update
updates share shares impression impressions ad ads times x
"""
# fmt: on
COUNT_NOUNS = frozenset(_COUNT_NOUN_TEXT.split())


class ExprSyntaxError(Exception):
    """Internal: carries a plain-words message; callers wrap it in SysdojoError with file and field."""


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "word", "op", "end"
    text: str
    pos: int
    value: float = 0.0
    glued: bool = False  # a word written straight after a number ("500ms")


@dataclass(frozen=True)
class Num:
    value: Quantity
    text: str
    percent: bool = False


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str  # + - * / ^
    left: Node
    right: Node
    text: str


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...]
    text: str


Node = Num | Name | Neg | BinOp | Call

_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)")
_WORD = re.compile(r"[A-Za-z_µμ][A-Za-z0-9_µμ]*")
_OPS = {"+": "+", "-": "-", "−": "-", "*": "*", "×": "*", "·": "*", "/": "/", "÷": "/", "^": "^",
        "(": "(", ")": ")", ",": ",", "%": "%"}  # fmt: skip


def tokenize(text: str, *, literal: bool) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if text.startswith("**", i):
            tokens.append(Token("op", "^", i))
            i += 2
            continue
        if ch in _OPS:
            tokens.append(Token("op", _OPS[ch], i))
            i += 1
            continue
        m = (_GROUPED.match(text, i) if literal else None) or _NUMBER.match(text, i)
        if m:
            raw = m.group(0)
            value = float(raw.replace(",", ""))
            if not math.isfinite(value):
                raise ExprSyntaxError(f"the number {raw!r} is too large")
            tokens.append(Token("num", raw, i, value=value))
            i = m.end()
            w = _WORD.match(text, i)
            if w:
                tokens.append(Token("word", w.group(0), i, glued=True))
                i = w.end()
            continue
        w = _WORD.match(text, i)
        if w:
            tokens.append(Token("word", w.group(0), i))
            i = w.end()
            continue
        raise ExprSyntaxError(f"unexpected character {ch!r} at position {i + 1}")
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str, *, literal: bool) -> None:
        self.text = text
        self.literal = literal
        self.tokens = tokenize(text, literal=literal)
        self.i = 0

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return tok

    def is_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text in ops

    def span(self, start: int) -> str:
        return self.text[start : self.peek().pos].strip()

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExprSyntaxError("empty expression")
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            before = self.text[: tok.pos].strip()
            raise ExprSyntaxError(f"expected an operator between {before!r} and {tok.text!r}")
        return node

    def expr(self) -> Node:
        start = self.peek().pos
        node = self.term()
        while self.is_op("+", "-"):
            op = self.take().text
            right = self.term()
            node = BinOp(op, node, right, self.span(start))
        return node

    def _is_per(self) -> bool:
        tok = self.peek()
        return tok.kind == "word" and tok.text == "per"

    def term(self) -> Node:
        start = self.peek().pos
        node = self.unary()
        while self.is_op("*", "/") or self._is_per():
            op = "/" if self._is_per() else self.take().text
            if op == "/" and self._is_per():
                self.take()
            right = self.unary()
            node = BinOp(op, node, right, self.span(start))
        return node

    def unary(self) -> Node:
        if self.is_op("-"):
            self.take()
            return Neg(self.unary())
        if self.is_op("+"):
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        start = self.peek().pos
        base = self.primary()
        if self.is_op("^"):
            self.take()
            exponent = self.unary()
            return BinOp("^", base, exponent, self.span(start))
        return base

    def primary(self) -> Node:
        tok = self.peek()
        if tok.kind == "num":
            return self.quantity()
        if tok.kind == "word":
            self.take()
            if self.is_op("("):
                return self.call(tok)
            if tok.text == "per":
                raise ExprSyntaxError("'per' needs something before it, e.g. '10 per day'")
            return Name(tok.text)
        if self.is_op("("):
            self.take()
            node = self.expr()
            if not self.is_op(")"):
                raise ExprSyntaxError(f"missing ')' in {self.text.strip()!r}")
            self.take()
            return node
        if tok.kind == "end":
            raise ExprSyntaxError(f"expression ends too early: {self.text.strip()!r}")
        raise ExprSyntaxError(f"unexpected {tok.text!r}")

    def call(self, name_tok: Token) -> Node:
        func = name_tok.text
        if func not in FUNCTIONS:
            raise ExprSyntaxError(f"unknown function {func!r}{suggest(func, FUNCTIONS)}")
        self.take()  # "("
        args: list[Node] = []
        if not self.is_op(")"):
            while True:
                args.append(self.expr())
                if self.is_op(","):
                    self.take()
                    continue
                break
        if not self.is_op(")"):
            raise ExprSyntaxError(f"missing ')' after the arguments of {func}()")
        self.take()
        return Call(func, tuple(args), self.text[name_tok.pos : self.peek().pos].strip())

    def quantity(self) -> Node:
        tok = self.take()
        start = tok.pos
        value = tok.value
        percent = False
        nxt = self.peek()
        if nxt.kind == "word" and nxt.glued and nxt.text in COUNT_SUFFIXES:
            value *= COUNT_SUFFIXES[self.take().text]
        if self.is_op("%"):
            self.take()
            value /= 100
            percent = True
        q = Quantity(value)
        while self.peek().kind == "word" and not percent:
            word = self.peek()
            if self.peek(1).kind == "op" and self.peek(1).text == "(":
                break
            if word.text in COUNT_WORDS:
                q = Quantity(q.value * COUNT_WORDS[word.text], q.dims)
            elif word.text in UNITS:
                q = q * UNITS[word.text]
            elif self.literal and word.text != "per":
                check_count_noun(word.text)
            else:
                break
            self.take()
        return Num(q, self.span(start), percent)


def check_count_noun(word: str) -> None:
    if word in COUNT_NOUNS or len(word) < 3:
        return
    close = difflib.get_close_matches(word, [u for u in UNITS if len(u) >= 3], n=1, cutoff=0.75)
    if close:
        raise ExprSyntaxError(f"unknown unit {word!r} (did you mean {close[0]!r}?)")


MAX_LENGTH = 2000


def _parse(text: str, *, literal: bool) -> Node:
    if len(text) > MAX_LENGTH:
        raise ExprSyntaxError(f"expression is longer than {MAX_LENGTH} characters")
    try:
        return _Parser(text, literal=literal).parse()
    except RecursionError:
        raise ExprSyntaxError("expression is nested too deeply") from None


def parse_expression(text: str) -> Node:
    """Parse an output expression: every word must be a name, unit or function."""
    return _parse(text, literal=False)


def _has_number(node: Node) -> bool:
    if isinstance(node, Num | Call):
        return True
    if isinstance(node, Neg):
        return _has_number(node.operand)
    if isinstance(node, BinOp):
        return _has_number(node.left) or _has_number(node.right)
    return False


def parse_literal(text: str) -> Node:
    """Parse an input value: like an expression, but unknown words after a number are count nouns."""
    node = _parse(text, literal=True)
    if not _has_number(node):
        raise ExprSyntaxError(f"expected a number, e.g. '100M users' or '10 /day', got {text.strip()!r}")
    return node


def names_in(node: Node) -> list[str]:
    """Variable names an expression refers to, in order of appearance (table-function args excluded)."""
    out: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Name):
            if n.name not in out:
                out.append(n.name)
        elif isinstance(n, Neg):
            walk(n.operand)
        elif isinstance(n, BinOp):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call) and n.func not in TABLE_FUNCTIONS:
            for a in n.args:
                walk(a)

    walk(node)
    return out


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}
_NEG = 3  # unary minus binds tighter than * and / but looser than ^ (-2^2 is -(2^2))
_SYMBOL = {"+": " + ", "-": " − ", "*": " × ", "/": " / ", "^": "^"}


def _needs_parens(child: int, parent_op: str | None, right_side: bool) -> bool:
    """Whether a child of precedence `child` must be bracketed under `parent_op` to parse back the same.

    Looser binding always needs brackets. At equal precedence, the right operand of a non-associative
    operator does (a / (b × c), a − (b + c)), and so does the left operand of the right-associative ^
    ((a^b)^c); a × (b / c) and a + (b − c) read the same without them.
    """
    if parent_op is None:
        return False
    parent = _PRECEDENCE[parent_op] if parent_op != "neg" else _NEG
    if child != parent:
        return child < parent
    if parent_op == "^":
        return not right_side
    return right_side and parent_op in ("-", "/")


def render(node: Node, show: dict[str, str] | None = None) -> str:
    """Readable form of an expression; with `show`, names are replaced by their displayed values.

    Brackets are printed exactly where the tree needs them, so the text parses back to the same
    expression: `ceil(a / (b * 0.7))` stays `ceil(a / (b × 0.7))`.
    """

    def go(n: Node, parent_op: str | None, right_side: bool) -> str:
        if isinstance(n, Num):
            return n.text  # "1 day" is one operand: the parser binds unit words to their number
        if isinstance(n, Name):
            return show.get(n.name, n.name) if show else n.name
        if isinstance(n, Call):
            return f"{n.func}({', '.join(go(a, None, False) for a in n.args)})"
        if isinstance(n, Neg):
            text = "−" + go(n.operand, "neg", True)
            return f"({text})" if _needs_parens(_NEG, parent_op, right_side) or parent_op == "neg" else text
        text = go(n.left, n.op, False) + _SYMBOL[n.op] + go(n.right, n.op, True)
        return f"({text})" if _needs_parens(_PRECEDENCE[n.op], parent_op, right_side) else text

    return go(node, None, False)
