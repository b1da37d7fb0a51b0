"""LoRA as PEFT adds it: what ``peft.get_peft_model`` does to a model's count.

LoRA freezes a model and adds, beside each targeted linear layer ``W`` of
``in -> out`` features, two trainable factors: ``lora_A`` (``r x in``) and
``lora_B`` (``out x r``), so each target gains ``r (in + out)`` parameters.
DoRA adds a trainable magnitude vector of ``out`` entries per target. An
embedding table of ``n`` rows and ``d`` features gains ``lora_embedding_A``
(``r x n``) and ``lora_embedding_B`` (``d x r``). ``modules_to_save`` keeps a
frozen original and a trainable copy of each module it names; ``bias`` makes
biases trainable (``"all"``, or ``"lora_only"``: the targets' own).

:func:`lora` takes any torch-faithful spec of paramref (a layer, an
``nn.Sequential``, a whole model from :mod:`paramref.models`) and returns the
spec PEFT's model has: every parameter under PEFT's name, which are trainable,
and the line ``print_trainable_parameters()`` prints.

Examples:
    >>> from paramref import models, peft
    >>> tuned = peft.lora(models.llama(), r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"])
    >>> tuned.trainable_params, tuned.params
    (4194304, 6742609920)
    >>> print(tuned.trainable_parameters())
    trainable params: 4,194,304 || all params: 6,742,609,920 || trainable%: 0.0622
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from ._check import flag, positive_int
from ._tensors import Dim, Spec, Tensor

if TYPE_CHECKING:
    import sympy

__all__ = ["LoraModel", "lora"]

#: The module classes LoRA adapts, as PEFT's LoRA layers do.
ADAPTED = ("Linear", "Embedding", "Conv1D")
BIASES = ("none", "all", "lora_only")


def _matches(module: str, targets: str | Sequence[str]) -> bool:
    """Whether PEFT's ``target_modules`` (or ``modules_to_save``) picks ``module``.

    A string is a regular expression the whole module name must match; a list
    holds names the module name must equal or end with (after a dot).
    """
    if isinstance(targets, str):
        return re.fullmatch(targets, module) is not None
    return any(module == t or module.endswith("." + t) for t in targets)


def _pattern(module: str, patterns: Mapping[str, int]) -> int | None:
    """The value of the first key of ``rank_pattern``/``alpha_pattern`` that names ``module``."""
    for key, value in patterns.items():
        if re.match(rf"(.*\.)?({key})$", module):
            return value
    return None


def _modules(tensors: Sequence[Tensor]) -> dict[str, list[Tensor]]:
    """Module path -> its own tensors (``a.b.weight`` belongs to ``a.b``)."""
    modules: dict[str, list[Tensor]] = {}
    for tensor in tensors:
        module, _, _ = tensor.name.rpartition(".")
        modules.setdefault(module, []).append(tensor)
    return modules


class LoraModel(Spec):
    """A model wrapped by ``peft.get_peft_model`` with a ``LoraConfig``: build it with :func:`lora`.

    ``shapes`` are the wrapped model's ``named_parameters()``; ``params`` counts
    them all (each module saved in full counted twice, as PEFT does);
    ``trainable_params`` the ones PEFT trains. ``formula`` is the count in the
    rank ``r`` (the rest as numbers).
    """

    def __init__(
        self,
        base: Spec,
        r: int,
        targets: dict[str, tuple[str, int]],
        saved: frozenset[str],
        bias: str,
        use_dora: bool,
    ) -> None:
        self.base = base
        self._sizes = {"r": r}
        self._targets = targets  # module -> (class, rank or 0 for r)
        self._saved = saved
        self._bias = bias
        self._use_dora = use_dora

    def _tensors(self, sizes: Mapping[str, Dim]) -> Iterator[Tensor]:
        prefix = "base_model.model."
        lora_biases = set(self._targets)
        for module, tensors in _modules(self.base.tensors).items():
            path = f"{prefix}{module}." if module else prefix
            if module in self._saved:
                for tensor in tensors:
                    leaf = tensor.name.rpartition(".")[2]
                    yield Tensor(f"{path}original_module.{leaf}", tensor.shape, trainable=False)
                    yield Tensor(f"{path}modules_to_save.default.{leaf}", tensor.shape)
                continue
            target = self._targets.get(module)
            for tensor in tensors:
                leaf = tensor.name.rpartition(".")[2]
                trainable = leaf == "bias" and (
                    self._bias == "all" or (self._bias == "lora_only" and module in lora_biases)
                )
                name = f"{path}base_layer.{leaf}" if target else f"{path}{leaf}"
                yield Tensor(name, tensor.shape, trainable=trainable)
            if target is None:
                continue
            kind, fixed = target
            rank = fixed or sizes["r"]
            weight = next(t for t in tensors if t.name.endswith("weight"))
            if kind == "Embedding":
                rows, width = weight.shape
                yield Tensor(f"{path}lora_embedding_A.default", (rank, rows))
                yield Tensor(f"{path}lora_embedding_B.default", (width, rank))
                features = width
            else:
                out, into = weight.shape if kind == "Linear" else reversed(weight.shape)
                yield Tensor(f"{path}lora_A.default.weight", (rank, into))
                yield Tensor(f"{path}lora_B.default.weight", (out, rank))
                features = out
            if self._use_dora:
                yield Tensor(f"{path}lora_magnitude_vector.default.weight", (features,))

    @property
    def formula(self) -> sympy.Expr:
        """The count as a polynomial in the rank ``r``."""
        import sympy

        r = sympy.Symbol("r")
        return sympy.expand(sympy.Add(*(sympy.sympify(t.numel) for t in self._tensors({"r": r}))))

    def trainable_parameters(self) -> str:
        """The line PEFT's ``print_trainable_parameters()`` prints."""
        trainable, total = self.trainable_params, self.params
        return (
            f"trainable params: {trainable:,d} || all params: {total:,d} || "
            f"trainable%: {100 * trainable / total:.4f}"
        )

    def __repr__(self) -> str:
        return f"LoraModel({self.base!r}, r={self._sizes['r']})"


