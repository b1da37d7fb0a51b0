"""MkDocs hook: the table of architectures, generated from the package's rows.

``docs/models-architectures.md`` (and its Chinese twin) hold the marker
``<!-- paramref:architectures -->``. When the site is built, this hook replaces it
with a table per family (headed by the page that derives it, short enough to
read on a phone) and in it a line per ``model_type`` of ``paramref.models.ROWS``:
the class counted, the count of the ``transformers`` default config, and
the famous checkpoints of ``paramref.models.CHECKPOINTS`` with their totals (and
active counts for mixtures of experts); then each row's closed form in its config
keys. Every number comes from the package when the site is built.
"""

from __future__ import annotations

from typing import Any

import sympy
from mkdocs.exceptions import PluginError

from paramref import models
from paramref._cli import active_params

MARKER = "<!-- paramref:architectures -->"

PAGES = {
    "dense": ("models-dense.md", "Dense decoders", "稠密解码器"),
    "gpt": ("models-gpt.md", "GPT-style decoders", "GPT 式解码器"),
    "moe": ("models-moe.md", "Mixtures of experts", "混合专家"),
    "ssm": ("models-ssm.md", "State-space models", "状态空间模型"),
    "encoder": ("models-encoders.md", "Encoders", "编码器"),
    "seq2seq": ("models-seq2seq.md", "Encoder-decoders", "编码器-解码器"),
    "vision": ("models-vision.md", "Vision transformers", "视觉 Transformer"),
    "hierarchical": ("models-hierarchical.md", "Swin and ConvNeXt", "Swin 与 ConvNeXt"),
    "towers": ("models-towers.md", "Dual towers (CLIP, SigLIP)", "双塔模型（CLIP、SigLIP）"),  # noqa: RUF001
}
#: The page of rows whose family has none of its own.
OTHER = ("models.md", "Whole models", "整个模型")
WORDS = {
    "en": {
        "type": "`model_type`",
        "class": "class counted",
        "default": "default config",
        "checkpoints": "famous checkpoints",
        "active": "active",
        "formulas": "Closed forms, in config keys, of each default config",
    },
    "zh": {
        "type": "`model_type`",
        "class": "统计的类",
        "default": "默认配置",
        "checkpoints": "知名检查点",
        "active": "激活",
        "formulas": "各默认配置的闭式公式",
    },
}


def tex(expr: sympy.Expr) -> str:
    """``sympy.latex`` with each config key written out upright."""
    names = {s: r"\mathrm{" + s.name.replace("_", r"\_") + "}" for s in expr.free_symbols}
    return str(sympy.latex(expr, symbol_names=names, mul_symbol="dot"))


def _count(spec: models.ModelSpec, words: dict[str, str]) -> str:
    active = active_params(spec)  # None: a config that picks no number of experts
    text = f"{spec.params:,}"
    if active is not None and active != spec.params:
        text += f" ({words['active']} {active:,})"
    return text


def table(language: str = "en") -> str:
    """The markdown that replaces the marker: a short table per family, then the formulas."""
    words = WORDS[language]
    by_type: dict[str, list[str]] = {}
    for name, config in models.CHECKPOINTS.items():
        try:
            spec = models.from_config(config)
        except Exception as error:
            raise PluginError(f"architectures: checkpoint {name} failed: {error!r}") from None
        by_type.setdefault(str(config["model_type"]), []).append(f"{name}: {_count(spec, words)}")
    families: dict[str, list[str]] = {}
    formulas = [f"### {words['formulas']} {{#closed-forms}}", ""]
    for model_type, row in models.ROWS.items():
        spec = models.from_config({"model_type": model_type})
        famous = "<br>".join(by_type.get(model_type, [])) or "-"
        family = row.family if row.family in PAGES else "other"
        families.setdefault(family, []).append(
            f"| `{model_type}` | `{row.class_name(row.default)}` "
            f"| {_count(spec, words)} | {famous} |"
        )
        formula = spec.formula
        if formula.subs(spec.arguments) != spec.params:
            raise PluginError(f"architectures: the formula of {model_type} misses its count")
        formulas += [f"`{model_type}`", "", "$$", f"P = {tex(formula)}", "$$", ""]
    lines = []
    for family in [*PAGES, "other"]:
        if family not in families:
            continue
        page, english, chinese = PAGES.get(family, OTHER)
        title = chinese if language == "zh" else english
        lines += [
            f"### [{title}]({page}) {{#{family}}}",
            "",
            f"| {words['type']} | {words['class']} | {words['default']} | {words['checkpoints']} |",
            "|---|---|---|---|",
            *families[family],
            "",
        ]
    return "\n".join([*lines, *formulas])


def on_page_markdown(markdown: str, page: Any, config: Any, **kwargs: Any) -> str:
    if MARKER not in markdown:
        return markdown
    language = "zh" if page.file.src_uri.endswith(".zh.md") else "en"
    return markdown.replace(MARKER, table(language), 1)
