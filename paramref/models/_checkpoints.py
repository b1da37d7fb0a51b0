"""Famous checkpoints: the count-changing keys of their published ``config.json`` files.

The pages work these examples, the calculator lists them, and the tests check
each against ``transformers``' meta-device build. Only the keys that change the
count are kept; every other key takes the ``transformers`` default, as in the
published file.
"""

from __future__ import annotations

__all__ = ["CHECKPOINTS"]

_LLAMA2_7B: dict[str, object] = {"model_type": "llama", "architectures": ["LlamaForCausalLM"]}

#: Checkpoint name -> its config (``model_type`` first).
CHECKPOINTS: dict[str, dict[str, object]] = {
    "gpt2": {"model_type": "gpt2"},
    "gpt2-medium": {"model_type": "gpt2", "n_embd": 1024, "n_layer": 24, "n_head": 16},
    "gpt2-large": {"model_type": "gpt2", "n_embd": 1280, "n_layer": 36, "n_head": 20},
    "gpt2-xl": {"model_type": "gpt2", "n_embd": 1600, "n_layer": 48, "n_head": 25},
    "Llama-2-7B": _LLAMA2_7B,
    "Llama-2-13B": {
        **_LLAMA2_7B,
        "hidden_size": 5120,
        "intermediate_size": 13824,
        "num_hidden_layers": 40,
        "num_attention_heads": 40,
    },
    "Llama-2-70B": {
        **_LLAMA2_7B,
        "hidden_size": 8192,
        "intermediate_size": 28672,
        "num_hidden_layers": 80,
        "num_attention_heads": 64,
        "num_key_value_heads": 8,
    },
    "Llama-3.1-405B": {
        **_LLAMA2_7B,
        "hidden_size": 16384,
        "intermediate_size": 53248,
        "num_hidden_layers": 126,
        "num_attention_heads": 128,
        "num_key_value_heads": 8,
        "vocab_size": 128256,
    },
    "Mistral-7B-v0.1": {"model_type": "mistral", "architectures": ["MistralForCausalLM"]},
    "Qwen2-0.5B": {
        "model_type": "qwen2",
        "vocab_size": 151936,
        "hidden_size": 896,
        "intermediate_size": 4864,
        "num_hidden_layers": 24,
        "num_attention_heads": 14,
        "num_key_value_heads": 2,
        "tie_word_embeddings": True,
    },
    "Mixtral-8x7B-v0.1": {"model_type": "mixtral", "architectures": ["MixtralForCausalLM"]},
    "mamba-130m": {"model_type": "mamba", "hidden_size": 768, "num_hidden_layers": 24},
    "mamba-2.8b": {"model_type": "mamba", "hidden_size": 2560, "num_hidden_layers": 64},
    "Mamba-Codestral-7B": {"model_type": "mamba2"},
    "Jamba-v0.1": {"model_type": "jamba", "mamba_dt_rank": 256},
}
