"""How fast paramref counts a model, next to PyTorch building it on the meta device.

For each config (Llama-3.1-405B, DeepSeek-V3, Llama-2-7B and GPT-2 small, as
their ``config.json`` files give them; DeepSeek-V3's without its FP8
``quantization_config``) the script counts the parameters twice in the same run:

- paramref: ``paramref.models.from_config(config).params``, the median time of
  one call over many calls;
- PyTorch: the ``transformers`` config and model built from the same dict
  under ``with torch.device("meta"):`` (shapes without memory) and
  ``sum(p.numel() for p in model.parameters())``. The first build is timed on
  its own (cold); the figure compared is the median of the later (warm) builds.

It checks that the two totals are equal and prints the speed ratio.

    python benchmarks/count_speed.py            # full run
    python benchmarks/count_speed.py --quick    # fewer repeats
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from paramref.models import from_config

CONFIGS: dict[str, dict[str, object]] = {
    "Llama-3.1-405B": {
        "architectures": ["LlamaForCausalLM"],
        "hidden_size": 16384,
        "intermediate_size": 53248,
        "max_position_embeddings": 131072,
        "model_type": "llama",
        "num_attention_heads": 128,
        "num_hidden_layers": 126,
        "num_key_value_heads": 8,
        "rms_norm_eps": 1e-05,
        "tie_word_embeddings": False,
        "vocab_size": 128256,
    },
    "DeepSeek-V3": {
        "architectures": ["DeepseekV3ForCausalLM"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": 0,
        "eos_token_id": 1,
        "first_k_dense_replace": 3,
        "hidden_act": "silu",
        "hidden_size": 7168,
        "initializer_range": 0.02,
        "intermediate_size": 18432,
        "kv_lora_rank": 512,
        "max_position_embeddings": 163840,
        "model_type": "deepseek_v3",
        "moe_intermediate_size": 2048,
        "moe_layer_freq": 1,
        "n_group": 8,
        "n_routed_experts": 256,
        "n_shared_experts": 1,
        "norm_topk_prob": True,
        "num_attention_heads": 128,
        "num_experts_per_tok": 8,
        "num_hidden_layers": 61,
        "num_key_value_heads": 128,
        "num_nextn_predict_layers": 1,
        "q_lora_rank": 1536,
        "qk_nope_head_dim": 128,
        "qk_rope_head_dim": 64,
        "rms_norm_eps": 1e-06,
        "rope_scaling": {
            "beta_fast": 32,
            "beta_slow": 1,
            "factor": 40,
            "mscale": 1.0,
            "mscale_all_dim": 1.0,
            "original_max_position_embeddings": 4096,
            "type": "yarn",
        },
        "rope_theta": 10000,
        "routed_scaling_factor": 2.5,
        "scoring_func": "sigmoid",
        "tie_word_embeddings": False,
        "topk_group": 4,
        "topk_method": "noaux_tc",
        "torch_dtype": "bfloat16",
        "use_cache": True,
        "v_head_dim": 128,
        "vocab_size": 129280,
    },
    "Llama-2-7B": {
        "architectures": ["LlamaForCausalLM"],
        "bos_token_id": 1,
        "eos_token_id": 2,
        "hidden_act": "silu",
        "hidden_size": 4096,
        "initializer_range": 0.02,
        "intermediate_size": 11008,
        "max_position_embeddings": 4096,
        "model_type": "llama",
        "num_attention_heads": 32,
        "num_hidden_layers": 32,
        "num_key_value_heads": 32,
        "pretraining_tp": 1,
        "rms_norm_eps": 1e-05,
        "rope_scaling": None,
        "tie_word_embeddings": False,
        "torch_dtype": "float16",
        "use_cache": True,
        "vocab_size": 32000,
    },
    "GPT-2": {
        "activation_function": "gelu_new",
        "architectures": ["GPT2LMHeadModel"],
        "attn_pdrop": 0.1,
        "bos_token_id": 50256,
        "embd_pdrop": 0.1,
        "eos_token_id": 50256,
        "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05,
        "model_type": "gpt2",
        "n_ctx": 1024,
        "n_embd": 768,
        "n_head": 12,
        "n_layer": 12,
        "n_positions": 1024,
        "resid_pdrop": 0.1,
        "vocab_size": 50257,
    },
}


@dataclass(frozen=True)
class Result:
    """The timings of one config, in seconds per count."""

    name: str
    paramref_params: int
    torch_params: int
    paramref_seconds: float
    torch_cold_seconds: float
    torch_warm_seconds: float

    @property
    def ratio(self) -> float:
        """How many times faster paramref is than a warm meta-device build."""
        return self.torch_warm_seconds / self.paramref_seconds


def paramref_count(config: Mapping[str, object]) -> int:
    return from_config(config).params


def torch_count(config: Mapping[str, object]) -> int:
    import torch
    import transformers

    arguments = dict(config)
    model_type = str(arguments.pop("model_type"))
    built = transformers.AutoConfig.for_model(model_type, **arguments)
    with torch.device("meta"):
        model = transformers.AutoModelForCausalLM.from_config(built)
    return sum(p.numel() for p in model.parameters())


def per_call(function: Callable[[], object], calls: int, repeats: int) -> float:
    """Median over ``repeats`` of the mean time of one call in a loop of ``calls``.

    The garbage collector is paused inside each loop, as ``timeit`` does, for
    both sides alike.
    """
    times = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            for _ in range(calls):
                function()
            times.append((time.perf_counter() - start) / calls)
        finally:
            gc.enable()
    return statistics.median(times)


def measure(name: str, config: Mapping[str, object], quick: bool = False) -> Result:
    ours = paramref_count(config)  # compiles the formula once
    start = time.perf_counter()
    theirs = torch_count(config)
    cold = time.perf_counter() - start
    warm = per_call(lambda: torch_count(config), 1, 3 if quick else 9)
    fast = per_call(lambda: from_config(config).params, 2000 if quick else 20000, 5 if quick else 9)
    return Result(name, ours, theirs, fast, cold, warm)


def main(argv: Sequence[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    arguments = parser.parse_args(argv)

    import transformers

    transformers.logging.set_verbosity_error()
    results = [measure(name, config, arguments.quick) for name, config in CONFIGS.items()]
    print(
        f"{'config':<15} {'parameters':>15} {'paramref':>11} {'meta, cold':>11} "
        f"{'meta, warm':>11} {'speed-up':>10}"
    )
    for r in results:
        if r.paramref_params != r.torch_params:
            raise SystemExit(f"{r.name}: paramref {r.paramref_params} != torch {r.torch_params}")
        print(
            f"{r.name:<15} {r.paramref_params:>15,} {r.paramref_seconds * 1e6:>8.1f} us "
            f"{r.torch_cold_seconds * 1e3:>8.1f} ms {r.torch_warm_seconds * 1e3:>8.1f} ms "
            f"{r.ratio:>9,.0f}x"
        )
    return results


if __name__ == "__main__":
    main()
