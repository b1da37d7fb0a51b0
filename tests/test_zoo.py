"""Every row of the zoo against transformers: default configs, every class, refusals."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paramref import models
from tests.zoo import check_model, hf_active, hf_model

DECODERS = [t for t, row in models.ROWS.items() if row.family in ("dense", "gpt", "moe", "ssm")]
#: Every row's default class (the causal LM, an encoder's or a vision model's base model, an
#: encoder-decoder's ForConditionalGeneration) is checked here; the other classes of the
#: encoders, encoder-decoders and vision models are checked in their families' test files.
DEFAULTS = list(models.ROWS)


@pytest.mark.parametrize("model_type", DEFAULTS)
def test_default_config_matches_transformers(model_type: str) -> None:
    """A config with only ``model_type`` is the config class's defaults, built as the row's
    default class (the causal LM; an encoder's base model)."""
    spec = models.from_config({"model_type": model_type})
    model = hf_model(model_type, {})
    check_model(spec, model)
    experts = spec.layout.experts  # type: ignore[attr-defined]
    if experts is None:
        assert spec.active_params == spec.params  # type: ignore[attr-defined]
    else:
        config = model.config
        total = getattr(config, str(experts.experts))
        top_k = getattr(config, experts.top_k)
        if top_k is None:  # DeepSeek-V2's default: no count of experts per token
            with pytest.raises(ValueError, match=experts.top_k):
                spec.active_params  # type: ignore[attr-defined]  # noqa: B018
        else:
            assert spec.active_params == hf_active(model, total, top_k)  # type: ignore[attr-defined]


@pytest.mark.parametrize("model_type", DECODERS)
@pytest.mark.parametrize(
    "architecture",
    ["Model", "ForSequenceClassification", "ForTokenClassification", "ForQuestionAnswering"],
)
def test_every_class_matches_transformers(model_type: str, architecture: str) -> None:
    row = models.ROWS[model_type]
    if architecture not in row.classes:
        pytest.skip(f"{model_type} has no {architecture}")
    name = row.class_name(architecture)
    config = {"model_type": model_type, "architectures": [name], "num_labels": 3}
    spec = models.from_config(config)
    check_model(spec, hf_model(model_type, config), formula=False)


def test_unknown_model_type_lists_the_supported_ones() -> None:
    with pytest.raises(ValueError, match=r"model_type must be one of .*llama.*got 'nope'"):
        models.from_config({"model_type": "nope"})


def test_unknown_class_is_refused() -> None:
    with pytest.raises(ValueError, match="architectures names 'LlamaForPony'"):
        models.from_config({"model_type": "llama", "architectures": ["LlamaForPony"]})


def test_counting_imports_no_sympy() -> None:
    code = (
        "import sys, paramref\n"
        "from paramref import models\n"
        "for t in models.ROWS:\n"
        "    s = models.from_config({'model_type': t})\n"
        "    s.params, s.breakdown, s.shapes, s.num_parameters(True)\n"
        "    if t != 'deepseek_v2':  # its default has no num_experts_per_tok\n"
        "        s.active_params\n"
        "paramref.nn.LSTM(64, 32, num_layers=2, bidirectional=True).params\n"
        "assert 'sympy' not in sys.modules, 'sympy imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", list(models.CHECKPOINTS))
def test_checkpoints_match_transformers(name: str) -> None:
    """Every checkpoint the pages and the calculator list counts as transformers builds it."""
    config = models.CHECKPOINTS[name]
    check_model(models.from_config(config), hf_model(str(config["model_type"]), config))


def test_every_row_is_listed_with_its_module() -> None:
    """``MODULES`` names, for every row, the module that defines it (counting imports only that)."""
    from paramref.models import _zoo

    rows = models.ROWS
    assert list(rows) == list(_zoo.MODULES)
    for model_type, row in rows.items():
        assert row.build.__module__ == f"paramref.models.{_zoo.MODULES[model_type]}"
