"""Containers: specs chained into one, named and deduplicated as PyTorch does.

``torch.nn.Sequential`` names its children ``0``, ``1``, ... (or by the keys of
an ``OrderedDict``) and a child's tensors ``"{child}.{tensor}"``. A module that
appears twice is one module: ``parameters()`` yields its tensors once, under the
first name met in a depth-first walk. paramref counts the same way.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping

from ._tensors import Dim, Spec, Tensor, prefixed

__all__ = ["Sequential"]


class Sequential(Spec):
    """``torch.nn.Sequential``: children run in order; their tensors, counted once each.

    Tensor names are torch's: ``"0.weight"``, ``"2.bias"``; children without
    parameters (activations, dropout, ``None``) still take their index. A spec
    object passed twice (weight sharing) is counted once and listed under its
    first name, as ``named_parameters()`` lists a shared module.

    The formula sums the children's formulas, each child's symbols suffixed by
    its name (``in_features_0``, ``out_features_2``; a nested child ``3.0`` gives
    ``in_features_3_0``), so that two children never share a symbol.

    Args:
        *args: The child specs in order (``None`` allowed, as torch allows it), or
            a single ``OrderedDict`` of name -> spec.

    Examples:
        >>> from paramref import nn
        >>> net = Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 3))
        >>> net.shapes
        {'0.weight': (5, 4), '0.bias': (5,), '2.weight': (3, 5), '2.bias': (3,)}
        >>> net.params
        43
        >>> net.formula
        in_features_0*out_features_0 + in_features_2*out_features_2
        + out_features_0 + out_features_2
        >>> shared = nn.Linear(8, 8)
        >>> Sequential(shared, nn.Tanh(), shared).params
        72
    """

    def __init__(self, *args: Spec | OrderedDict[str, Spec | None] | None) -> None:
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            children: list[tuple[str, Spec | None]] = []
            for name, child in args[0].items():
                _check_name(name)
                children.append((name, _check_child(child)))
        else:
            children = [(str(k), _check_child(child)) for k, child in enumerate(args)]
        self.children: tuple[tuple[str, Spec | None], ...] = tuple(children)
        self._leaves = tuple(_walk(self, "", set()))
        self._sizes = {}
        for path, leaf in self._leaves:
            suffix = path.replace(".", "_")
            for argument, value in leaf._sizes.items():
                key = f"{argument}_{suffix}"
                if key in self._sizes:
                    raise ValueError(f"two children give the formula the symbol {key!r}")
                self._sizes[key] = value

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        for path, leaf in self._leaves:
            suffix = path.replace(".", "_")
            own = {argument: sizes[f"{argument}_{suffix}"] for argument in leaf._sizes}
            yield from prefixed(path, leaf._tensors(own))

    def __len__(self) -> int:
        return len(self.children)

    def __getitem__(self, index: int) -> Spec | None:
        return self.children[index][1]

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}: {child!r}" for name, child in self.children)
        return f"Sequential({inner})"


def _walk(container: Sequential, prefix: str, seen: set[int]) -> Iterator[tuple[str, Spec]]:
    """Depth-first (path, spec) of the leaves, each spec object once, first path kept."""
    for name, child in container.children:
        if child is None or id(child) in seen:
            continue
        seen.add(id(child))
        path = f"{prefix}{name}"
        if isinstance(child, Sequential):
            yield from _walk(child, f"{path}.", seen)
        else:
            yield path, child


def _check_child(child: object) -> Spec | None:
    if child is not None and not isinstance(child, Spec):
        raise TypeError(f"Sequential takes paramref specs, got {type(child).__name__} {child!r}")
    return child


def _check_name(name: object) -> None:
    """torch's rules for a child's name: a non-empty string without a dot."""
    if not isinstance(name, str):
        raise TypeError(f"a child's name must be a str, got {type(name).__name__} {name!r}")
    if not name:
        raise ValueError("a child's name cannot be the empty string")
    if "." in name:
        raise ValueError(f"a child's name cannot contain '.', got {name!r}")
