"""From a ``config.json`` to a counted model: :func:`from_config` and the model functions.

``model_type`` picks the row (see ``_rows``); ``architectures``, when the config
names a class, picks the head. Nothing a config contains is executed: values
are read by key and checked by type.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from typing import Any

from ._decoder import Decoder
from ._rows import ROWS as _REGISTERED
from ._rows import Row
from ._spec import ModelSpec

__all__ = [
    "MODEL_TYPES",
    "MODULES",
    "all_rows",
    "from_config",
    "gpt2",
    "llama",
    "mistral",
    "mixtral",
    "qwen2",
]

#: Every ``model_type`` :func:`from_config` reads.
#: Every ``model_type`` and the module that defines its row, in the order the
#: pages list them. Counting one model imports only its own module.
MODULES: dict[str, str] = {
    **dict.fromkeys(
        ("llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3_text", "phi3"),
        "_dense",
    ),
    **dict.fromkeys(("granite", "smollm3", "olmo", "olmo2", "cohere", "starcoder2"), "_dense"),
    **dict.fromkeys(
        (
            "bert",
            "roberta",
            "xlm-roberta",
            "distilbert",
            "electra",
            "albert",
            "deberta-v2",
            "modernbert",
        ),
        "_encoders",
    ),
    **dict.fromkeys(
        ("gpt2", "gpt_neox", "falcon", "gptj", "opt", "bloom", "gpt_bigcode", "phi"), "_gpt"
    ),
    **dict.fromkeys(
        ("mixtral", "qwen2_moe", "qwen3_moe", "phimoe", "olmoe", "granitemoe", "gpt_oss"), "_moe"
    ),
    **dict.fromkeys(("deepseek_v2", "deepseek_v3"), "_moe"),
    **dict.fromkeys(("mamba", "mamba2", "jamba"), "_ssm"),
    **dict.fromkeys(("vit", "dinov2", "dinov2_with_registers", "clip", "siglip"), "_vision"),
    **dict.fromkeys(("t5", "bart", "mbart", "whisper"), "_seq2seq"),
    **dict.fromkeys(("swin", "convnext"), "_hierarchical"),
}


def row_of(model_type: str) -> Row | None:
    """The row of ``model_type``, importing the module that defines it; ``None`` if unknown."""
    module = MODULES.get(model_type)
    if module is None:
        return None
    if model_type not in _REGISTERED:
        importlib.import_module(f".{module}", __package__)
    return _REGISTERED[model_type]


def all_rows() -> dict[str, Row]:
    """Every row, in the order of :data:`MODULES`."""
    return {model_type: row for model_type in MODULES if (row := row_of(model_type))}


#: Every ``model_type`` :func:`from_config` reads.
MODEL_TYPES: tuple[str, ...] = tuple(MODULES)


def __getattr__(name: str) -> Any:
    """``ROWS``: every row, by ``model_type`` (imports every family's module)."""
    if name == "ROWS":
        return all_rows()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _architecture(row: Row, config: Mapping[str, object]) -> str:
    """The class suffix the config's ``architectures`` names (the row's default if none:
    the causal LM of a decoder, the base model of an encoder)."""
    names = config.get("architectures")
    if names is None:
        return row.default
    if not isinstance(names, list | tuple) or not names or not isinstance(names[0], str):
        raise TypeError(f"architectures must be a list of class names, got {names!r}")
    name = names[0]
    for suffix in row.classes:
        if name == row.class_name(suffix):
            return suffix
    known = ", ".join(row.class_name(suffix) for suffix in row.classes)
    raise ValueError(f"architectures names {name!r}; {row.model_type} has {known}")


def from_config(
    config: Mapping[str, object] | str | os.PathLike[str], **options: object
) -> ModelSpec:
    """The model a Hugging Face ``config.json`` describes, counted.

    ``model_type`` picks the architecture (:data:`MODEL_TYPES`); the first
    class named in ``architectures`` (``LlamaForCausalLM``, ``MistralModel``,
    ``Qwen2ForSequenceClassification``, ``BertForMaskedLM``, ...) picks the head,
    and without it the language-model class of a decoder, the base model of an
    encoder (``BertModel``, with its pooler) is counted. A key missing from the config takes the
    ``transformers`` default of that ``model_type``; keys that do not change
    the count (dropout rates, activations, rope settings, token ids, dtypes,
    ...) are ignored. A value of the wrong type or range raises, naming the key.

    Args:
        config: The parsed ``config.json``, or a path to it.
        **options: Config keys that override the file's; for BERT also
            ``add_pooling_layer=False``.

    Returns:
        The model's spec.

    Raises:
        ValueError: If ``model_type`` is missing or unknown, or a value is out of range.
        TypeError: If ``config`` is not a mapping or a path, or a value has the wrong type.

    Examples:
        >>> config = {"model_type": "gpt2", "n_embd": 1024, "n_layer": 24, "n_head": 16,
        ...           "resid_pdrop": 0.1, "architectures": ["GPT2LMHeadModel"]}
        >>> from_config(config).params
        354823168
        >>> from_config({"model_type": "bert"}, add_pooling_layer=False).params
        108891648
        >>> from_config({"model_type": "mixtral"}).active_params
        12879925248
    """
    if type(config) is not dict:  # the common case first: counting stays fast
        if isinstance(config, str | os.PathLike):
            with open(config, encoding="utf-8") as file:
                config = json.load(file)
        if not isinstance(config, Mapping):
            raise TypeError(
                f"config must be a mapping or a path to a config.json, got {type(config).__name__}"
            )
    model_type = config.get("model_type")
    row = row_of(model_type) if isinstance(model_type, str) else None
    if options:
        if row is not None:
            known = {k: v for k, v in options.items() if k != "add_pooling_layer"}
            _check_options(row, options if model_type != "bert" else known)
        config = {**config, **options}
    if row is None:
        if model_type is None:
            raise ValueError("config has no model_type")
        raise ValueError(
            f"model_type must be one of {', '.join(sorted(MODULES))}, got {model_type!r}"
        )
    architecture = _architecture(row, config)
    if model_type == "bert" and "add_pooling_layer" in config:  # BertModel's own argument
        return _bert_model(row, config, architecture, config["add_pooling_layer"])
    return row.spec(config, architecture)


def _check_options(row: Row, options: Mapping[str, object]) -> None:
    known = {*row.defaults, "architectures", "num_labels", "id2label"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(
            f"from_config got an option {row.model_type} does not read: {unknown[0]!r}; "
            f"its keys are {', '.join(row.defaults)}"
        )


def _bert_model(
    row: Row, config: Mapping[str, object], architecture: str, pooler: object
) -> ModelSpec:
    """``BertModel(config, add_pooling_layer=pooler)``: an argument of the base class only."""
    from ._encoders import bert_model

    if type(pooler) is not bool:
        raise TypeError(f"add_pooling_layer must be a bool, got {type(pooler).__name__} {pooler!r}")
    if architecture != "Model":
        raise ValueError(
            "add_pooling_layer is an argument of BertModel, but architectures names "
            f"{row.class_name(architecture)}"
        )
    return bert_model(config, pooler)


def _function(model_type: str, keys: Mapping[str, object]) -> Decoder:
    row = row_of(model_type)
    assert row is not None, model_type
    unknown = sorted(set(keys) - set(row.defaults))
    if unknown:
        raise TypeError(
            f"{model_type}() got an unexpected keyword argument {unknown[0]!r}; "
            f"it takes {', '.join(row.defaults)}"
        )
    return row.spec(keys)


def gpt2(**config: Any) -> Decoder:
    """GPT-2 as ``transformers.GPT2LMHeadModel(GPT2Config(**config))`` builds it.

    The keywords are ``GPT2Config`` keys; the defaults are GPT-2 small.
    ``n_inner=None`` means ``4 * n_embd``. ``n_head`` must divide ``n_embd`` and
    does not change the count.

    Examples:
        >>> gpt2().params
        124439808
        >>> gpt2(n_embd=1600, n_layer=48, n_head=25).params
        1557611200
        >>> gpt2().formula
        12*n_embd**2*n_layer + 13*n_embd*n_layer + n_embd*n_positions + n_embd*vocab_size + 2*n_embd
    """
    return _function("gpt2", config)


def llama(**config: Any) -> Decoder:
    """LLaMA as ``transformers.LlamaForCausalLM(LlamaConfig(**config))`` builds it.

    The keywords are ``LlamaConfig`` keys; the defaults are LLaMA-7B and
    Llama-2-7B. ``num_key_value_heads=None`` means as many as the query heads;
    ``head_dim=None`` means ``hidden_size // num_attention_heads``.

    Examples:
        >>> llama().params
        6738415616
        >>> llama(hidden_size=8192, intermediate_size=28672, num_hidden_layers=80,
        ...       num_attention_heads=64, num_key_value_heads=8).params
        68976648192
    """
    return _function("llama", config)


def mistral(**config: Any) -> Decoder:
    """Mistral as ``transformers.MistralForCausalLM(MistralConfig(**config))`` builds it.

    Examples:
        >>> mistral().params
        7241732096
        >>> mistral().shapes["model.layers.0.self_attn.k_proj.weight"]
        (1024, 4096)
    """
    return _function("mistral", config)


def qwen2(**config: Any) -> Decoder:
    """Qwen2 as ``transformers.Qwen2ForCausalLM(Qwen2Config(**config))`` builds it.

    Examples:
        >>> qwen2(hidden_size=3584, intermediate_size=18944, num_hidden_layers=28,
        ...       num_attention_heads=28, num_key_value_heads=4, vocab_size=152064).params
        7615616512
    """
    return _function("qwen2", config)


def mixtral(**config: Any) -> Decoder:
    """Mixtral as ``transformers.MixtralForCausalLM(MixtralConfig(**config))`` builds it.

    Examples:
        >>> m = mixtral()
        >>> m.params, m.active_params
        (46702792704, 12879925248)
    """
    return _function("mixtral", config)
