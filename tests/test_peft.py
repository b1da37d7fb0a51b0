"""LoRA against PEFT itself: names, shapes, trainability and the printed line."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from typing import Any

import pytest
import torch

from paramref import models, nn, peft
from tests.zoo import hf_model

hf_peft = pytest.importorskip("peft")


def peft_counts(model: Any, **config: Any) -> tuple[dict[str, tuple[int, ...]], set[str], str]:
    wrapped = hf_peft.get_peft_model(model, hf_peft.LoraConfig(**config))
    shapes = {n: tuple(p.shape) for n, p in wrapped.named_parameters()}
    trainable = {n for n, p in wrapped.named_parameters() if p.requires_grad}
    out = io.StringIO()
    with redirect_stdout(out):
        wrapped.print_trainable_parameters()
    return shapes, trainable, out.getvalue().strip()


def check(spec: Any, model: Any, **config: Any) -> peft.LoraModel:
    tuned = peft.lora(spec, **config)
    shapes, trainable, line = peft_counts(model, **config)
    assert tuned.shapes == shapes
    assert {t.name for t in tuned.tensors if t.trainable} == trainable
    assert tuned.trainable_parameters() == line
    assert tuned.formula.subs({"r": config.get("r", 8)}) == tuned.params
    return tuned


def test_llama_2_7b_q_v() -> None:
    """The example every LoRA tutorial prints: 4,194,304 of 6,742,609,920."""
    config = {"model_type": "llama"}
    tuned = check(
        models.from_config(config),
        hf_model("llama", config),
        r=8,
        lora_alpha=16,
        target_modules=["q_proj", "v_proj"],
    )
    assert (tuned.trainable_params, tuned.params) == (4_194_304, 6_742_609_920)


CASES: list[dict[str, Any]] = [
    {"r": 4, "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"]},
    {"r": 16, "target_modules": "all-linear"},
    {"r": 8, "target_modules": ["q_proj"], "use_dora": True},
    {"r": 8, "target_modules": ["v_proj"], "bias": "all"},
    {"r": 8, "target_modules": ["q_proj"], "modules_to_save": ["lm_head"]},
    {"r": 8, "target_modules": ["q_proj", "v_proj"], "rank_pattern": {"v_proj": 2}},
    {"r": 2, "target_modules": ["embed_tokens", "down_proj"]},
    {"r": 8, "target_modules": r".*\.mlp\.(gate|up)_proj"},
]


@pytest.mark.parametrize("model_type", ["llama", "qwen2", "mixtral"])
@pytest.mark.parametrize("case", CASES)
def test_matches_peft(model_type: str, case: dict[str, Any]) -> None:
    if model_type == "mixtral" and case["target_modules"] in (
        "all-linear",
        CASES[-1]["target_modules"],
    ):
        pytest.skip("Mixtral's experts are fused tensors, not gate_proj/up_proj modules")
    config = {"model_type": model_type, "num_hidden_layers": 2, "hidden_size": 64,
              "intermediate_size": 96, "num_attention_heads": 4, "vocab_size": 100}  # fmt: skip
    check(models.from_config(config), hf_model(model_type, config), **case)


@pytest.mark.parametrize("bias", ["none", "all", "lora_only"])
def test_gpt2_conv1d_and_biases(bias: str) -> None:
    config = {"model_type": "gpt2", "n_layer": 2}
    check(models.from_config(config), hf_model("gpt2", config),
          r=8, target_modules=["c_attn"], bias=bias, fan_in_fan_out=True)  # fmt: skip


def test_torch_layers() -> None:
    spec = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 2))
    with torch.device("meta"):
        module = torch.nn.Sequential(
            torch.nn.Linear(10, 20), torch.nn.ReLU(), torch.nn.Linear(20, 2)
        )
    check(spec, module, r=4, target_modules=["0", "2"], bias="lora_only")


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"r": 0, "target_modules": ["q_proj"]}, ValueError, "r must be a positive"),
        ({"target_modules": ["nope"]}, ValueError, "matches no module"),
        ({"target_modules": None}, ValueError, "target_modules is None"),
        ({"target_modules": ["input_layernorm"]}, ValueError, "LoRA adapts Linear"),
        ({"target_modules": ["q_proj"], "bias": "some"}, ValueError, "bias must be one of"),
    ],
)
def test_refusals(arguments: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        peft.lora(models.llama(num_hidden_layers=1), **arguments)


def test_all_linear_on_experts_is_refused() -> None:
    with pytest.raises(ValueError, match="all-linear' on a mixture of experts"):
        peft.lora(models.mixtral(num_hidden_layers=1), target_modules="all-linear")
