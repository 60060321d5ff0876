"""Public names of a package, loaded on first use (PEP 562).

A package's ``__init__`` lists its public names in ``__all__`` and where each one lives; the
``__getattr__`` made here imports that module only when the name is first read, so
``import studio.store`` stays as light as the modules it really uses (no Pillow, no Qt).
Type checkers read the same names from the package's ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: ``where`` maps a name to its module (the
    package itself for a submodule, as in ``from studio.api import events``)."""

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if module == package:
            return import_module(f"{package}.{name}")
        return getattr(import_module(module), name)

    return __getattr__
