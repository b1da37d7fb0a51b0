"""Whole models: GPT-2, BERT, the LLaMA family, and the classic CNNs, counted exactly.

Each model function takes the keys of the model's Hugging Face ``config.json``
(or torchvision's arguments) by name, with the base model as the default, and
returns a spec:

- ``spec.params``: the count, each tied tensor once, as ``parameters()`` counts;
- ``spec.shapes`` / ``spec.buffers``: every tensor, named as the real
  implementation's ``named_parameters()`` / ``named_buffers()`` name it;
- ``spec.formula``: the count as a polynomial in the config keys, the layer
  count a symbol;
- ``spec.breakdown``: part -> count (``embeddings``, ``attention``, ``mlp``,
  ``norms``, ``head``, ``pooler`` for the transformers; ``conv``, ``norms``,
  ``fc`` for the CNNs), adding up to ``params``;
- ``spec.num_parameters(exclude_embeddings=True)``: the count without the
  embedding tables, as Hugging Face computes it.

:func:`from_config` reads a ``config.json`` and dispatches on ``model_type``.

Examples:
    >>> from paramref import models
    >>> models.gpt2().params
    124439808
    >>> models.from_config({"model_type": "bert", "hidden_size": 768}).params
    109482240
"""

from __future__ import annotations

import inspect
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

from ._models_base import ModelSpec
from ._models_cnn import (
    VGG,
    AlexNet,
    MobileNetV2,
    ResNet,
    alexnet,
    mobilenet_v2,
    resnet,
    vgg,
)
from ._models_fit import SizeFit, fit_hidden_size, fit_num_layers
from ._models_transformers import (
    COUNTED_KEYS,
    BertModel,
    GPT2LMHeadModel,
    LlamaForCausalLM,
    MistralForCausalLM,
    Qwen2ForCausalLM,
    bert,
    gpt2,
    llama,
    mistral,
    qwen2,
)

__all__ = [
    "COUNTED_KEYS",
    "VGG",
    "AlexNet",
    "BertModel",
    "GPT2LMHeadModel",
    "LlamaForCausalLM",
    "MistralForCausalLM",
    "MobileNetV2",
    "ModelSpec",
    "Qwen2ForCausalLM",
    "ResNet",
    "SizeFit",
    "alexnet",
    "bert",
    "fit_hidden_size",
    "fit_num_layers",
    "from_config",
    "gpt2",
    "llama",
    "mistral",
    "mobilenet_v2",
    "qwen2",
    "resnet",
    "vgg",
]

_BUILDERS: dict[str, Callable[..., ModelSpec]] = {
    "gpt2": gpt2,
    "bert": bert,
    "llama": llama,
    "mistral": mistral,
    "qwen2": qwen2,
}
_CLASSES: dict[str, type[ModelSpec]] = {
    "gpt2": GPT2LMHeadModel,
    "bert": BertModel,
    "llama": LlamaForCausalLM,
    "mistral": MistralForCausalLM,
    "qwen2": Qwen2ForCausalLM,
}


def _arguments(model_type: str) -> tuple[tuple[str, ...], tuple[object, ...]]:
    """Names and defaults of the config keys a model function reads, in its order.

    The model functions pass their arguments on to the spec class in the same
    order, and the ones that are not config keys come last, so
    :func:`from_config` can call the class with the config's values directly.
    """
    parameters = list(inspect.signature(_BUILDERS[model_type]).parameters.values())
    counted = [p for p in parameters if p.name in COUNTED_KEYS[model_type]]
    assert parameters[: len(counted)] == counted, model_type
    return tuple(p.name for p in counted), tuple(p.default for p in counted)


_ARGUMENTS = {model_type: _arguments(model_type) for model_type in _BUILDERS}
_ROTARY: dict[str, type[LlamaForCausalLM | MistralForCausalLM | Qwen2ForCausalLM]] = {
    "llama": LlamaForCausalLM,
    "mistral": MistralForCausalLM,
    "qwen2": Qwen2ForCausalLM,
}


