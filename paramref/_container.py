"""Containers: specs gathered into one, named and deduplicated as PyTorch does.

``torch.nn.Sequential`` and ``torch.nn.ModuleList`` name their children ``0``,
``1``, ...; ``torch.nn.ModuleDict`` (and a ``Sequential`` built from an
``OrderedDict``) by their keys. A child's tensors are named
``"{child}.{tensor}"``. A module that appears twice is one module:
``parameters()`` yields its tensors once, under the first name met in a
depth-first walk. paramref counts the same way. A container has no tensors of
its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping

from ._tensors import Dim, Spec, Tensor, prefixed

__all__ = ["ModuleDict", "ModuleList", "Sequential"]

#: The attributes of an empty ``torch.nn.Module`` (``dir(torch.nn.Module())`` in
#: torch 2.13). torch refuses a child named like one of them, or like a method
#: of the container (``_CONTAINER_ATTRIBUTES``); a test keeps the lists in step.
_MODULE_ATTRIBUTE_NAMES = """
    T_destination __annotations__ __call__ __class__ __delattr__ __dict__ __dir__ __doc__
    __eq__ __format__ __ge__ __getattr__ __getattribute__ __getstate__ __gt__ __hash__
    __init__ __init_subclass__ __le__ __lt__ __module__ __ne__ __new__ __reduce__
    __reduce_ex__ __repr__ __setattr__ __setstate__ __sizeof__ __str__ __subclasshook__
    __weakref__ _apply _backward_hooks _backward_pre_hooks _buffers _call_impl
    _compiled_call_impl _forward_hooks _forward_hooks_always_called
    _forward_hooks_with_kwargs _forward_pre_hooks _forward_pre_hooks_with_kwargs
    _get_backward_hooks _get_backward_pre_hooks _get_name _is_full_backward_hook
    _load_from_state_dict _load_state_dict_post_hooks _load_state_dict_pre_hooks
    _maybe_warn_non_full_backward_hook _modules _named_members _non_persistent_buffers_set
    _parameters _register_load_state_dict_pre_hook _register_state_dict_hook
    _replicate_for_data_parallel _save_to_state_dict _slow_forward _state_dict_hooks
    _state_dict_pre_hooks _version _wrapped_call_impl add_module apply bfloat16 buffers
    call_super_init children compile cpu cuda double dump_patches eval extra_repr float
    forward get_buffer get_extra_state get_parameter get_submodule half ipu
    load_state_dict modules mtia named_buffers named_children named_modules
    named_parameters parameters register_backward_hook register_buffer
    register_forward_hook register_forward_pre_hook register_full_backward_hook
    register_full_backward_pre_hook register_load_state_dict_post_hook
    register_load_state_dict_pre_hook register_module register_parameter
    register_state_dict_post_hook register_state_dict_pre_hook requires_grad_
    set_extra_state set_submodule share_memory state_dict to to_empty train training type
    xpu zero_grad
"""
_SEQUENTIAL_ATTRIBUTE_NAMES = """
    __add__ __delitem__ __getitem__ __iadd__ __imul__ __iter__ __len__ __mul__ __rmul__
    __setitem__ _get_item_by_idx append extend insert pop
"""
_MODULE_DICT_ATTRIBUTE_NAMES = """
    __contains__ __delitem__ __getitem__ __iter__ __len__ __setitem__ clear items keys
    pop update values
