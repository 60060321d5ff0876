"""A safe arithmetic evaluator for the built-in ``calculator`` tool.

The expression comes from a model, so it is never given to ``eval``. It is parsed with
:mod:`ast` and walked by hand: only numbers, ``+ - * / // % **``, unary ``±``, parentheses,
a whitelist of :mod:`math` functions and constants are allowed. Exponents, factorials and
integer sizes are capped so that no expression can eat the CPU or the memory.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

Number = int | float

MAX_EXPRESSION_CHARS = 500
MAX_NODES = 200
MAX_EXPONENT = 10_000
MAX_INT_BITS = 4096
MAX_FACTORIAL = 1000


class CalculatorError(ValueError):
    """The expression is not allowed or cannot be computed; the message says why."""


def _factorial(value: Number) -> Number:
    if isinstance(value, float):
        if not value.is_integer():
            raise CalculatorError("factorial() needs a whole number")
        value = int(value)
    if value < 0 or value > MAX_FACTORIAL:
        raise CalculatorError(f"factorial() needs a whole number from 0 to {MAX_FACTORIAL}")
    return math.factorial(value)


def _log(value: Number, base: Number | None = None) -> float:
    return math.log(value) if base is None else math.log(value, base)


FUNCTIONS: dict[str, Callable[..., Number]] = {
    "sqrt": math.sqrt,
    "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
    "exp": math.exp,
    "log": _log,
    "ln": math.log,
    "log10": math.log10,
    "log2": math.log2,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "asin": math.asin,
    "acos": math.acos,
    "atan": math.atan,
    "atan2": math.atan2,
    "sinh": math.sinh,
    "cosh": math.cosh,
    "tanh": math.tanh,
    "degrees": math.degrees,
    "radians": math.radians,
    "hypot": math.hypot,
    "floor": math.floor,
    "ceil": math.ceil,
    "trunc": math.trunc,
    "abs": abs,
    "round": round,
    "min": min,
    "max": max,
    "factorial": _factorial,
}
"""Functions a calculator expression may call (positional arguments only)."""

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e, "tau": math.tau}
"""Names a calculator expression may use."""

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_REPLACEMENTS = {"^": "**", "×": "*", "÷": "/", "−": "-"}


def _check_size(value: Any) -> Number:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CalculatorError("the result is not a real number")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise CalculatorError("the result is too large")
    if isinstance(value, float) and not math.isfinite(value):
        raise CalculatorError("the result is not a finite number")
    return value


def _power(base: Number, exponent: Number) -> Number:
    if abs(exponent) > MAX_EXPONENT:
        raise CalculatorError(f"exponents are limited to ±{MAX_EXPONENT}")
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        if max(base.bit_length(), 1) * exponent > MAX_INT_BITS * 2:
            raise CalculatorError("the result is too large")
        whole: int = base**exponent
        return whole
    result: Any = float(base) ** float(exponent)
    if not isinstance(result, float):
        raise CalculatorError("the result is not a real number")
    return result


class _Evaluator:
    def __init__(self) -> None:
        self.nodes = 0

    def visit(self, node: ast.AST) -> Number:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise CalculatorError("the expression is too long")
        if isinstance(node, ast.Expression):
            return self.visit(node.body)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise CalculatorError(f"only numbers are allowed, not {node.value!r}")
            return _check_size(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
            value = self.visit(node.operand)
            return -value if isinstance(node.op, ast.USub) else +value
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Name):
            if node.id in CONSTANTS:
                return CONSTANTS[node.id]
            raise CalculatorError(f"unknown name {node.id!r}")
        if isinstance(node, ast.Call):
            return self._call(node)
        raise CalculatorError(f"{type(node).__name__} is not allowed in an expression")

    def _binary(self, node: ast.BinOp) -> Number:
        left = self.visit(node.left)
        right = self.visit(node.right)
        function = _power if isinstance(node.op, ast.Pow) else _BINARY.get(type(node.op))
        if function is None:
            raise CalculatorError(f"the operator {type(node.op).__name__} is not allowed")
        try:
            return _check_size(function(left, right))
        except ZeroDivisionError:
            raise CalculatorError("division by zero") from None

    def _call(self, node: ast.Call) -> Number:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else "this"
            raise CalculatorError(f"the function {name!r} is not allowed")
        if node.keywords:
            raise CalculatorError("functions take positional arguments only")
        args = [self.visit(arg) for arg in node.args]
        try:
            return _check_size(FUNCTIONS[node.func.id](*args))
        except CalculatorError:
            raise
        except TypeError:
            raise CalculatorError(f"wrong number of arguments for {node.func.id}()") from None
        except OverflowError:
            raise CalculatorError("the result is too large") from None
        except (ValueError, ZeroDivisionError) as exc:
            raise CalculatorError(f"{node.func.id}(): {exc}") from None


def evaluate(expression: str) -> Number:
    """Compute ``expression`` (``^`` is read as a power); raises :class:`CalculatorError`."""
    text = expression.strip()
    if not text:
        raise CalculatorError("the expression is empty")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise CalculatorError(f"the expression is longer than {MAX_EXPRESSION_CHARS} characters")
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise CalculatorError("the expression cannot be parsed") from None
    try:
        return _Evaluator().visit(tree)
    except RecursionError:
        raise CalculatorError("the expression is nested too deeply") from None
    except OverflowError:
        raise CalculatorError("the result is too large") from None