def _partial_rotary_factor(config: Mapping[str, object]) -> object:
    """The fraction of each head that rotary embeddings turn, as the config gives it.

    ``transformers`` 5.x reads it from ``rope_parameters`` (the older
    ``rope_scaling``), or from a top-level ``partial_rotary_factor``; rope
    settings per layer type are nested one level deeper, and any layer type
    that turns whole heads fails the check, so the largest fraction is taken.
    ``1.0`` when none is given.
    """
    for key in ("rope_parameters", "rope_scaling"):
        rope = config.get(key)
        if not isinstance(rope, Mapping):
            continue
        if "partial_rotary_factor" in rope:
            return rope["partial_rotary_factor"]
        nested = [
            v.get("partial_rotary_factor", 1.0) for v in rope.values() if isinstance(v, Mapping)
        ]
        if nested:
            odd = [f for f in nested if isinstance(f, bool) or not isinstance(f, int | float)]
            return odd[0] if odd else max(nested)
    return config.get("partial_rotary_factor", 1.0)


def from_config(
    config: Mapping[str, object] | str | os.PathLike[str], **options: object
) -> ModelSpec:
    """The model a Hugging Face ``config.json`` describes, counted.

    ``model_type`` picks the model: ``gpt2`` (``GPT2LMHeadModel``), ``bert``
    (``BertModel``), ``llama`` (``LlamaForCausalLM``), ``mistral``
    (``MistralForCausalLM``) or ``qwen2`` (``Qwen2ForCausalLM``); ``architectures``
    is not read. Only the keys in :data:`COUNTED_KEYS` are passed on; every other
    key (dropout rates, activations, rope settings, token ids, dtypes, ...) does not
    change the count and is ignored. A missing key takes the model function's
    default, which is the ``transformers`` config default; a key set to ``null``
    where ``None`` means something (``n_inner``, ``num_key_value_heads``,
    ``head_dim``) keeps that meaning. The checks are those of ``transformers``
    5.x; for the LLaMA family that includes its refusal of an odd head size
    above 4 that rotary embeddings turn in full, so the rope settings'
    ``partial_rotary_factor`` is read for that check (it changes no count).

    Args:
        config: The parsed ``config.json``, or a path to it.
        **options: Keyword arguments of the model function that override the
            config, such as ``add_pooling_layer=False`` for BERT.

    Returns:
        The model's spec.

    Raises:
        ValueError: If ``model_type`` is missing or not one of the above.
        TypeError: If ``config`` is not a mapping or a path, or an option is unknown.

    Examples:
        >>> config = {"model_type": "gpt2", "n_embd": 1024, "n_layer": 24, "n_head": 16,
        ...           "resid_pdrop": 0.1, "architectures": ["GPT2LMHeadModel"]}
        >>> from_config(config).params
        354823168
        >>> from_config({"model_type": "bert"}, add_pooling_layer=False).params
        108891648
    """
    if type(config) is not dict:  # the common case first: counting stays fast
        if isinstance(config, str | os.PathLike):
            with Path(config).open(encoding="utf-8") as file:
                config = json.load(file)
        if not isinstance(config, Mapping):
            raise TypeError(
                f"config must be a mapping or a path to a config.json, got {type(config).__name__}"
            )
    model_type = config.get("model_type")
    if not isinstance(model_type, str) or model_type not in _BUILDERS:
        if model_type is None:
            raise ValueError("config has no model_type")
        raise ValueError(f"model_type must be one of {', '.join(_BUILDERS)}, got {model_type!r}")
    try:
        if not options:  # the same call as builder(**counted keys), without building the dict
            names, defaults = _ARGUMENTS[model_type]
            return _CLASSES[model_type](*map(config.get, names, defaults))
        arguments = {key: config[key] for key in COUNTED_KEYS[model_type] if key in config}
        arguments.update(options)
        return _BUILDERS[model_type](**arguments)
    except ValueError:
        # An odd head size is refused only when rotary embeddings turn the whole
        # head: read the rope settings, and build again with their fraction (any
        # other error is raised again, by the same check).
        if model_type not in _ROTARY or (fraction := _partial_rotary_factor(config)) == 1.0:
            raise
    # The LLaMA family's functions take only config keys, in the classes' order.
    arguments = {key: config[key] for key in COUNTED_KEYS[model_type] if key in config}
    bound = inspect.signature(_BUILDERS[model_type]).bind(**{**arguments, **options})
    bound.apply_defaults()
    fraction = cast(float, fraction)  # checked by the class, which names a wrong type
    return _ROTARY[model_type](*bound.arguments.values(), partial_rotary_factor=fraction)