"""
_MODULE_ATTRIBUTES = frozenset(_MODULE_ATTRIBUTE_NAMES.split())
_CONTAINER_ATTRIBUTES = {
    "Sequential": frozenset(_SEQUENTIAL_ATTRIBUTE_NAMES.split()),
    "ModuleDict": frozenset(_MODULE_DICT_ATTRIBUTE_NAMES.split()),
}

Child = Spec | None


class _Container(Spec):
    """Named children and no tensors of its own; the tensors are the children's.

    The formula sums the children's formulas, each child's symbols suffixed by
    its name (``in_features_0``; a nested child ``3.0`` gives ``in_features_3_0``),
    so that two children never share a symbol. Where two such names would
    coincide (a child ``"a_0"`` beside a child ``"a"`` holding a child ``"0"``),
    both are written ``argument[path]`` instead: ``in_features[a.0]``.
    """

    children: tuple[tuple[str, Child], ...]

    def _set_children(self, children: Iterable[tuple[str, Child]]) -> None:
        self.children = tuple(children)
        self._leaves = tuple(_walk(self, "", set()))
        plain: dict[tuple[str, str], str] = {}
        for path, leaf in self._leaves:
            for argument in leaf._sizes:
                plain[path, argument] = f"{argument}_{path.replace('.', '_')}"
        taken: dict[str, int] = {}
        for name in plain.values():
            taken[name] = taken.get(name, 0) + 1
        self._symbols = {
            key: name if taken[name] == 1 else f"{key[1]}[{key[0]}]" for key, name in plain.items()
        }
        self._sizes = {
            self._symbols[path, argument]: value
            for path, leaf in self._leaves
            for argument, value in leaf._sizes.items()
        }

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        for path, leaf in self._leaves:
            own = {argument: sizes[self._symbols[path, argument]] for argument in leaf._sizes}
            yield from prefixed(path, leaf._tensors(own))

    def __len__(self) -> int:
        return len(self.children)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}: {child!r}" for name, child in self.children)
        return f"{type(self).__name__}({inner})"


class Sequential(_Container):
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
            children: list[tuple[str, Child]] = []
            for name, child in args[0].items():
                _check_name("Sequential", name)
                children.append((name, _check_child("Sequential", child)))
        else:
            children = [(str(k), _check_child("Sequential", c)) for k, c in enumerate(args)]
        self._set_children(children)

    def __getitem__(self, index: int) -> Spec | None:
        return self.children[index][1]


class ModuleList(_Container):
    """``torch.nn.ModuleList``: children held in a list, named ``0``, ``1``, ...

    Like :class:`Sequential` without the order of a forward pass: torch does not
    call the children, the model that holds the list does. The tensors, their
    names (``"0.weight"``, ``"1.0.bias"``), the counting of a shared spec once and
    the formula's symbols (``in_features_0``) are :class:`Sequential`'s. ``None``
    takes an index and holds nothing.

    Args:
        modules: An iterable of specs (``None`` allowed), or ``None`` for an
            empty list.

    Examples:
        >>> from paramref import nn
        >>> blocks = ModuleList([nn.Linear(8, 8) for _ in range(3)])
        >>> list(blocks.shapes)
        ['0.weight', '0.bias', '1.weight', '1.bias', '2.weight', '2.bias']
        >>> blocks.params
        216
        >>> shared = nn.Linear(8, 8)
        >>> ModuleList([shared] * 3).params
        72
        >>> ModuleList().params
        0
    """

    def __init__(self, modules: Iterable[Spec | None] | None = None) -> None:
        if modules is None:
            modules = ()
        if not isinstance(modules, Iterable) or isinstance(modules, Spec):
            raise TypeError(
                f"ModuleList takes an iterable of specs, got {type(modules).__name__} {modules!r}"
            )
        self._set_children(
            (str(k), _check_child("ModuleList", child)) for k, child in enumerate(modules)
        )

    def __getitem__(self, index: int) -> Spec | None:
        return self.children[index][1]

    def __iter__(self) -> Iterator[Spec | None]:
        return (child for _, child in self.children)


class ModuleDict(_Container):
    """``torch.nn.ModuleDict``: children held by name, in the order they were inserted.

    A child's tensors are named ``"{key}.{tensor}"`` (``"encoder.weight"``), a
    spec given twice is counted once under its first key, and the formula's
    symbols are suffixed by the key (``in_features_encoder``). A key given twice
    keeps its first place and its last spec, as torch's ``update`` does.

    Args:
        modules: A mapping of name -> spec (``dict``, ``OrderedDict``, another
            ``ModuleDict``), an iterable of ``(name, spec)`` pairs, or ``None``.
            A name is a non-empty string without ``"."`` that is not an
            attribute of ``torch.nn.ModuleDict`` (``"keys"``, ``"training"``, ...).

    Examples:
        >>> from paramref import nn
        >>> heads = ModuleDict({"classify": nn.Linear(512, 10), "regress": nn.Linear(512, 1)})
        >>> heads.shapes
        {'classify.weight': (10, 512), 'classify.bias': (10,), 'regress.weight': (1, 512),
        'regress.bias': (1,)}
        >>> heads.params
        5643
        >>> heads.formula
        in_features_classify*out_features_classify + in_features_regress*out_features_regress
        + out_features_classify + out_features_regress
        >>> ModuleDict({"keys": nn.ReLU()})
        Traceback (most recent call last):
        ...
        ValueError: a child of ModuleDict cannot be named 'keys': torch.nn.ModuleDict has an
        attribute of that name
    """

    def __init__(
        self,
        modules: ModuleDict
        | Mapping[str, Spec | None]
        | Iterable[tuple[str, Spec | None]]
        | None = None,
    ) -> None:
        if modules is None:
            modules = {}
        pairs: Iterable[object]
        if isinstance(modules, ModuleDict):
            pairs = modules.children
        elif isinstance(modules, Mapping):
            pairs = modules.items()
        elif isinstance(modules, Iterable) and not isinstance(modules, str | Spec):
            pairs = modules
        else:
            raise TypeError(
                "ModuleDict takes a mapping or an iterable of (name, spec) pairs, "
                f"got {type(modules).__name__} {modules!r}"
            )
        children: dict[str, Child] = {}
        for index, pair in enumerate(pairs):
            if not isinstance(pair, tuple | list):
                raise TypeError(
                    f"ModuleDict's element {index} must be a (name, spec) pair, "
                    f"got {type(pair).__name__} {pair!r}"
                )
            if len(pair) != 2:
                raise ValueError(
                    f"ModuleDict's element {index} must be a (name, spec) pair, "
                    f"got {len(pair)} items"
                )
            name, child = pair
            _check_name("ModuleDict", name)
            children[name] = _check_child("ModuleDict", child)
        self._set_children(children.items())

    def __getitem__(self, key: str) -> Spec | None:
        return dict(self.children)[key]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.children)

    def keys(self) -> list[str]:
        """The children's names, in order."""
        return [name for name, _ in self.children]


