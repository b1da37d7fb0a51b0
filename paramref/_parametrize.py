"""Reparametrizations: one tensor of a layer replaced by others, named as PyTorch names them.

``torch.nn.utils.parametrizations.weight_norm(module)`` takes the tensor
``weight`` away from the module and keeps, in a child
``parametrizations.weight``, the tensors it is now computed from: a magnitude
``original0`` and a direction ``original1``. ``spectral_norm`` keeps the tensor
as ``original`` and adds two buffers for its power iteration. The older
``torch.nn.utils.weight_norm`` and ``spectral_norm`` do the same with other
names (``weight_g``, ``weight_v``; ``weight_orig``, ``weight_u``, ``weight_v``)
on the module itself.

paramref's functions of the same names take a PyTorch spec and return a new
spec with those tensors; the spec they are given is left as it was (torch
changes the module in place). They work on any spec and any of its own
tensors: ``weight`` of ``nn.Linear`` or ``nn.Conv2d``, ``weight_hh_l0`` of
``nn.LSTM``, a bias, a buffer for the newer functions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ._check import positive_int
from ._tensors import Dim, Spec, Tensor, symbol

__all__ = [
    "Reparametrized",
    "parametrizations_spectral_norm",
    "parametrizations_weight_norm",
    "spectral_norm",
    "weight_norm",
]


@dataclass(frozen=True)
class _Step:
    """One call: which function, on which tensor, with which ``dim``."""

    function: str
    name: str
    dim: int


@dataclass
class _List:
    """A ``ParametrizationList``: the originals, the tensor's shape, its parametrizations."""

    originals: list[Tensor]
    shape: tuple[Dim, ...]
    count: int = 1
    buffers: list[Tensor] = field(default_factory=list)


class Reparametrized(Spec):
    """A PyTorch spec after one or more of the functions of this module.

    Made by :func:`paramref.nn.utils.parametrizations.weight_norm` and its
    siblings, not directly. ``module`` is the spec they were first applied to;
    the count, the names and the formula are that spec's with the tensors
    replaced. The formula's symbols are the module's.

    Examples:
        >>> from paramref import nn
        >>> linear = nn.utils.parametrizations.weight_norm(nn.Linear(4, 3))
        >>> linear
        nn.utils.parametrizations.weight_norm(Linear(in_features=4, out_features=3),
        name='weight', dim=0)
        >>> linear.module
        Linear(in_features=4, out_features=3)
        >>> linear.formula
        in_features*out_features + 2*out_features
    """

    def __init__(self, module: Spec, steps: tuple[_Step, ...]) -> None:
        self.module = module
        self.steps = steps
        self._sizes = module._sizes
        self._fixed: frozenset[str] | None = None
        for _ in self._tensors(self._sizes):  # refuse now what torch refuses
            pass

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        if any(type(value) is not int for value in sizes.values()):
            # Sizes that change the module's list of tensors (the layers of an
            # RNN) stay numbers in the formula: the tensors are found by name.
            if self._fixed is None:
                self._fixed = _structural(self.module)
            fixed = self._fixed
            sizes = {key: self._sizes[key] if key in fixed else v for key, v in sizes.items()}
        own: list[Tensor] = []
        children: list[Tensor] = []
        for tensor in self.module._tensors(sizes):
            (children if "." in tensor.name else own).append(tensor)
        lists: dict[str, _List] = {}
        for step in self.steps:
            _apply(step, own, lists, self.module)
        yield from own
        yield from children
        for parametrized in lists.values():
            yield from parametrized.originals
            yield from parametrized.buffers

    def __repr__(self) -> str:
        text = repr(self.module)
        for step in self.steps:
            text = f"{_PATHS[step.function]}({text}, name={step.name!r}, dim={step.dim!r})"
        return text


def _structural(module: Spec) -> frozenset[str]:
    """The size arguments that, made symbols, change the names of the module's tensors.

    ``num_layers`` of an RNN does: its symbolic listing stands for the upper
    layers by one representative. Such sizes keep their values in the formula of
    a reparametrized spec, so that its tensors can be found by name. Called for
    a formula only: it imports sympy.
    """

    def names(sizes: Mapping[str, Dim]) -> list[str]:
        return [t.name for t in module._tensors(sizes)]

    concrete = names(module._sizes)
    fixed = set()
    for key in module._sizes:
        try:
            if names({**module._sizes, key: symbol(key)}) != concrete:
                fixed.add(key)
        except (TypeError, ValueError):
            fixed.add(key)
    hybrid = {key: value if key in fixed else symbol(key) for key, value in module._sizes.items()}
    try:
        if names(hybrid) == concrete:
            return frozenset(fixed)
    except (TypeError, ValueError):
        pass
    return frozenset(module._sizes)


