"""Helpers for the whole-model tests: transformers, built on the meta device, as the oracle."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

import torch
import transformers

from paramref import models
from paramref._tensors import count
from tests.oracles import torch_counts

transformers.logging.set_verbosity_error()  # type: ignore[no-untyped-call]


def hf_config(model_type: str, config: Mapping[str, object]) -> Any:
    """The ``transformers`` config of ``model_type`` with ``config``'s keys."""
    keys = {k: v for k, v in config.items() if k not in ("model_type", "architectures")}
    return transformers.AutoConfig.for_model(model_type, **keys)


def hf_model(model_type: str, config: Mapping[str, object], architecture: str | None = None) -> Any:
    """The model ``transformers`` builds on the meta device, as class ``architecture``.

    ``architecture`` is a class-name suffix (``ForCausalLM``, ``Model``, ...),
    or taken from the config's ``architectures``, or the row's default class
    (the causal LM of a decoder, the base model of an encoder).
    """
    row = models.ROWS[model_type]
    if architecture is None:
        names = config.get("architectures")
        name = names[0] if isinstance(names, list) else row.class_name(row.default)
    else:
        name = row.class_name(architecture)
    model_class = getattr(transformers, name)
    built = hf_config(model_type, config)
    with torch.device("meta"):
        return model_class(built)


def hf_active(model: Any, experts: int, top_k: int) -> int:
    """What one token passes through, from the built model: routed experts not picked left out.

    Routed experts are the parameters under an ``experts`` module (shared
    experts are named ``shared_expert(s)``): each holds ``experts`` equal
    slices, of which ``top_k`` run.
    """
    total = sum(p.numel() for p in model.parameters())
    routed = sum(p.numel() for n, p in model.named_parameters() if ".experts." in n)
    assert routed % experts == 0
    return int(total - routed + routed // experts * top_k)


def check_model(spec: models.ModelSpec, model: Any, *, formula: bool = True) -> None:
    """Names, shapes, buffers and counts as ``transformers`` has them; parts add up."""
    oracle = torch_counts(model)
    assert spec.shapes == oracle.shapes
    assert spec.buffers == oracle.buffers
    assert spec.params == oracle.params == count(spec.tensors)
    assert spec.trainable_params == oracle.trainable
    assert sum(spec.breakdown.values()) == spec.params
    assert spec.num_parameters() == model.num_parameters()
    assert spec.num_parameters(exclude_embeddings=True) == model.num_parameters(
        exclude_embeddings=True
    )
    if formula:
        assert spec.formula.subs(spec.arguments) == spec.params


def check_config(config: Mapping[str, object], architecture: str | None = None) -> models.ModelSpec:
    """``from_config(config)`` equals what ``transformers`` builds from it; returns the spec."""
    model_type = str(config["model_type"])
    spec = models.from_config(config)
    model = hf_model(model_type, config, architecture)
    check_model(spec, model)
    return spec


def check_every_class(
    model_type: str, keys: Mapping[str, object], *, formulas: str = "all"
) -> None:
    """Every class of ``model_type``'s row, from ``keys``, as ``transformers`` builds it.

    ``formulas`` says whose formula is checked too: ``"all"``, or ``"Model"`` for
    the base class only (a task head's formula is the base's plus its head).
    """
    row = models.ROWS[model_type]
    for suffix in row.classes:
        config = {"model_type": model_type, **keys, "architectures": [row.class_name(suffix)]}
        spec = models.from_config(config)
        assert spec.class_name == row.class_name(suffix)  # type: ignore[attr-defined]
        formula = formulas == "all" or suffix == formulas
        check_model(spec, hf_model(model_type, config), formula=formula)