def lora(
    spec: Spec,
    *,
    r: int = 8,
    target_modules: str | Sequence[str] | None = None,
    lora_alpha: int = 8,
    bias: str = "none",
    modules_to_save: Sequence[str] | None = None,
    use_dora: bool = False,
    rank_pattern: Mapping[str, int] | None = None,
    **ignored: object,
) -> LoraModel:
    """``peft.get_peft_model(model, LoraConfig(...))`` for a paramref spec.

    The arguments are ``LoraConfig``'s, with its defaults. ``target_modules``
    is a list of module names (a module is picked when its name ends with one)
    or a regular expression for the whole name, or ``"all-linear"`` (every
    linear layer but the output head); PEFT infers targets for known
    architectures when it is ``None``, and paramref asks for them instead.
    ``lora_alpha`` and ``alpha_pattern`` scale the update and change no count;
    ``rank_pattern`` maps module-name patterns to their own rank. Other
    ``LoraConfig`` arguments that change no count (dropout, initialisation) are
    accepted and ignored.

    Raises:
        ValueError: If no module matches, a target is not a linear layer, an
            embedding or a Hugging Face ``Conv1D``, or ``bias`` is unknown.
        TypeError: If an argument has the wrong type.

    Examples:
        >>> from paramref import nn
        >>> tuned = lora(nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 2)),
        ...              r=4, target_modules=["0"])
        >>> tuned.shapes["base_model.model.0.lora_A.default.weight"], tuned.trainable_params
        ((4, 10), 120)
    """
    if not isinstance(spec, Spec):
        raise TypeError(f"spec must be a paramref spec, got {type(spec).__name__}")
    positive_int("r", r)
    positive_int("lora_alpha", lora_alpha)
    flag("use_dora", use_dora)
    if bias not in BIASES:
        raise ValueError(f"bias must be one of {', '.join(map(repr, BIASES))}, got {bias!r}")
    if target_modules is None:
        raise ValueError("target_modules is None: name the modules to adapt, e.g. ['q_proj']")
    if not isinstance(target_modules, str | list | tuple):
        raise TypeError(f"target_modules must be a list or a string, got {target_modules!r}")
    saved = list(modules_to_save or ())
    patterns = dict(rank_pattern or {})
    for key, value in patterns.items():
        positive_int(f"rank_pattern[{key!r}]", value)
    modules = _modules(spec.tensors)
    if target_modules == "all-linear" and any(
        getattr(t, "part", "") == "experts" for t in spec.tensors
    ):
        raise ValueError(
            "target_modules 'all-linear' on a mixture of experts: PEFT also adapts the "
            "fused expert tensors (target_parameters), which paramref does not count; "
            "name the modules instead"
        )
    kinds = {m: {t.module for t in tensors} - {""} for m, tensors in modules.items()}
    head = _output_head(modules)
    targets: dict[str, tuple[str, int]] = {}
    for module, kind in kinds.items():
        if not module:
            continue
        if target_modules == "all-linear":
            picked = kind <= {"Linear", "Conv1D"} and bool(kind) and module != head
        else:
            picked = _matches(module, target_modules)
        if not picked:
            continue
        if len(kind) != 1 or next(iter(kind)) not in ADAPTED:
            found = "/".join(sorted(kind)) or "a module of its own parameters"
            raise ValueError(
                f"target {module!r} is {found}: LoRA adapts Linear, Embedding and Conv1D modules"
            )
        targets[module] = (next(iter(kind)), _pattern(module, patterns) or 0)
    if not targets:
        raise ValueError(f"target_modules {target_modules!r} matches no module of {spec!r}")
    saved_modules = frozenset(m for m in modules if m and saved and _matches(m, saved))
    return LoraModel(spec, r, targets, saved_modules, bias, use_dora)


def _output_head(modules: Mapping[str, list[Tensor]]) -> str:
    """The module PEFT's ``all-linear`` leaves out: the output head (``lm_head``), if any."""
    for module, tensors in modules.items():
        if module.rpartition(".")[2] == "lm_head" or getattr(tensors[0], "part", "") == "head":
            return module
    return ""
