"""GPT-style decoders: fused query/key/value projections, LayerNorm with biases, plain MLPs.

GPT-2 is the pattern: learned positions beside the token table, a fused ``c_attn``
projection (Hugging Face's ``Conv1D``, weight stored ``(in, out)``), a two-matrix
MLP, LayerNorm with weight and bias before each block, and the head tied to the
token table.
"""

from __future__ import annotations

from functools import cache

from ._blocks import Embedding, Linear, Norm, Ref
from ._decoder import LayerKind, Layout
from ._rows import Built, Config, Row, register

__all__: list[str] = []


@cache
def _gpt2_layout(inner: Ref, cross: bool) -> Layout:
    d = "n_embd"

    def conv1d(name: str, n: Ref, m: Ref, part: str) -> Linear:
        return Linear(name, n, m, bias=True, part=part, transposed=True)

    blocks: list[tuple[str, object]] = [
        ("ln_1", Norm("", "layer", d)),
        ("", conv1d("attn.c_attn", d, (3, d), "attention")),
        ("", conv1d("attn.c_proj", d, d, "attention")),
        ("ln_2", Norm("", "layer", d)),
    ]
    if cross:
        blocks += [
            ("", conv1d("crossattention.c_attn", d, (2, d), "attention")),
            ("", conv1d("crossattention.q_attn", d, d, "attention")),
            ("", conv1d("crossattention.c_proj", d, d, "attention")),
            ("ln_cross_attn", Norm("", "layer", d)),
        ]
    blocks += [
        ("", conv1d("mlp.c_fc", d, inner, "mlp")),
        ("", conv1d("mlp.c_proj", inner, d, "mlp")),
    ]
    return Layout(
        base="transformer",
        embeddings=(Embedding("wte", "vocab_size", d), Embedding("wpe", "n_positions", d)),
        layers="h",
        kinds=(LayerKind(tuple(blocks)),),
        counts=("n_layer",),
        after=(Norm("ln_f", "layer", d),),
        rotary=None,
    )


def _gpt2(config: Config) -> Built:
    sizes = {
        "vocab_size": config.size("vocab_size"),
        "n_positions": config.size("n_positions"),
        "n_embd": config.size("n_embd"),
        "n_layer": config.size("n_layer"),
    }
    config.size("n_head")
    config.divisible("n_embd", "n_head")
    inner = config.optional_size("n_inner")
    if inner is not None:
        sizes["n_inner"] = inner
    cross = config.flag("add_cross_attention")
    return _gpt2_layout("n_inner" if inner is not None else (4, "n_embd"), cross), sizes, {}


register(
    Row(
        "gpt2",
        "GPT2",
        {
            "vocab_size": 50257,
            "n_positions": 1024,
            "n_embd": 768,
            "n_layer": 12,
            "n_head": 12,
            "n_inner": None,
            "tie_word_embeddings": True,
            "add_cross_attention": False,
        },
        _gpt2,
        "gpt",
        heads={
            "ForTokenClassification": lambda hidden, tied: (
                Linear("classifier", hidden, "num_labels", bias=True, part="head"),
            ),
        },
        causal="LMHeadModel",
    ),
)