#: Where torch keeps each function, for ``repr``.
_PATHS = {
    "weight_norm": "nn.utils.parametrizations.weight_norm",
    "spectral_norm": "nn.utils.parametrizations.spectral_norm",
    "weight_norm_hook": "nn.utils.weight_norm",
    "spectral_norm_hook": "nn.utils.spectral_norm",
}


def _apply(step: _Step, own: list[Tensor], lists: dict[str, _List], module: Spec) -> None:
    """Change ``own`` and ``lists`` as torch changes the module."""
    name, dim = step.name, step.dim
    if step.function in ("weight_norm", "spectral_norm") and name in lists:
        # A second parametrization of the same tensor: appended to its list.
        parametrized = lists[name]
        index = parametrized.count
        parametrized.count += 1
        if step.function == "spectral_norm":
            parametrized.buffers += _power_vectors(
                parametrized.shape, dim, f"parametrizations.{name}.{index}.", name
            )
        return
    target = _take(own, name, module, parameter_only=step.function.endswith("_hook"))
    shape = target.shape
    if step.function == "weight_norm" and name in _INTEGER_BUFFERS:
        raise ValueError(f"{name!r} holds integers; torch takes the norm of floating tensors only")
    if step.function == "weight_norm":
        prefix = f"parametrizations.{name}."
        lists[name] = _List(
            [
                replace(target, name=prefix + "original0", shape=_magnitude_shape(shape, dim)),
                replace(target, name=prefix + "original1"),
            ],
            shape,
        )
    elif step.function == "spectral_norm":
        prefix = f"parametrizations.{name}."
        lists[name] = _List([replace(target, name=prefix + "original")], shape)
        lists[name].buffers += _power_vectors(shape, dim, prefix + "0.", name)
    elif step.function == "weight_norm_hook":
        own.append(replace(target, name=f"{name}_g", shape=_magnitude_shape(shape, dim)))
        own.append(replace(target, name=f"{name}_v"))
    else:  # spectral_norm_hook
        if not 0 <= dim < len(shape):
            raise ValueError(
                f"dim must be in [0, {len(shape) - 1}] for {name!r} of shape "
                f"{_shape_text(shape)}, got {dim}"
            )
        height = shape[dim]
        if height == 0:
            raise ValueError(
                f"spectral_norm cannot reshape {name!r} of shape {_shape_text(shape)} into a "
                f"matrix with {height} rows along dim={dim}"
            )
        own.append(replace(target, name=f"{name}_orig"))
        own.append(Tensor(f"{name}_u", (height,), buffer=True))
        own.append(Tensor(f"{name}_v", (_product_except(shape, dim),), buffer=True))


#: The integer buffers among paramref's specs: torch cannot take their norm.
_INTEGER_BUFFERS = frozenset({"num_batches_tracked"})


def _take(own: list[Tensor], name: str, module: Spec, *, parameter_only: bool) -> Tensor:
    """Remove and return the module's own tensor ``name``, or refuse as torch does."""
    for index, tensor in enumerate(own):
        if tensor.name == name:
            if parameter_only and tensor.buffer:
                raise ValueError(
                    f"{name!r} of {module!r} is a buffer; this function takes a parameter"
                )
            return own.pop(index)
    kind = "parameter" if parameter_only else "parameter or buffer"
    known = ", ".join(repr(t.name) for t in own if not (parameter_only and t.buffer))
    raise ValueError(
        f"name={name!r}: {module!r} has no {kind} of its own named {name!r}"
        + (f" (it has {known})" if known else "")
    )


def _magnitude_shape(shape: tuple[Dim, ...], dim: int) -> tuple[Dim, ...]:
    """The shape of weight normalization's ``g``: ``norm_except_dim(weight, 2, dim)``.

    ``dim=-1`` (and ``None``) is one norm of the whole tensor: a scalar. Any
    other ``dim`` keeps that axis and sets the others to 1; torch cannot
    reshape an empty tensor for it when that axis has size 0.
    """
    if dim == -1:
        return ()
    rank = len(shape)
    if not -rank <= dim < rank:
        raise ValueError(
            f"dim must be -1, None or in [{-rank}, {rank - 1}] for a tensor of shape "
            f"{_shape_text(shape)}, got {dim}"
        )
    kept = dim % rank
    if shape[kept] == 0:
        raise ValueError(
            f"dim={dim}: torch cannot take the norm of a tensor of shape {_shape_text(shape)} "
            f"along an axis of size 0"
        )
    return tuple(size if k == kept else 1 for k, size in enumerate(shape))