def _walk(container: _Container, prefix: str, seen: set[int]) -> Iterator[tuple[str, Spec]]:
    """Depth-first (path, spec) of the leaves, each spec object once, first path kept."""
    for name, child in container.children:
        if child is None or id(child) in seen:
            continue
        seen.add(id(child))
        path = f"{prefix}{name}"
        if isinstance(child, _Container):
            yield from _walk(child, f"{path}.", seen)
        else:
            yield path, child


def _check_child(container: str, child: object) -> Spec | None:
    if child is not None and not isinstance(child, Spec):
        raise TypeError(f"{container} takes paramref specs, got {type(child).__name__} {child!r}")
    return child


def _check_name(container: str, name: object) -> None:
    """torch's rules for a child's name: a string, not empty, no dot, not an attribute."""
    if not isinstance(name, str):
        raise TypeError(f"a child's name must be a str, got {type(name).__name__} {name!r}")
    if not name:
        raise ValueError("a child's name cannot be the empty string")
    if "." in name:
        raise ValueError(f"a child's name cannot contain '.', got {name!r}")
    if name in _MODULE_ATTRIBUTES or name in _CONTAINER_ATTRIBUTES[container]:
        raise ValueError(
            f"a child of {container} cannot be named {name!r}: torch.nn.{container} has an "
            f"attribute of that name"
        )
