"""Whole models: the Hugging Face architectures and the classic CNNs, counted exactly.

:func:`from_config` reads a ``config.json``; the model functions (:func:`gpt2`,
:func:`llama`, ...) take its keys by name, with the base model as the default.
Either returns a spec:

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

- ``spec.active_params``: what one token passes through (mixtures of experts).

Every ``model_type`` is one row of a table (:data:`MODEL_TYPES`): the config
keys it reads with their ``transformers`` defaults, and the switches of the one
decoder they set.

Examples:
    >>> from paramref import models
    >>> models.gpt2().params
    124439808
    >>> models.from_config({"model_type": "bert", "hidden_size": 768}).params
    109482240
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import exports

if TYPE_CHECKING:  # the exports, imported on first use (see paramref._lazy)
    from ._bert import BertModel, bert
    from ._checkpoints import CHECKPOINTS
    from ._cnn import (
        VGG,
        AlexNet,
        MobileNetV2,
        ResNet,
        alexnet,
        mobilenet_v2,
        resnet,
        vgg,
    )
    from ._decoder import Decoder
    from ._fit import SizeFit, fit_hidden_size, fit_num_layers
    from ._rows import Row
    from ._spec import ModelSpec
    from ._zoo import MODEL_TYPES, ROWS, from_config, gpt2, llama, mistral, mixtral, qwen2

__all__ = [
    "CHECKPOINTS",
    "MODEL_TYPES",
    "ROWS",
    "VGG",
    "AlexNet",
    "BertModel",
    "Decoder",
    "MobileNetV2",
    "ModelSpec",
    "ResNet",
    "Row",
    "SizeFit",
    "alexnet",
    "bert",
    "fit_hidden_size",
    "fit_num_layers",
    "from_config",
    "gpt2",
    "llama",
    "mistral",
    "mixtral",
    "mobilenet_v2",
    "qwen2",
    "resnet",
    "vgg",
]

__getattr__ = exports(__name__, __file__)