def _power_vectors(shape: tuple[Dim, ...], dim: int, prefix: str, name: str) -> list[Tensor]:
    """The buffers ``_u`` and ``_v`` of a ``_SpectralNorm`` on a tensor of ``shape``.

    The tensor is seen as a matrix with ``shape[dim]`` rows; ``_u`` has one entry
    per row, ``_v`` one per column. A tensor of one axis needs no power
    iteration and gets no buffers.
    """
    rank = len(shape)
    if not -rank <= dim < rank:
        raise ValueError(
            f"dim must be in [{-rank}, {rank - 1}] for {name!r} of shape "
            f"{_shape_text(shape)}, got {dim}"
        )
    if rank <= 1:
        return []
    kept = dim % rank
    return [
        Tensor(prefix + "_u", (shape[kept],), buffer=True),
        Tensor(prefix + "_v", (_product_except(shape, kept),), buffer=True),
    ]


def _product_except(shape: Sequence[Dim], axis: int) -> Dim:
    total: Dim = 1
    for k, size in enumerate(shape):
        if k != axis:
            total = total * size
    return total


def _shape_text(shape: tuple[Dim, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


# ---------------------------------------------------------------------------
# The functions, as torch spells them.


def _torch_spec(module: object, function: str) -> tuple[Spec, tuple[_Step, ...]]:
    """The spec a function applies to, and the steps already applied to it."""
    if isinstance(module, Reparametrized):
        return module.module, module.steps
    if not isinstance(module, Spec):
        raise TypeError(
            f"{function} takes a paramref.nn spec, got {type(module).__name__} {module!r}"
        )
    from . import layers, nn

    cls = type(module)
    if getattr(layers, cls.__name__, None) is cls and getattr(nn, cls.__name__, None) is not cls:
        raise TypeError(f"{function} takes a paramref.nn spec, got the Keras spec {module!r}")
    return module, ()


def _name(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"name must be a str, got {type(value).__name__} {value!r}")
    return value


def _dim(value: object, default: int) -> int:
    """``dim`` as an int: ``None`` becomes ``default``."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"dim must be an int or None, got {type(value).__name__} {value!r}")
    return value


def _transposed(module: Spec) -> bool:
    """Whether torch's default ``dim`` for spectral norm is 1: a transposed convolution."""
    from ._conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d

    return isinstance(module, ConvTranspose1d | ConvTranspose2d | ConvTranspose3d)


def parametrizations_weight_norm(
    module: Spec, name: str = "weight", dim: int | None = 0
) -> Reparametrized:
    """``torch.nn.utils.parametrizations.weight_norm``: ``w = g · v / ‖v‖``.

    The tensor ``name`` is replaced by a magnitude ``g`` and a direction ``v``,
    named ``parametrizations.{name}.original0`` and ``...original1`` and listed
    after every other parameter, as torch lists them. ``v`` has the tensor's
    shape. ``g`` has the tensor's size along ``dim`` and 1 along every other
    axis; ``dim=None`` (or ``-1``) makes it one scalar for the whole tensor. The
    count grows by the size of ``g``: ``out_features`` for ``Linear`` with the
    default ``dim=0``.

    A buffer may be parametrized too; its originals are then buffers. A tensor
    already parametrized gets one more parametrization in its list, and no
    new tensor.

    Args:
        module: A ``paramref.nn`` spec (the result of these functions included).
        name: One of the module's own tensors (``"weight"``, ``"weight_hh_l0"``, ...).
        dim: The axis the norm keeps, or ``None`` for one norm of the whole tensor.

    Returns:
        A new spec; ``module`` is unchanged.

    Examples:
        >>> from paramref import nn
        >>> linear = nn.utils.parametrizations.weight_norm(nn.Linear(4, 3))
        >>> linear.shapes
        {'bias': (3,), 'parametrizations.weight.original0': (3, 1),
        'parametrizations.weight.original1': (3, 4)}
        >>> nn.Linear(4, 3).params, linear.params
        (15, 18)
        >>> nn.utils.parametrizations.weight_norm(nn.Conv2d(3, 8, 3), dim=None).params
        225
    """
    base, steps = _torch_spec(module, "weight_norm")
    step = _Step("weight_norm", _name(name), _dim(dim, -1))
    return Reparametrized(base, (*steps, step))


def parametrizations_spectral_norm(
    module: Spec,
    name: str = "weight",
    n_power_iterations: int = 1,
    eps: float = 1e-12,
    dim: int | None = None,
) -> Reparametrized:
    """``torch.nn.utils.parametrizations.spectral_norm``: divide by the largest singular value.

    The tensor ``name`` is kept, renamed ``parametrizations.{name}.original``
    and listed after every other parameter: the count does not change. Seen as
    a matrix with ``shape[dim]`` rows (``dim`` defaults to 1 for a transposed
    convolution, 0 otherwise), it gets two buffers for the power iteration,
    ``parametrizations.{name}.0._u`` with one entry per row and ``..._v`` with one
    per column; a tensor of one axis gets none.

    Args:
        module: A ``paramref.nn`` spec.
        name: One of the module's own tensors.
        n_power_iterations: Accepted if positive; it does not change the count.
        eps: Accepted; it does not change the count.
        dim: The axis of the rows, or ``None`` for torch's default.

    Returns:
        A new spec; ``module`` is unchanged.

    Examples:
        >>> from paramref import nn
        >>> conv = nn.utils.parametrizations.spectral_norm(nn.Conv2d(3, 8, 3))
        >>> conv.shapes
        {'bias': (8,), 'parametrizations.weight.original': (8, 3, 3, 3)}
        >>> conv.buffers
        {'parametrizations.weight.0._u': (8,), 'parametrizations.weight.0._v': (27,)}
        >>> conv.params == nn.Conv2d(3, 8, 3).params
        True
    """
    base, steps = _torch_spec(module, "spectral_norm")
    positive_int("n_power_iterations", n_power_iterations)
    step = _Step("spectral_norm", _name(name), _dim(dim, 1 if _transposed(base) else 0))
    return Reparametrized(base, (*steps, step))


def weight_norm(module: Spec, name: str = "weight", dim: int | None = 0) -> Reparametrized:
    """``torch.nn.utils.weight_norm``, the older weight normalization: ``weight_g``, ``weight_v``.

    torch deprecates it for :func:`parametrizations_weight_norm`, but it is still
    there and still in older checkpoints. The parameter ``name`` is replaced by
    ``{name}_g`` (the magnitude, shaped as in the newer function) and
    ``{name}_v`` (the direction), both parameters of the module itself, listed
    after its other own parameters. Only a parameter can be normalized, once.

    Args:
        module: A ``paramref.nn`` spec.
        name: One of the module's own parameters.
        dim: The axis the norm keeps, or ``None`` for one norm of the whole tensor.

    Returns:
        A new spec; ``module`` is unchanged.

    Examples:
        >>> from paramref import nn
        >>> linear = nn.utils.weight_norm(nn.Linear(4, 3))
        >>> linear.shapes
        {'bias': (3,), 'weight_g': (3, 1), 'weight_v': (3, 4)}
        >>> linear.params
        18
    """
    base, steps = _torch_spec(module, "weight_norm")
    step = _Step("weight_norm_hook", _name(name), _dim(dim, -1))
    return Reparametrized(base, (*steps, step))


def spectral_norm(
    module: Spec,
    name: str = "weight",
    n_power_iterations: int = 1,
    eps: float = 1e-12,
    dim: int | None = None,
) -> Reparametrized:
    """``torch.nn.utils.spectral_norm``, the older spectral normalization: ``weight_orig``.

    The parameter ``name`` becomes ``{name}_orig``, listed after the module's
    other own parameters, and two buffers ``{name}_u`` (``shape[dim]`` entries)
    and ``{name}_v`` (the product of the other axes; 1 for a vector) are
    added: the count does not change. ``dim`` must be an axis counted from 0
    (torch's older code does not take negative ones), and the tensor must have
    at least one row along it.

    Args:
        module: A ``paramref.nn`` spec.
        name: One of the module's own parameters.
        n_power_iterations: Accepted if positive; it does not change the count.
        eps: Accepted; it does not change the count.
        dim: The axis of the rows, or ``None`` for torch's default (1 for a
            transposed convolution, 0 otherwise).

    Returns:
        A new spec; ``module`` is unchanged.

    Examples:
        >>> from paramref import nn
        >>> linear = nn.utils.spectral_norm(nn.Linear(4, 3))
        >>> linear.shapes, linear.buffers
        ({'bias': (3,), 'weight_orig': (3, 4)}, {'weight_u': (3,), 'weight_v': (4,)})
    """
    base, steps = _torch_spec(module, "spectral_norm")
    positive_int("n_power_iterations", n_power_iterations)
    step = _Step("spectral_norm_hook", _name(name), _dim(dim, 1 if _transposed(base) else 0))
    return Reparametrized(base, (*steps, step))
