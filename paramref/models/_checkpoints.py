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
    "pythia-160m": {
        "model_type": "gpt_neox",
        "vocab_size": 50304,
        "hidden_size": 768,
        "intermediate_size": 3072,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
    },
    "gpt-neox-20b": {"model_type": "gpt_neox"},
    "falcon-7b": {"model_type": "falcon"},
    "falcon-40b": {
        "model_type": "falcon",
        "hidden_size": 8192,
        "num_hidden_layers": 60,
        "num_attention_heads": 128,
        "num_kv_heads": 8,
        "new_decoder_architecture": True,
    },
    "gpt-j-6b": {"model_type": "gptj"},
    "opt-125m": {"model_type": "opt"},
    "opt-350m": {
        "model_type": "opt",
        "hidden_size": 1024,
        "ffn_dim": 4096,
        "num_hidden_layers": 24,
        "num_attention_heads": 16,
        "word_embed_proj_dim": 512,
        "do_layer_norm_before": False,
    },
    "bloom-560m": {
        "model_type": "bloom",
        "n_embed": 1024,
        "n_layer": 24,
        "num_attention_heads": 16,
    },
    "bloom-7b1": {"model_type": "bloom", "hidden_size": 4096, "n_layer": 30, "n_head": 32},
    "santacoder": {
        "model_type": "gpt_bigcode",
        "vocab_size": 49280,
        "n_positions": 2048,
        "n_embd": 2048,
        "n_inner": 8192,
        "n_layer": 24,
        "n_head": 16,
    },
    "starcoder": {
        "model_type": "gpt_bigcode",
        "vocab_size": 49152,
        "n_positions": 8192,
        "n_embd": 6144,
        "n_inner": 24576,
        "n_layer": 40,
        "n_head": 48,
    },
    "phi-1_5": {"model_type": "phi"},
    "phi-2": {
        "model_type": "phi",
        "hidden_size": 2560,
        "intermediate_size": 10240,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
    },
}
