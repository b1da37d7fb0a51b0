# ruff: noqa: RUF001, RUF002 (the Chinese labels use full-width punctuation, on purpose)
"""MkDocs hook: figures drawn from the package when the site is built.

A page places a figure with one line, the same in ``X.md`` and in its Chinese
twin ``X.zh.md``::

    <!-- figure: tensors(nn.LSTM(4096, 256), params=4458496) -->

The line is an HTML comment, so it survives Markdown untouched; this hook finds
it in the page's HTML and puts an inline SVG in its place. What follows
``figure:`` is a call written in Python syntax: the figure's name, then its
arguments (numbers, strings, tuples, and constructions of ``nn.*``,
``layers.*`` and ``models.*`` specs). Every figure takes the count the page
states (``params=...`` and the like); the hook computes the same count with the
package and fails the build when the two differ. The figures (see ``FIGURES``):

- ``tensors(spec, ..., params=N or (N, ...))``: each tensor of each spec as a box
  drawn to scale, its sides labelled with the symbolic and the numeric size;
  gate blocks (LSTM, GRU) and packed projections (q, k, v) marked; buffers and
  non-trainable weights drawn apart from the parameters.
- ``mlp(input_dim, hidden_dim, hidden_layers, output_dim, params=N)``: the
  network, every layer's ``(n + 1)·m``.
- ``width_match(input_dim, output_dim, hidden_layers, hidden_dim,
  dest_hidden_layers=(...), hidden_dim_match=(...))``: the quadratic ``P(d)`` of
  each depth with the width ``paramref.match_hidden_dim`` picks.
- ``two_hidden(input_dim, target, ratio=(lo, hi), source=(h1, h2),
  best=(h1, h2), delta=(source delta, best delta))``: the ``(H1, H2)`` plane of
  ``paramref.solve_two_hidden``.
- ``model_parts(family or models.x(...), ..., params=(N, ...))``: stacked bars of
  ``spec.breakdown``, one per model: each size of a family of ``FAMILIES``, or
  the models written out; a mixture of experts shows its active count
  (``spec.active_params``) beside the total.
- ``kaplan(family or models.x(...), ..., non_embedding=(N, ...))``: ``12·L·d²``
  against ``spec.num_parameters(exclude_embeddings=True)``.

The labels are in the page's language: Chinese for ``X.zh.md``, English
otherwise. Every SVG has ``role="img"``, a ``<title>`` and a ``<desc>`` that
states its numbers, a ``viewBox`` (it scales down on a phone) and colours from
CSS variables (``docs/stylesheets/paramref.css``), so it follows the palette.
"""

from __future__ import annotations

import ast
import html
import itertools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy
from mkdocs.exceptions import PluginError

import paramref
from paramref import Spec, models
from paramref._cli import active_params
from paramref.models import ModelSpec

MARKER = re.compile(r"<!-- figure: (?P<call>.*?) -->")
#: Figures already drawn, by (call, language): each page is built once per language.
_cache: dict[tuple[str, str], Figure] = {}

# --------------------------------------------------------------------------
# Words, in the page's language.

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "parameters": "{n} parameters",
        "entries": "{n} entries",
        "entry": "{n} entry",
        "tensors_title": "The tensors of {calls}",
        "tensors_caption": (
            "The tensors of {calls}, drawn to scale (a very thin side is widened to "
            "stay visible): each side carries its size as a symbol and as a number."
        ),
        "and": " and ",
        "buffers": "buffers, not parameters: {n} entries",
        "non_trainable": "non-trainable",
        "gates": "blocks {names}",
        "scalar": "a scalar",
        "tensor_desc": "{name}: {shape}, {count}",
        "total": "In all {n} parameters.",
        "buffers_desc": "Buffers, not parameters: {items}.",
        "mlp_title": "The MLP {widths}: {params} parameters",
        "mlp_caption": (
            "The network {widths}: every neuron takes all of the previous layer and "
            "a bias (the dashed lines from the 1), so a layer from n to m features "
            "has (n + 1)·m parameters."
        ),
        "input": "input",
        "hidden": "hidden {k}",
        "output": "output",
        "layer_desc": "layer {k}: {n} to {m}, (n + 1)·m = {count}",
        "width_title": "P(d) for {depths} hidden layers, and the matched widths",
        "width_caption": (
            "The total P(d) of {i} inputs, {o} outputs and l hidden layers of width d. "
            "The original network (l = {l}, d = {d}) has {target} parameters; for each "
            "other depth, the dot is the width match_hidden_dim picks."
        ),
        "target": "target {n}",
        "hidden_width": "hidden width d",
        "total_params": "parameters P",
        "original": "l = {l}, d = {d}: {params}",
        "match": "l_d = {l}: d_d = {d}, {params} ({delta})",
        "two_title": "Two hidden layers with {lo} ≤ H1/H2 ≤ {hi} and a budget of {target}",
        "two_caption": (
            "Above, the (H1, H2) plane: the band {lo} ≤ H1/H2 ≤ {hi} and the curve on "
            "which the total is {target}. Below, the boxed part enlarged: the source's "
            "answer ({s1}, {s2}) and the best pair ({b1}, {b2}), with their distance "
            "from the budget."
        ),
        "band": "{lo} ≤ H1/H2 ≤ {hi}",
        "budget": "P = {target}",
        "source": "source {h1}, {h2}: {delta}",
        "best": "best {h1}, {h2}: {delta}",
        "others": "the next best pairs",
        "two_desc": (
            "Network {n} → H1 → H2 → {o}, every bias counted. The curve where the "
            "total is {target} crosses the band for H2 from about {lo2} to {hi2}. "
            "The source's answer H1 = {s1}, H2 = {s2} has {sp} parameters ({sd}); "
            "the best pair H1 = {b1}, H2 = {b2} has {bp} ({bd}). Next best: {others}."
        ),
        "parts_title": "Where the parameters of {family} go",
        "parts_caption": (
            "Each bar is one model, split by spec.breakdown: every part's share of the total."
        ),
        "parts_caption_active": (
            "Each bar is one model, split by spec.breakdown: every part's share of "
            "the total; the mark is the count active for one token."
        ),
        "active": "active {n} ({share})",
        "part_desc": "{part} {n} ({share})",
        "model_desc": "{label}: {total} parameters: {parts}",
        "kaplan_title": "12·L·d² against the exact count without embeddings",
        "kaplan_caption": (
            "For each model, 12·L·d² as a share of the exact count without the "
            "embedding tables (spec.num_parameters(exclude_embeddings=True))."
        ),
        "exact": "exact",
        "kaplan_desc": "{label}: 12·L·d² = {approx}, exact {exact} ({share})",
        "embeddings": "embeddings",
        "attention": "attention",
        "mlp": "MLP",
        "experts": "experts",
        "mixer": "state-space mixers",
        "projection": "projections",
        "norms": "norms",
        "head": "head",
        "pooler": "pooler",
        "conv": "convolutions",
        "fc": "fully connected",
        "patches": "patch embedding",
        "positions": "positions",
        "tokens": "learned tokens",
        "other": "other",
        "list_sep": ", ",
        "sentence_sep": "; ",
        "colon": ": ",
    },
    "zh": {
        "parameters": "{n} 个参数",
        "entries": "{n} 个数",
        "entry": "{n} 个数",
        "tensors_title": "{calls} 的张量",
        "tensors_caption": (
            "{calls} 的张量，按比例绘制（过细的边略为加宽以便看清）：每条边标出它的长度，"
            "先写符号，再写数值。"
        ),
        "and": "、",
        "buffers": "缓冲区（不是参数）：{n} 个数",
        "non_trainable": "不可训练",
        "gates": "分块 {names}",
        "scalar": "标量",
        "tensor_desc": "{name}：{shape}，{count}",
        "total": "共 {n} 个参数。",
        "buffers_desc": "缓冲区（不是参数）：{items}。",
        "mlp_title": "MLP {widths}：{params} 个参数",
        "mlp_caption": (
            "网络 {widths}：每个神经元接收上一层的全部输出和一个偏置（从 1 出发的虚线），"
            "所以从 n 个特征到 m 个特征的一层有 (n + 1)·m 个参数。"
        ),
        "input": "输入",
        "hidden": "隐藏层 {k}",
        "output": "输出",
        "layer_desc": "第 {k} 层：{n} 到 {m}，(n + 1)·m = {count}",
        "width_title": "隐藏层数为 {depths} 时的 P(d) 与匹配的宽度",
        "width_caption": (
            "输入 {i} 维、输出 {o} 维、l 个宽度为 d 的隐藏层时的总参数量 P(d)。"
            "原网络（l = {l}，d = {d}）有 {target} 个参数；其他每个深度上的圆点是 "
            "match_hidden_dim 选出的宽度。"
        ),
        "target": "目标 {n}",
        "hidden_width": "隐藏层宽度 d",
        "total_params": "参数量 P",
        "original": "l = {l}，d = {d}：{params}",
        "match": "l_d = {l}：d_d = {d}，{params}（{delta}）",
        "two_title": "两个隐藏层，{lo} ≤ H1/H2 ≤ {hi}，预算 {target}",
        "two_caption": (
            "上图是 (H1, H2) 平面：比例带 {lo} ≤ H1/H2 ≤ {hi}，以及总参数量等于 {target} "
            "的曲线。下图放大上图方框内的部分：原文的答案 ({s1}, {s2}) 与最优的一对 "
            "({b1}, {b2})，以及它们与预算之差。"
        ),
        "band": "{lo} ≤ H1/H2 ≤ {hi}",
        "budget": "P = {target}",
        "source": "原文 {h1}, {h2}：{delta}",
        "best": "最优 {h1}, {h2}：{delta}",
        "others": "次优的几对",
        "two_desc": (
            "网络 {n} → H1 → H2 → {o}，计入全部偏置。总参数量为 {target} 的曲线在 H2 约从 "
            "{lo2} 到 {hi2} 之间穿过比例带。原文的答案 H1 = {s1}、H2 = {s2} 有 {sp} 个参数"
            "（{sd}）；最优的一对 H1 = {b1}、H2 = {b2} 有 {bp} 个（{bd}）。次优：{others}。"
        ),
        "parts_title": "{family} 的参数分布",
        "parts_caption": "每根条代表一个模型，按 spec.breakdown 分段：各部分占总参数量的比例。",
        "parts_caption_active": (
            "每根条代表一个模型，按 spec.breakdown 分段：各部分占总参数量的比例；"
            "竖线标出每个词元实际用到的参数量。"
        ),
        "active": "激活 {n}（{share}）",
        "part_desc": "{part} {n}（{share}）",
        "model_desc": "{label}：{total} 个参数：{parts}",
        "kaplan_title": "12·L·d² 与不含嵌入的精确参数量",
        "kaplan_caption": (
            "每个模型的 12·L·d² 占不含嵌入表的精确参数量"
            "（spec.num_parameters(exclude_embeddings=True)）的比例。"
        ),
        "exact": "精确值",
        "kaplan_desc": "{label}：12·L·d² = {approx}，精确值 {exact}（{share}）",
        "embeddings": "嵌入",
        "attention": "注意力",
        "mlp": "MLP",
        "experts": "专家",
        "mixer": "状态空间混合层",
        "projection": "投影",
        "norms": "归一化",
        "head": "输出头",
        "pooler": "池化层",
        "conv": "卷积",
        "fc": "全连接",
        "patches": "图块嵌入",
        "positions": "位置",
        "tokens": "可学习词元",
        "other": "其他",
        "list_sep": "，",
        "sentence_sep": "；",
        "colon": "：",
    },
}


def words(lang: str, key: str, **values: object) -> str:
    return WORDS[lang][key].format(**values)


def number(n: int) -> str:
    """``1234567`` -> ``1,234,567`` (both languages)."""
    return f"{n:,}"


def signed(n: int) -> str:
    """``+14``, ``−28``, ``0`` (a true minus sign)."""
    return f"+{n:,}" if n > 0 else f"−{-n:,}" if n < 0 else "0"


def percent(share: Fraction, digits: int = 1) -> str:
    """A share as a percentage for display: ``Fraction(1, 3)`` -> ``33.3 %``."""
    shown = f"{float(share * 100):.{digits}f}"
    if share and float(shown) == 0:
        return f"< {10**-digits:.{digits}f} %" if digits else "< 1 %"
    return f"{shown} %"


def joined(lang: str, items: Sequence[str]) -> str:
    """``a, b and c`` / ``a、b、c``."""
    if lang == "zh" or len(items) < 2:
        return WORDS[lang]["and"].join(items)
    return ", ".join(items[:-1]) + WORDS[lang]["and"] + items[-1]


# --------------------------------------------------------------------------
# SVG.

FONT = 13.0
SMALL = 11.5
LINE = 16.0


def text_width(text: str, size: float = FONT, mono: bool = False) -> float:
    """An estimate of the width of ``text`` (wide enough for common system fonts)."""
    wide = sum(1 for c in text if ord(c) >= 0x2E80)
    return size * (wide * 1.0 + (len(text) - wide) * (0.62 if mono else 0.6))


def fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass
class Canvas:
    """SVG elements in user units; the figure's ``viewBox`` is ``0 0 width height``."""

    width: float
    height: float = 0.0
    elements: list[str] = field(default_factory=list)
    #: The rightmost point drawn by the layouts that track it (the tensor boxes).
    right: float = 0.0

    def add(self, element: str) -> None:
        self.elements.append(element)

    def rect(
        self, x: float, y: float, w: float, h: float, cls: str, tip: str = "", style: str = ""
    ) -> None:
        extra = f' style="{style}"' if style else ""
        inner = f"<title>{html.escape(tip)}</title>" if tip else ""
        attrs = f'x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}"'
        if inner:
            self.add(f'<rect class="{cls}" {attrs}{extra}>{inner}</rect>')
        else:
            self.add(f'<rect class="{cls}" {attrs}{extra}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.add(
            f'<line class="{cls}" x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}"/>'
        )

    def path(self, d: str, cls: str, style: str = "") -> None:
        extra = f' style="{style}"' if style else ""
        self.add(f'<path class="{cls}" d="{d}"{extra}/>')

    def circle(
        self, x: float, y: float, r: float, cls: str, tip: str = "", style: str = ""
    ) -> None:
        extra = f' style="{style}"' if style else ""
        inner = f"<title>{html.escape(tip)}</title>" if tip else ""
        attrs = f'cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}"{extra}'
        if inner:
            self.add(f'<circle class="{cls}" {attrs}>{inner}</circle>')
        else:
            self.add(f'<circle class="{cls}" {attrs}/>')

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        anchor: str = "start",
        size: float = FONT,
        cls: str = "pr-text",
        mono: bool = False,
        rotate: bool = False,
    ) -> None:
        classes = cls + (" pr-mono" if mono else "")
        attrs = f'x="{fmt(x)}" y="{fmt(y)}" font-size="{fmt(size)}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if rotate:
            attrs += f' transform="rotate(-90 {fmt(x)} {fmt(y)})"'
        self.add(f'<text class="{classes}" {attrs}>{html.escape(content)}</text>')


def heading(canvas: Canvas, y: float, code: str, rest: str) -> float:
    """A bold line ``code`` (monospace) then ``rest``; ``rest`` goes below when too wide.

    Returns the y of the last line.
    """
    code_html = f'<tspan class="pr-mono">{html.escape(code)}</tspan>'
    one_line = text_width(code, FONT, mono=True) + text_width(rest, FONT)
    if one_line <= canvas.width:
        canvas.right = max(canvas.right, one_line)
        canvas.add(
            f'<text class="pr-text pr-heading" x="0" y="{fmt(y)}" font-size="{fmt(FONT)}">'
            f"{code_html}{html.escape(rest)}</text>"
        )
        return y
    # Too wide: the call on as many lines as it needs (broken after its commas), then the rest.
    canvas.right = canvas.width
    lines = [""]
    for piece in re.split(r"(?<=, )", code):
        if lines[-1] and text_width(lines[-1] + piece, FONT, mono=True) > canvas.width:
            lines.append("    " + piece)
        else:
            lines[-1] += piece
    for line in lines:
        canvas.text(0, y, line.rstrip(), mono=True, cls="pr-text pr-heading")
        y += LINE
    canvas.text(0, y, rest.lstrip(":： "), cls="pr-text pr-heading")
    return y


def polyline(points: Iterable[tuple[float, float]]) -> str:
    """An SVG path through ``points``."""
    return "M" + " L".join(f"{fmt(x)} {fmt(y)}" for x, y in points)


@dataclass(frozen=True)
class Figure:
    """A drawn figure: the canvas and its words in the page's language."""

    canvas: Canvas
    title: str
    desc: str
    caption: str


def render(figure: Figure, figure_id: str, lang: str) -> str:
    """The ``<figure>`` element that replaces a marker."""
    canvas = figure.canvas
    width, height = math.ceil(canvas.width), math.ceil(canvas.height)
    body = "".join(canvas.elements)
    return (
        f'<figure class="pr-figure" lang="{lang}">'
        f'<svg class="pr-figure__svg" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{figure_id}-title" '
        f'aria-describedby="{figure_id}-desc" data-search-exclude>'
        f'<title id="{figure_id}-title">{html.escape(figure.title)}</title>'
        f'<desc id="{figure_id}-desc">{html.escape(figure.desc)}</desc>'
        f"{body}</svg>"
        f"<figcaption>{html.escape(figure.caption)}</figcaption>"
        "</figure>"
    )


# --------------------------------------------------------------------------
# Tensors as boxes.

#: The blocks a framework stacks into one tensor, by spec class: (module, class) -> names.
BLOCKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("nn", "LSTM"): ("i", "f", "g", "o"),
    ("nn", "LSTMCell"): ("i", "f", "g", "o"),
    ("nn", "GRU"): ("r", "z", "n"),
    ("nn", "GRUCell"): ("r", "z", "n"),
    ("nn", "MultiheadAttention"): ("q", "k", "v"),
    ("nn", "TransformerEncoderLayer"): ("q", "k", "v"),
    ("nn", "TransformerDecoderLayer"): ("q", "k", "v"),
    ("layers", "LSTM"): ("i", "f", "c", "o"),
    ("layers", "LSTMCell"): ("i", "f", "c", "o"),
    ("layers", "GRU"): ("z", "r", "h"),
    ("layers", "GRUCell"): ("z", "r", "h"),
}

MAX_BOX_WIDTH = 210.0
MAX_BOX_HEIGHT = 140.0
MIN_SIDE = 5.0
BAR = 12.0
TENSORS_WIDTH = 440.0


def facade(spec: Spec) -> str:
    """``"nn"`` or ``"layers"``: the façade whose class ``spec`` is."""
    name = type(spec).__name__
    if getattr(paramref.nn, name, None) is type(spec):
        return "nn"
    if getattr(paramref.layers, name, None) is type(spec):
        return "layers"
    return ""


def symbolic(expr: object) -> str:
    """A dimension as written on the figure: ``4*hidden_size`` -> ``4·hidden_size``."""
    return str(expr).replace("**", "^").replace("*", "·")


@dataclass(frozen=True)
class Side:
    """One side of a box: its length and its label."""

    size: int
    symbols: str
    numbers: str
    blocks: tuple[str, ...] = ()

    def lines(self, limit: int = 18) -> list[str]:
        """The label: the symbols (broken at ``·``), then ``= numbers`` if they differ."""
        out: list[str] = []
        current = ""
        for piece in re.split(r"(?<=·)", self.symbols):
            if current and len(current) + len(piece) > limit:
                out.append(current)
                current = piece
            else:
                current += piece
        out.append(current)
        if self.numbers != self.symbols:
            out.append(f"= {self.numbers}")
        return out


def side_of(symbols: Sequence[object], sizes: Sequence[int], blocks: tuple[str, ...]) -> Side:
    size = math.prod(sizes)
    numbers = "·".join(number(s) for s in sizes)
    if len(sizes) > 1:
        numbers += f" = {number(size)}"
    stacked: tuple[str, ...] = ()
    if len(symbols) == 1 and blocks:
        coefficient, rest = sympy.sympify(symbols[0]).as_coeff_Mul()
        if coefficient == len(blocks) and rest != 1:
            stacked = blocks
    return Side(size, "·".join(symbolic(s) for s in symbols), numbers, stacked)


@dataclass(frozen=True)
class Box:
    """One tensor: rows (``None`` for a scalar), columns (``None`` for a vector)."""

    name: str
    count: int
    rows: Side | None
    cols: Side | None
    kind: str  # "param", "frozen" (a non-trainable weight) or "buffer"

    def shape_text(self, lang: str) -> str:
        if self.rows is None:
            return words(lang, "scalar")
        if self.cols is None:
            return f"({self.rows.symbols},) = ({self.rows.numbers},)"
        return (
            f"{self.rows.symbols} × {self.cols.symbols} = {self.rows.numbers} × {self.cols.numbers}"
        )

    def describe(self, lang: str) -> str:
        text = words(
            lang,
            "tensor_desc",
            name=self.name,
            shape=self.shape_text(lang),
            count=words(lang, "entry" if self.count == 1 else "entries", n=number(self.count)),
        )
        blocks = [side.blocks for side in (self.rows, self.cols) if side and side.blocks]
        if blocks:
            text += WORDS[lang]["list_sep"] + words(lang, "gates", names=", ".join(blocks[0]))
        if self.kind == "frozen":
            text += WORDS[lang]["list_sep"] + words(lang, "non_trainable")
        return text


def split_point(shape: Sequence[int]) -> int:
    """Where to cut a shape of three or more axes into rows and columns: nearest a square."""
    return min(
        range(1, len(shape)),
        key=lambda k: abs(math.log(max(1, math.prod(shape[:k])) / max(1, math.prod(shape[k:])))),
    )


def box_of(
    name: str, shape: Sequence[int], symbols: Sequence[object], kind: str, blocks: tuple[str, ...]
) -> Box:
    count = math.prod(shape)
    if not shape:
        return Box(name, count, None, None, kind)
    if len(shape) == 1:
        return Box(name, count, side_of(symbols, shape, blocks), None, kind)
    k = 1 if len(shape) == 2 else split_point(shape)
    rows = side_of(symbols[:k], shape[:k], blocks)
    cols = side_of(symbols[k:], shape[k:], blocks)
    return Box(name, count, rows, cols, kind)


def boxes_of(spec: Spec, call: str) -> tuple[list[Box], list[Box]]:
    """The parameters (and Keras's non-trainable weights) and the buffers of ``spec``."""
    blocks = BLOCKS.get((facade(spec), type(spec).__name__), ())
    concrete, symbols = spec.tensors, spec.symbolic_tensors
    if len(concrete) != len(symbols) or any(s.repeat != 1 for s in symbols):
        raise PluginError(f"figure tensors(): cannot draw {call}: its tensors are a symbolic stack")
    params = [
        box_of(t.name, t.shape, s.shape, "param" if t.trainable else "frozen", blocks)
        for t, s in zip(concrete, symbols, strict=True)
    ]
    buffer_symbols = spec.symbolic_buffers
    buffers = [
        box_of(name, shape, s.shape, "buffer", ())
        for (name, shape), s in zip(spec.buffers.items(), buffer_symbols, strict=True)
    ]
    return params, buffers


@dataclass
class Placed:
    """A box with its label sizes, ready to be placed in a row."""

    box: Box
    width: float
    height: float
    top: list[str]
    left: list[str]
    label_lines: list[str]

    @property
    def top_width(self) -> float:
        return max((text_width(line, SMALL) for line in self.top), default=0.0)

    @property
    def left_width(self) -> float:
        return max((text_width(line, SMALL) for line in self.left), default=0.0)

    @property
    def name_width(self) -> float:
        return max(
            text_width(self.label_lines[0], SMALL, mono=True),
            *(text_width(line, SMALL) for line in self.label_lines[1:]),
        )


def place(box: Box, scale: float, lang: str) -> Placed:
    if box.rows is None:
        width = height = BAR
    elif box.cols is None:
        width, height = BAR, max(MIN_SIDE, box.rows.size * scale)
    else:
        width = max(MIN_SIDE, box.cols.size * scale)
        height = max(MIN_SIDE, box.rows.size * scale)
    top = box.cols.lines() if box.cols else []
    left = box.rows.lines() if box.rows else []
    label = [box.name, number(box.count)]
    if box.kind == "frozen":
        label.append(words(lang, "non_trainable"))
    return Placed(box, width, height, top, left, label)


def draw_blocks(canvas: Canvas, x: float, y: float, w: float, h: float, box: Box) -> None:
    """Lines between stacked blocks (gates, q/k/v) and their letters."""
    if box.rows and box.rows.blocks:
        n = len(box.rows.blocks)
        for k, letter in enumerate(box.rows.blocks):
            if k:
                canvas.line(x, y + h * k / n, x + w, y + h * k / n, "pr-block-line")
            if h / n >= SMALL and w >= 8:
                canvas.text(
                    x + w / 2,
                    y + h * (k + 0.5) / n + SMALL * 0.35,
                    letter,
                    anchor="middle",
                    size=min(SMALL, w - 2),
                    cls="pr-block-text",
                )
    if box.cols and box.cols.blocks:
        n = len(box.cols.blocks)
        for k, letter in enumerate(box.cols.blocks):
            if k:
                canvas.line(x + w * k / n, y, x + w * k / n, y + h, "pr-block-line")
            if w / n >= SMALL and h >= SMALL:
                canvas.text(
                    x + w * (k + 0.5) / n,
                    y + h / 2 + SMALL * 0.35,
                    letter,
                    anchor="middle",
                    size=SMALL,
                    cls="pr-block-text",
                )


def draw_row(canvas: Canvas, row: list[tuple[Placed, bool]], y: float) -> float:
    """Draw one row of boxes, tops aligned; return the y below it."""
    top_h = max(len(p.top) for p, _ in row) * LINE
    body_h = max(max(p.height, len(p.left) * LINE if shown else 0.0) for p, shown in row)
    box_top = y + top_h + 4
    x = 2.0
    bottom = box_top
    for placed, show_left in row:
        if show_left and placed.left:
            x += placed.left_width + 6
            lines = placed.left
            first = box_top + placed.height / 2 - (len(lines) - 1) * LINE / 2 + SMALL * 0.35
            for k, line in enumerate(lines):
                canvas.text(x - 6, first + k * LINE, line, anchor="end", size=SMALL)
        slot = max(placed.width, placed.top_width, placed.name_width)
        bx = x + (slot - placed.width) / 2
        box = placed.box
        cls = {"param": "pr-param", "frozen": "pr-frozen", "buffer": "pr-buffer"}[box.kind]
        canvas.rect(bx, box_top, placed.width, placed.height, cls, tip=box.name)
        draw_blocks(canvas, bx, box_top, placed.width, placed.height, box)
        for k, line in enumerate(placed.top):
            canvas.text(
                bx + placed.width / 2,
                box_top - 6 - (len(placed.top) - 1 - k) * LINE,
                line,
                anchor="middle",
                size=SMALL,
            )
        label_y = box_top + placed.height + 14
        canvas.text(
            x + slot / 2, label_y, placed.label_lines[0], anchor="middle", size=SMALL, mono=True
        )
        for k, line in enumerate(placed.label_lines[1:], start=1):
            canvas.text(
                x + slot / 2,
                label_y + k * (LINE - 2),
                line,
                anchor="middle",
                size=SMALL,
                cls="pr-muted",
            )
        bottom = max(bottom, label_y + (len(placed.label_lines) - 1) * (LINE - 2) + 6)
        canvas.right = max(canvas.right, x + slot)
        x += slot + 14
    return max(bottom, box_top + body_h) + 8


def draw_boxes(canvas: Canvas, boxes: list[Box], scale: float, y: float, lang: str) -> float:
    """Lay ``boxes`` out left to right, wrapping at the canvas's width."""
    rows: list[list[tuple[Placed, bool]]] = [[]]
    x = 0.0
    previous: Box | None = None
    for box in boxes:
        placed = place(box, scale, lang)
        shares = (
            previous is not None
            and rows[-1]
            and box.rows is not None
            and previous.rows is not None
            and (box.rows.symbols, box.rows.size) == (previous.rows.symbols, previous.rows.size)
        )
        slot = max(placed.width, placed.top_width, placed.name_width)
        need = slot + (0.0 if shares else placed.left_width + 6)
        if rows[-1] and x + need > canvas.width:
            rows.append([])
            x = 0.0
            shares = False
            need = slot + placed.left_width + 6
        rows[-1].append((placed, not shares))
        x += need + 14
        previous = box
    for row in rows:
        if row:
            y = draw_row(canvas, row, y)
    return y


def tensors_figure(specs: Sequence[tuple[Spec, str]], stated: Sequence[int], lang: str) -> Figure:
    """The tensors of one or more specs, as boxes drawn to one scale."""
    canvas = Canvas(TENSORS_WIDTH)
    groups = [(spec, call, *boxes_of(spec, call)) for spec, call in specs]
    every = [box for _, _, params, buffers in groups for box in params + buffers]
    longest_row = max((b.rows.size for b in every if b.rows), default=1)
    longest_col = max((b.cols.size for b in every if b.cols), default=1)
    # Vectors only (a norm's scale and shift): shorter bars will do.
    tallest = MAX_BOX_HEIGHT if any(b.cols for b in every) else MAX_BOX_HEIGHT * 0.6
    scale = min(tallest / longest_row, MAX_BOX_WIDTH / longest_col)
    y = 0.0
    descs: list[str] = []
    for (spec, call, params, buffers), count in zip(groups, stated, strict=True):
        y += FONT + 4
        rest = WORDS[lang]["colon"] + words(lang, "parameters", n=number(count))
        y = heading(canvas, y, call, rest)
        y = draw_boxes(canvas, params, scale, y + 8, lang)
        parts = [box.describe(lang) for box in params]
        text = f"{call}{WORDS[lang]['colon']}" + WORDS[lang]["sentence_sep"].join(parts) + ". "
        if lang == "zh":
            text = text.replace(". ", "。")
        text += words(lang, "total", n=number(spec.params))
        if buffers:
            total = sum(b.count for b in buffers)
            y += 6
            label = words(lang, "buffers", n=number(total))
            canvas.text(0, y + FONT, label, cls="pr-muted")
            canvas.right = max(canvas.right, text_width(label))
            y = draw_boxes(canvas, buffers, scale, y + FONT + 8, lang)
            items = WORDS[lang]["sentence_sep"].join(b.describe(lang) for b in buffers)
            text += " " + words(lang, "buffers_desc", items=items)
        descs.append(text)
        y += 6
    canvas.height = y
    canvas.width = min(canvas.width, canvas.right + 4)  # no empty margin on the right
    calls = joined(lang, [call for _, call in specs])
    return Figure(
        canvas,
        title=words(lang, "tensors_title", calls=calls),
        desc=" ".join(descs),
        caption=words(lang, "tensors_caption", calls=calls),
    )


# --------------------------------------------------------------------------
# The MLP: the network, and P(d) across depths.


def mlp_figure(net: paramref.MLP, lang: str) -> Figure:
    """Every neuron and connection of a small MLP, each layer's ``(n + 1)·m``."""
    tensors = net.tensors
    layers = [(w, b) for w, b in itertools.pairwise(tensors) if w.name.endswith("weight")]
    widths = [int(layers[0][0].shape[1])] + [int(w.shape[0]) for w, _ in layers]
    counts = [int(w.numel) + int(b.numel) for w, b in layers]
    width = 440.0
    canvas = Canvas(width)
    gap = 17.0
    top = 62.0
    tallest = max(widths) * gap
    xs = [50 + k * (width - 100) / (len(widths) - 1) for k in range(len(widths))]

    def node_y(column: int, k: int) -> float:
        return top + 34 + (tallest - widths[column] * gap) / 2 + (k + 0.5) * gap

    bias_y = top + 8
    for column in range(len(widths) - 1):
        x1, x2 = xs[column], xs[column + 1]
        segments = [
            (x1, node_y(column, a), x2, node_y(column + 1, b))
            for a in range(widths[column])
            for b in range(widths[column + 1])
        ]
        canvas.path(
            "".join(f"M{fmt(a)} {fmt(b)}L{fmt(c)} {fmt(d)}" for a, b, c, d in segments),
            "pr-edge",
        )
        biases = [(x1, bias_y, x2, node_y(column + 1, b)) for b in range(widths[column + 1])]
        canvas.path(
            "".join(f"M{fmt(a)} {fmt(b)}L{fmt(c)} {fmt(d)}" for a, b, c, d in biases),
            "pr-bias-edge",
        )
    for column, size in enumerate(widths):
        role = (
            words(lang, "input")
            if column == 0
            else words(lang, "output")
            if column == len(widths) - 1
            else words(lang, "hidden", k=column)
        )
        canvas.text(xs[column], 16, role, anchor="middle", size=SMALL, cls="pr-muted")
        canvas.text(xs[column], 32, number(size), anchor="middle", cls="pr-heading")
        for k in range(size):
            canvas.circle(xs[column], node_y(column, k), 5, "pr-node")
        if column < len(widths) - 1:
            canvas.rect(xs[column] - 7, bias_y - 7, 14, 14, "pr-bias-node")
            canvas.text(xs[column], bias_y + 4, "1", anchor="middle", size=SMALL)
    label_y = top + 34 + tallest + 22
    for column, count in enumerate(counts):
        n, m = widths[column], widths[column + 1]
        middle = (xs[column] + xs[column + 1]) / 2
        canvas.text(middle, label_y, f"({n} + 1)·{m}", anchor="middle", size=SMALL)
        canvas.text(middle, label_y + LINE, f"= {number(count)}", anchor="middle", size=SMALL)
    total = " + ".join(number(c) for c in counts) + f" = {number(net.params)}"
    canvas.text(width / 2, label_y + 2 * LINE + 10, total, anchor="middle", cls="pr-heading")
    canvas.height = label_y + 2 * LINE + 20
    arrow = " → ".join(str(w) for w in widths)
    layer_words = [
        words(lang, "layer_desc", k=k + 1, n=widths[k], m=widths[k + 1], count=number(c))
        for k, c in enumerate(counts)
    ]
    desc = WORDS[lang]["sentence_sep"].join(layer_words)
    desc += ". " if lang == "en" else "。"
    desc += words(lang, "total", n=number(net.params))
    return Figure(
        canvas,
        title=words(lang, "mlp_title", widths=arrow, params=number(net.params)),
        desc=desc,
        caption=words(lang, "mlp_caption", widths=arrow),
    )


#: Categorical colours (Okabe and Ito), readable on both palettes; see paramref.css.
SERIES = ("pr-c1", "pr-c2", "pr-c3", "pr-c4", "pr-c5", "pr-c6", "pr-c7", "pr-c8")


@dataclass(frozen=True)
class Axes:
    """A plot area in the canvas and the data ranges it shows."""

    left: float
    top: float
    width: float
    height: float
    x0: float
    x1: float
    y0: float
    y1: float

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * self.width

    def y(self, value: float) -> float:
        return self.top + self.height - (value - self.y0) / (self.y1 - self.y0) * self.height

    def inside(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def ticks(self, count: int = 5) -> tuple[range, range]:
        """Round ticks along both axes, at multiples of a round step."""
        out = []
        for a, b in ((self.x0, self.x1), (self.y0, self.y1)):
            step = nice_step(b - a, count)
            out.append(range(step * math.ceil(a / step), int(b) + 1, step))
        return out[0], out[1]

    def frame(
        self,
        canvas: Canvas,
        xticks: Iterable[float],
        yticks: Iterable[float],
        xlabel: str,
        ylabel: str,
    ) -> None:
        canvas.rect(self.left, self.top, self.width, self.height, "pr-plot")
        for value in xticks:
            px = self.x(value)
            canvas.line(px, self.top, px, self.top + self.height, "pr-grid")
            canvas.text(
                px,
                self.top + self.height + 14,
                number(int(value)),
                anchor="middle",
                size=SMALL,
                cls="pr-muted",
            )
        for value in yticks:
            py = self.y(value)
            canvas.line(self.left, py, self.left + self.width, py, "pr-grid")
            canvas.text(
                self.left - 5, py + 4, number(int(value)), anchor="end", size=SMALL, cls="pr-muted"
            )
        if xlabel:
            canvas.text(
                self.left + self.width,
                self.top + self.height + 30,
                xlabel,
                anchor="end",
                size=SMALL,
            )
        if ylabel:
            canvas.text(self.left, self.top - 8, ylabel, size=SMALL)

    def clip(self, points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        """The part of a curve (data units) inside the y range, as canvas points."""
        out: list[tuple[float, float]] = []
        for (xa, ya), (xb, yb) in itertools.pairwise(points):
            a_in, b_in = self.y0 <= ya <= self.y1, self.y0 <= yb <= self.y1
            if a_in and not out:
                out.append((self.x(xa), self.y(ya)))
            if a_in and b_in:
                out.append((self.x(xb), self.y(yb)))
            elif a_in != b_in:
                edge = self.y1 if max(ya, yb) > self.y1 else self.y0
                t = (edge - ya) / (yb - ya)
                out.append((self.x(xa + t * (xb - xa)), self.y(edge)))
                if b_in:
                    out.append((self.x(xb), self.y(yb)))
                else:
                    break
        return out


def nice_step(span: float, ticks: int = 5) -> int:
    """A round tick step (1, 2 or 5 times a power of ten) for about ``ticks`` ticks."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def width_match_figure(
    input_dim: int,
    output_dim: int,
    hidden_layers: int,
    hidden_dim: int,
    matches: Sequence[tuple[int, paramref.WidthMatch]],
    lang: str,
) -> Figure:
    """``P(d)`` of the original depth and of each destination depth, matched widths marked."""
    target = paramref.mlp_params(input_dim, hidden_dim, hidden_layers, output_dim)
    widest = max([hidden_dim, *(m.hidden_dim for _, m in matches)])
    x_step = nice_step(widest * 1.2)
    x_max = x_step * math.ceil(widest * 1.2 / x_step)
    highest = max([target, *(m.params for _, m in matches)])
    y_step = nice_step(highest * 1.6)
    y_max = y_step * math.ceil(highest * 1.6 / y_step)
    canvas = Canvas(440.0)
    axes = Axes(52, 28, 370, 230, 0, x_max, 0, y_max)
    axes.frame(
        canvas,
        range(0, x_max + 1, x_step),
        range(0, y_max + 1, y_step),
        words(lang, "hidden_width"),
        words(lang, "total_params"),
    )
    canvas.line(axes.x(0), axes.y(target), axes.x(x_max), axes.y(target), "pr-target")
    canvas.text(
        axes.x(0) + 4, axes.y(target) - 5, words(lang, "target", n=number(target)), size=SMALL
    )
    depths = [(hidden_layers, None), *((depth, m) for depth, m in matches)]
    legend: list[tuple[str, str]] = []
    for k, (depth, match) in enumerate(depths):
        colour = SERIES[k % len(SERIES)]
        points = [
            (float(d), float(paramref.mlp_params(input_dim, d, depth, output_dim)))
            for d in range(1, x_max + 1)
        ]
        canvas.path(polyline(axes.clip(points)), f"pr-curve {colour}")
        if match is None:
            canvas.circle(axes.x(hidden_dim), axes.y(target), 6, f"pr-ring {colour}")
            legend.append(
                (colour, words(lang, "original", l=depth, d=hidden_dim, params=number(target)))
            )
        else:
            tip = f"l_d = {depth}, d_d = {match.hidden_dim}: {number(match.params)}"
            canvas.circle(
                axes.x(match.hidden_dim), axes.y(match.params), 4.5, f"pr-dot {colour}", tip=tip
            )
            legend.append(
                (
                    colour,
                    words(
                        lang,
                        "match",
                        l=depth,
                        d=match.hidden_dim,
                        params=number(match.params),
                        delta=signed(match.delta),
                    ),
                )
            )
    y = axes.top + axes.height + 48
    for colour, text in legend:
        canvas.rect(axes.left, y - 9, 12, 10, f"pr-swatch {colour}")
        canvas.text(axes.left + 18, y, text, size=SMALL)
        y += LINE
    canvas.height = y
    depth_list = [str(hidden_layers), *(str(d) for d, _ in matches)]
    caption = words(
        lang,
        "width_caption",
        i=input_dim,
        o=output_dim,
        l=hidden_layers,
        d=hidden_dim,
        target=number(target),
    )
    listed = WORDS[lang]["sentence_sep"].join(text for _, text in legend)
    return Figure(
        canvas,
        title=words(lang, "width_title", depths=joined(lang, depth_list)),
        desc=f"{caption} {listed}." if lang == "en" else f"{caption}{listed}。",
        caption=caption,
    )


# --------------------------------------------------------------------------
# Two hidden layers: the (H1, H2) plane.


def two_hidden_total(input_dim: int, h1: int, h2: int, output_dim: int) -> int:
    """The total of ``input_dim -> h1 -> h2 -> output_dim`` from ``TWO_HIDDEN_FORMULA``."""
    values = {"input_dim": input_dim, "h1": h1, "h2": h2, "output_dim": output_dim}
    formula = paramref.TWO_HIDDEN_FORMULA
    return int(formula.subs({paramref.symbol(k): v for k, v in values.items()}))


def budget_curve(input_dim: int, output_dim: int, target: int) -> Callable[[Fraction], Fraction]:
    """``h1 -> h2`` on which the total equals ``target``; the total is linear in ``h2``."""
    h1, h2 = paramref.symbol("h1"), paramref.symbol("h2")
    formula = paramref.TWO_HIDDEN_FORMULA.subs(
        {paramref.symbol("input_dim"): input_dim, paramref.symbol("output_dim"): output_dim}
    )
    slope = sympy.Poly(sympy.diff(formula, h2), h1)
    base = sympy.Poly(formula.subs(h2, 0), h1)

    def evaluate(poly: sympy.Poly, x: Fraction) -> Fraction:
        total = Fraction(0)
        for coefficient in poly.all_coeffs():
            total = total * x + int(coefficient)
        return total

    return lambda x: (target - evaluate(base, x)) / evaluate(slope, x)


def two_hidden_figure(
    input_dim: int,
    output_dim: int,
    fit: paramref.TwoHiddenFit,
    source: tuple[int, int],
    lang: str,
) -> Figure:
    lo, hi = fit.ratio
    target = fit.target
    h2_of = budget_curve(input_dim, output_dim, target)
    source_params = two_hidden_total(input_dim, source[0], source[1], output_dim)
    canvas = Canvas(440.0)
    band_text = words(lang, "band", lo=str(lo), hi=str(hi))
    # Overview.
    # From the origin to past the best pair; H2 up to half the best H1.
    x_max = 200 * math.ceil(fit.h1 * 1.25 / 200)
    y_max = 100 * math.ceil(fit.h1 / 2 / 100)
    top = Axes(56, 26, 360, 150, 0, x_max, 0, y_max)
    top.frame(canvas, *top.ticks(4), "H1", "H2")

    def band(axes: Axes) -> None:
        # h2 between h1/hi and h1/lo, clipped to the axes.
        steps = [axes.x0 + (axes.x1 - axes.x0) * k / 60 for k in range(61)]
        upper = [(x, min(axes.y1, max(axes.y0, x / float(lo)))) for x in steps]
        lower = [(x, min(axes.y1, max(axes.y0, x / float(hi)))) for x in steps]
        outline = [(axes.x(x), axes.y(y)) for x, y in upper + lower[::-1]]
        canvas.path(polyline(outline) + "Z", "pr-band")

    def curve(axes: Axes) -> None:
        start = max(axes.x0, 1.0)
        steps = [start + (axes.x1 - start) * k / 120 for k in range(121)]
        points = [(x, float(h2_of(Fraction(x)))) for x in steps]
        canvas.path(polyline(axes.clip(points)), "pr-curve pr-c1")

    band(top)
    curve(top)
    # The zoomed window, around both answers.
    candidates = [(c.h1, c.h2) for c in fit.candidates]
    h1s = [source[0], *(h for h, _ in candidates)]
    h2s = [source[1], *(h for _, h in candidates)]
    zx0, zx1 = 10 * math.floor(min(h1s) / 10) - 20, 10 * math.ceil(max(h1s) / 10) + 20
    zy0, zy1 = 10 * math.floor(min(h2s) / 10) - 30, 10 * math.ceil(max(h2s) / 10) + 30
    canvas.rect(top.x(zx0), top.y(zy1), top.x(zx1) - top.x(zx0), top.y(zy0) - top.y(zy1), "pr-zoom")
    canvas.text(
        top.x(x_max * 0.08),
        top.y(x_max * 0.08 / float(hi)) - 40,
        band_text,
        size=SMALL,
        cls="pr-muted",
    )
    zoom = Axes(56, 236, 360, 250, zx0, zx1, zy0, zy1)
    zoom.frame(canvas, *zoom.ticks(5), "H1", "H2")
    canvas.rect(zoom.left, zoom.top, zoom.width, zoom.height, "pr-zoom")
    band(zoom)
    curve(zoom)
    canvas.text(
        zoom.left + zoom.width - 6,
        zoom.top + 16,
        band_text,
        anchor="end",
        size=SMALL,
        cls="pr-muted",
    )
    curve_label_h2 = zy1 - (zy1 - zy0) * 0.12
    label_h1 = float(
        min(range(zx0, zx1 + 1), key=lambda x: abs(float(h2_of(Fraction(x))) - curve_label_h2))
    )
    canvas.text(
        zoom.x(label_h1) + 6,
        zoom.y(curve_label_h2),
        words(lang, "budget", target=number(target)),
        size=SMALL,
        cls="pr-series-text pr-c1",
    )
    for h1, h2 in candidates[1:]:
        tip = f"{h1}, {h2}: {signed(two_hidden_total(input_dim, h1, h2, output_dim) - target)}"
        canvas.circle(zoom.x(h1), zoom.y(h2), 3, "pr-ring pr-c3", tip=tip)
    canvas.circle(zoom.x(fit.h1), zoom.y(fit.h2), 5, "pr-dot pr-c3")
    canvas.circle(zoom.x(source[0]), zoom.y(source[1]), 5, "pr-dot pr-c2")
    best_text = words(lang, "best", h1=fit.h1, h2=fit.h2, delta=signed(fit.delta))
    source_text = words(
        lang, "source", h1=source[0], h2=source[1], delta=signed(source_params - target)
    )
    canvas.text(
        zoom.x(fit.h1) + 9, zoom.y(fit.h2) + 4, best_text, size=SMALL, cls="pr-series-text pr-c3"
    )
    canvas.text(
        zoom.x(source[0]) - 9,
        zoom.y(source[1]) + 4,
        source_text,
        size=SMALL,
        anchor="end",
        cls="pr-series-text pr-c2",
    )
    canvas.height = zoom.top + zoom.height + 40

    # The h2 where the curve meets the band's edges (for the description).
    def meets(r: Fraction) -> int:
        # h1 = r*h2 on the curve: the total at (r*h2, h2) grows with h2.
        low, high = 1, target
        while low < high:
            mid = (low + high) // 2
            if h2_of(r * mid) <= mid:
                high = mid
            else:
                low = mid + 1
        return low

    others = WORDS[lang]["list_sep"].join(
        f"({h1}, {h2}) {signed(two_hidden_total(input_dim, h1, h2, output_dim) - target)}"
        for h1, h2 in candidates[1:]
    )
    desc = words(
        lang,
        "two_desc",
        n=input_dim,
        o=output_dim,
        target=number(target),
        lo2=meets(hi),
        hi2=meets(lo) - 1,
        s1=source[0],
        s2=source[1],
        sp=number(source_params),
        sd=signed(source_params - target),
        b1=fit.h1,
        b2=fit.h2,
        bp=number(fit.params),
        bd=signed(fit.delta),
        others=others,
    )
    return Figure(
        canvas,
        title=words(lang, "two_title", lo=str(lo), hi=str(hi), target=number(target)),
        desc=desc,
        caption=words(
            lang,
            "two_caption",
            lo=str(lo),
            hi=str(hi),
            target=number(target),
            s1=source[0],
            s2=source[1],
            b1=fit.h1,
            b2=fit.h2,
        ),
    )


# --------------------------------------------------------------------------
# Whole models.


@dataclass(frozen=True)
class ModelRow:
    """One bar: a label, the model's spec, and its active count if it differs."""

    label: str
    spec: ModelSpec
    active: int | None = None


def row(label: str, spec: ModelSpec) -> ModelRow:
    """A bar for ``spec``, with ``spec.active_params`` when a model has fewer active."""
    active = active_params(spec)
    return ModelRow(label, spec, active if active is not None and active != spec.params else None)


#: Families of models drawn together: name -> (title, rows). The configs are the
#: published ones (Hugging Face's config.json of each checkpoint).
FAMILIES: dict[str, tuple[str, Callable[[], list[ModelRow]]]] = {
    "gpt2": (
        "GPT-2",
        lambda: [
            row("gpt2", models.gpt2()),
            row("gpt2-medium", models.gpt2(n_embd=1024, n_layer=24, n_head=16)),
            row("gpt2-large", models.gpt2(n_embd=1280, n_layer=36, n_head=20)),
            row("gpt2-xl", models.gpt2(n_embd=1600, n_layer=48, n_head=25)),
        ],
    ),
    "llama-2": (
        "Llama 2",
        lambda: [
            row("Llama-2-7b", models.llama()),
            row(
                "Llama-2-13b",
                models.llama(
                    hidden_size=5120,
                    intermediate_size=13824,
                    num_hidden_layers=40,
                    num_attention_heads=40,
                ),
            ),
            row(
                "Llama-2-70b",
                models.llama(
                    hidden_size=8192,
                    intermediate_size=28672,
                    num_hidden_layers=80,
                    num_attention_heads=64,
                    num_key_value_heads=8,
                ),
            ),
        ],
    ),
    "mixtral": (
        "Mixtral",
        lambda: [
            row("Mixtral-8x7B", models.mixtral()),
            row(
                "Mixtral-8x22B",
                models.mixtral(
                    vocab_size=32768,
                    hidden_size=6144,
                    intermediate_size=16384,
                    num_hidden_layers=56,
                    num_attention_heads=48,
                    num_key_value_heads=8,
                ),
            ),
        ],
    ),
    "dense": (
        "Dense decoders",
        lambda: _checkpoints("Qwen3-8B", "Gemma-2-9B", "Phi-3-mini-4k", "OLMo-2-7B"),
    ),
    "gpt": (
        "GPT-style decoders",
        lambda: _checkpoints("pythia-160m", "phi-2", "gpt-j-6b", "falcon-7b", "bloom-7b1"),
    ),
    "moe": (
        "Mixtures of experts",
        lambda: _checkpoints(
            "Mixtral-8x7B-v0.1", "Qwen3-30B-A3B", "gpt-oss-20b", "OLMoE-1B-7B", "DeepSeek-V3"
        ),
    ),
    "encoder": (
        "Encoders",
        lambda: _checkpoints(
            "bert-base-uncased",
            "roberta-base",
            "distilbert-base-uncased",
            "albert-base-v2",
            "deberta-v3-base",
            "ModernBERT-base",
        ),
    ),
    "vision": (
        "Vision transformers",
        lambda: _checkpoints(
            "vit-base-patch16-224", "vit-large-patch16-224", "dinov2-small", "dinov2-giant"
        ),
    ),
    "towers": (
        "CLIP and SigLIP",
        lambda: _checkpoints(
            "clip-vit-base-patch32",
            "clip-vit-large-patch14",
            "siglip-base-patch16-224",
            "siglip-so400m-patch14-384",
        ),
    ),
    "hierarchical": (
        "Swin and ConvNeXt",
        lambda: _checkpoints(
            "swin-tiny-patch4-window7-224",
            "swin-base-patch4-window7-224",
            "convnext-tiny-224",
            "convnext-base-224",
        ),
    ),
    "ssm": (
        "Mamba, Mamba-2, Jamba",
        lambda: [
            row(name, models.from_config(models.CHECKPOINTS[name]))
            for name in ("mamba-130m", "mamba-2.8b", "Mamba-Codestral-7B", "Jamba-v0.1")
        ],
    ),
    "seq2seq": (
        "Encoder-decoders",
        lambda: _checkpoints(
            "t5-base", "flan-t5-base", "bart-large", "mbart-large-50", "whisper-large-v3"
        ),
    ),
}


def _checkpoints(*names: str) -> list[ModelRow]:
    """Rows of ``paramref.models.CHECKPOINTS``, by name."""
    return [row(name, models.from_config(models.CHECKPOINTS[name])) for name in names]


#: A colour class per part of ``spec.breakdown``.
PART_COLOURS = {
    "embeddings": "pr-c1",
    "attention": "pr-c2",
    "mlp": "pr-c3",
    "experts": "pr-c5",
    "mixer": "pr-c8",
    "projection": "pr-c5",
    "norms": "pr-c4",
    "head": "pr-c6",
    "pooler": "pr-c7",
    "conv": "pr-c8",  # apart from "mlp": Swin and ConvNeXt show both
    "fc": "pr-c6",
    "patches": "pr-c8",
    "positions": "pr-c5",
    "tokens": "pr-c9",
}


def family_rows(name: str) -> tuple[str, list[ModelRow]]:
    if name not in FAMILIES:
        raise PluginError(f"figure: no family {name!r}; FAMILIES has {sorted(FAMILIES)}")
    title, build = FAMILIES[name]
    return title, build()


def part_name(lang: str, part: str) -> str:
    return WORDS[lang].get(part, part)


def model_parts_figure(title: str, rows: Sequence[ModelRow], lang: str) -> Figure:
    """One bar per model, split into the parts of ``spec.breakdown`` (shares of the total)."""
    canvas = Canvas(440.0)
    parts = list(dict.fromkeys(p for r in rows for p, n in r.spec.breakdown.items() if n))
    # The legend, wrapped.
    x, y = 0.0, 14.0
    for part in parts:
        label = part_name(lang, part)
        need = 18 + text_width(label, SMALL) + 16
        if x + need > canvas.width:
            x, y = 0.0, y + LINE
        canvas.rect(x, y - 9, 12, 10, f"pr-swatch {PART_COLOURS.get(part, 'pr-c7')}")
        canvas.text(x + 17, y, label, size=SMALL)
        x += need
    y += 16
    bar_h = 22.0
    descs: list[str] = []
    for r in rows:
        breakdown = r.spec.breakdown
        total = r.spec.params
        y += FONT + 4
        canvas.text(0, y, r.label, mono=True, cls="pr-heading")
        canvas.text(
            canvas.width, y, words(lang, "parameters", n=number(total)), anchor="end", size=SMALL
        )
        y += 6
        x = 0.0
        pieces: list[str] = []
        for part in parts:
            count = breakdown.get(part, 0)
            if not count:
                continue
            share = Fraction(count, total)
            w = float(share) * canvas.width
            colour = PART_COLOURS.get(part, "pr-c7")
            tip = f"{part_name(lang, part)}: {number(count)} ({percent(share)})"
            canvas.rect(x, y, w, bar_h, f"pr-part {colour}", tip=tip)
            label = percent(share, 0)
            if w >= text_width(label, SMALL) + 6:
                canvas.text(
                    x + w / 2,
                    y + bar_h / 2 + 4,
                    label,
                    anchor="middle",
                    size=SMALL,
                    cls=f"pr-part-text {colour}",
                )
            pieces.append(
                words(
                    lang,
                    "part_desc",
                    part=part_name(lang, part),
                    n=number(count),
                    share=percent(share),
                )
            )
            x += w
        y += bar_h
        desc = words(
            lang,
            "model_desc",
            label=r.label,
            total=number(total),
            parts=WORDS[lang]["list_sep"].join(pieces),
        )
        if r.active is not None:
            share = Fraction(r.active, total)
            ax = float(share) * canvas.width
            canvas.line(ax, y - bar_h - 4, ax, y + 4, "pr-active")
            text = words(lang, "active", n=number(r.active), share=percent(share))
            anchor = "start" if ax < canvas.width / 2 else "end"
            canvas.text(
                ax + (4 if anchor == "start" else -4), y + 16, text, anchor=anchor, size=SMALL
            )
            y += 18
            desc += WORDS[lang]["sentence_sep"] + text
        descs.append(desc)
        y += 10
    canvas.height = y + 4
    has_active = any(r.active is not None for r in rows)
    sep = "." if lang == "en" else "。"
    return Figure(
        canvas,
        title=words(lang, "parts_title", family=title),
        desc=(sep + " ").join(descs) + sep if lang == "en" else sep.join(descs) + sep,
        caption=words(lang, "parts_caption_active" if has_active else "parts_caption"),
    )


def depth_and_width(spec: ModelSpec) -> tuple[int, int]:
    """``L`` and ``d`` of a transformer, from its config keys."""
    sizes = {s.name: v for s, v in spec.arguments.items()}
    for depth, width in (("n_layer", "n_embd"), ("num_hidden_layers", "hidden_size")):
        if depth in sizes and width in sizes:
            return sizes[depth], sizes[width]
    raise PluginError(f"figure kaplan(): {spec!r} has no layer count and width")


def kaplan_figure(rows: Sequence[ModelRow], lang: str) -> Figure:
    """``12·L·d²`` as a share of the exact non-embedding count, one dot per model."""
    shares: list[tuple[ModelRow, int, int, Fraction]] = []
    for r in rows:
        depth, width = depth_and_width(r.spec)
        approx = 12 * depth * width**2
        exact = r.spec.num_parameters(exclude_embeddings=True)
        shares.append((r, approx, exact, Fraction(approx, exact)))
    low = min(float(s) for *_, s in shares) * 100
    high = max(float(s) for *_, s in shares) * 100
    x0 = 2 * math.floor(min(low, 100) / 2 - 0.5)
    x1 = max(100, 2 * math.ceil(high / 2))
    canvas = Canvas(440.0)
    label_w = max(text_width(r.label, SMALL, mono=True) for r in rows) + 10
    row_h = 24.0
    axes = Axes(label_w, 26, 440 - label_w - 62, row_h * len(rows), x0, x1, 0, len(rows))
    for value in range(x0, x1 + 1, 2 if x1 - x0 <= 12 else 5):
        px = axes.x(value)
        canvas.line(px, axes.top, px, axes.top + axes.height, "pr-grid")
        canvas.text(
            px,
            axes.top + axes.height + 14,
            f"{value} %",
            anchor="middle",
            size=SMALL,
            cls="pr-muted",
        )
    canvas.line(axes.x(100), axes.top - 6, axes.x(100), axes.top + axes.height, "pr-target")
    canvas.text(axes.x(100), axes.top - 10, words(lang, "exact"), anchor="middle", size=SMALL)
    descs: list[str] = []
    for k, (r, approx, exact, share) in enumerate(shares):
        cy = axes.top + (k + 0.5) * row_h
        canvas.text(0, cy + 4, r.label, size=SMALL, mono=True)
        canvas.line(axes.x(x0), cy, axes.x(float(share) * 100), cy, "pr-stem")
        text = words(
            lang,
            "kaplan_desc",
            label=r.label,
            approx=number(approx),
            exact=number(exact),
            share=percent(share, 2),
        )
        canvas.circle(axes.x(float(share) * 100), cy, 5, "pr-dot pr-c2", tip=text)
        canvas.text(canvas.width, cy + 4, percent(share, 2), anchor="end", size=SMALL)
        descs.append(text)
    canvas.height = axes.top + axes.height + 24
    sep = WORDS[lang]["sentence_sep"]
    return Figure(
        canvas,
        title=words(lang, "kaplan_title"),
        desc=sep.join(descs) + ("." if lang == "en" else "。"),
        caption=words(lang, "kaplan_caption"),
    )


# --------------------------------------------------------------------------
# Markers: parsing, checking the stated counts, drawing.

NAMESPACES: dict[str, Any] = {"nn": paramref.nn, "layers": paramref.layers, "models": models}


class MarkerError(PluginError):
    pass


def evaluate(node: ast.expr, source: str) -> object:
    """A literal, a tuple of them, or a construction ``nn.X(...)``, ``models.x(...)``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | str | Fraction):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = evaluate(node.operand, source)
        if isinstance(value, int):
            return -value
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(evaluate(item, source) for item in node.elts)
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in NAMESPACES
    ):
        module = NAMESPACES[node.func.value.id]
        name = node.func.attr
        if name.startswith("_") or name not in module.__all__:
            raise MarkerError(f"{node.func.value.id}.{name} is not public")
        args = [evaluate(a, source) for a in node.args]
        kwargs = {k.arg: evaluate(k.value, source) for k in node.keywords if k.arg}
        try:
            return getattr(module, name)(*args, **kwargs)
        except (TypeError, ValueError) as error:
            raise MarkerError(f"{ast.get_source_segment(source, node)} failed: {error}") from None
    raise MarkerError(f"cannot read {ast.get_source_segment(source, node)!r}")


@dataclass(frozen=True)
class Marker:
    name: str
    args: list[object]
    kwargs: dict[str, object]
    sources: list[str]  # each positional argument as written


def parse(call: str) -> Marker:
    try:
        tree = ast.parse(call.strip(), mode="eval")
    except SyntaxError as error:
        raise MarkerError(f"not a call: {error.msg}") from None
    node = tree.body
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise MarkerError("write it as name(arguments)")
    if node.func.id not in FIGURES:
        raise MarkerError(f"no figure {node.func.id!r}; there are {sorted(FIGURES)}")
    source = call.strip()
    args = [evaluate(a, source) for a in node.args]
    kwargs: dict[str, object] = {}
    for keyword in node.keywords:
        if keyword.arg is None:
            raise MarkerError("no ** arguments")
        kwargs[keyword.arg] = evaluate(keyword.value, source)
    sources = [ast.get_source_segment(source, a) or "" for a in node.args]
    return Marker(node.func.id, args, kwargs, sources)


def as_ints(value: object, name: str, count: int | None = None) -> tuple[int, ...]:
    """An int or a tuple of ints, as a tuple (of ``count`` items when given)."""
    items = value if isinstance(value, tuple) else (value,)
    if not all(type(v) is int for v in items) or (count is not None and len(items) != count):
        want = f"{count} whole numbers" if count else "whole numbers"
        raise MarkerError(f"{name}= must be {want}, got {value!r}")
    return tuple(items)


def required(marker: Marker, *names: str) -> list[object]:
    unknown = set(marker.kwargs) - set(names)
    if unknown:
        raise MarkerError(f"unknown argument(s) {sorted(unknown)}; it takes {list(names)}")
    missing = [n for n in names if n not in marker.kwargs]
    if missing:
        raise MarkerError(f"state {', '.join(f'{n}=' for n in missing)} as the page does")
    return [marker.kwargs[n] for n in names]


def stated(name: str, page: Sequence[int], package: Sequence[int]) -> None:
    """Fail when the page's numbers and the package's differ."""
    if tuple(page) != tuple(package):
        shown = ", ".join(number(n) for n in package)
        raise MarkerError(
            f"the page states {name}={tuple(page) if len(page) > 1 else page[0]}, "
            f"the package computes {shown}"
        )


def ints(marker: Marker, count: int) -> list[int]:
    if len(marker.args) != count or not all(type(a) is int for a in marker.args):
        raise MarkerError(f"{marker.name}() takes {count} whole numbers, got {marker.args!r}")
    return [int(a) for a in marker.args]  # type: ignore[call-overload]


def draw_tensors(marker: Marker, lang: str) -> Figure:
    (params,) = required(marker, "params")
    specs = marker.args
    if not specs or not all(isinstance(s, Spec) for s in specs):
        raise MarkerError("tensors() takes specs: nn.X(...) or layers.X(...)")
    counts = as_ints(params, "params", len(specs))
    stated("params", counts, [s.params for s in specs])  # type: ignore[attr-defined]
    return tensors_figure(list(zip(specs, marker.sources, strict=True)), counts, lang)  # type: ignore[arg-type]


def draw_mlp(marker: Marker, lang: str) -> Figure:
    (params,) = required(marker, "params")
    net = paramref.MLP(*ints(marker, 4))
    stated("params", as_ints(params, "params", 1), [net.params])
    return mlp_figure(net, lang)


def draw_width_match(marker: Marker, lang: str) -> Figure:
    dest, widths = required(marker, "dest_hidden_layers", "hidden_dim_match")
    input_dim, output_dim, hidden_layers, hidden_dim = ints(marker, 4)
    depths = as_ints(dest, "dest_hidden_layers")
    matches = [
        (depth, paramref.match_hidden_dim(input_dim, output_dim, hidden_layers, hidden_dim, depth))
        for depth in depths
    ]
    stated(
        "hidden_dim_match",
        as_ints(widths, "hidden_dim_match", len(depths)),
        [m.hidden_dim for _, m in matches],
    )
    return width_match_figure(input_dim, output_dim, hidden_layers, hidden_dim, matches, lang)


def draw_two_hidden(marker: Marker, lang: str) -> Figure:
    ratio, source, best, delta = required(marker, "ratio", "source", "best", "delta")
    input_dim, target = ints(marker, 2)
    lo, hi = as_ints(ratio, "ratio", 2)
    fit = paramref.solve_two_hidden(input_dim, target, ratio=(lo, hi), output_dim=1)
    pair = as_ints(source, "source", 2)
    stated("best", as_ints(best, "best", 2), (fit.h1, fit.h2))
    source_delta = two_hidden_total(input_dim, pair[0], pair[1], 1) - target
    stated("delta", as_ints(delta, "delta", 2), (source_delta, fit.delta))
    return two_hidden_figure(input_dim, 1, fit, (pair[0], pair[1]), lang)


def model_rows(marker: Marker) -> tuple[str, list[ModelRow]]:
    """The bars a marker asks for: families of ``FAMILIES`` by name, or ``models.*`` calls."""
    if not marker.args:
        raise MarkerError(f"{marker.name}() takes family names {sorted(FAMILIES)} or models.*()")
    titles: list[str] = []
    rows: list[ModelRow] = []
    for arg, source in zip(marker.args, marker.sources, strict=True):
        if isinstance(arg, str):
            title, family = family_rows(arg)
            titles.append(title)
            rows += family
        elif isinstance(arg, ModelSpec):
            titles.append(source)
            rows.append(row(source, arg))
        else:
            raise MarkerError(f"{source} is neither a family name nor a models.*() call")
    return ", ".join(titles), rows


def draw_model_parts(marker: Marker, lang: str) -> Figure:
    (params,) = required(marker, "params")
    title, rows = model_rows(marker)
    stated("params", as_ints(params, "params", len(rows)), [r.spec.params for r in rows])
    return model_parts_figure(title, rows, lang)


def draw_kaplan(marker: Marker, lang: str) -> Figure:
    (non_embedding,) = required(marker, "non_embedding")
    _, rows = model_rows(marker)
    stated(
        "non_embedding",
        as_ints(non_embedding, "non_embedding", len(rows)),
        [r.spec.num_parameters(exclude_embeddings=True) for r in rows],
    )
    return kaplan_figure(rows, lang)


FIGURES: dict[str, Callable[[Marker, str], Figure]] = {
    "tensors": draw_tensors,
    "mlp": draw_mlp,
    "width_match": draw_width_match,
    "two_hidden": draw_two_hidden,
    "model_parts": draw_model_parts,
    "kaplan": draw_kaplan,
}


def language(page: Any) -> str:
    """``zh`` for ``X.zh.md`` (mkdocs-static-i18n's suffix layout), else ``en``."""
    source = str(getattr(page.file, "src_uri", ""))
    return "zh" if source.endswith(".zh.md") else "en"


def figure_html(call: str, lang: str, figure_id: str) -> str:
    key = (call, lang)
    if key not in _cache:
        _cache[key] = FIGURES[parse(call).name](parse(call), lang)
    return render(_cache[key], figure_id, lang)


def figures_in(content: str, lang: str, where: str) -> str:
    """Replace every marker in ``content`` by its figure; fail naming the page and marker."""
    counter = itertools.count(1)

    def replace(match: re.Match[str]) -> str:
        call = html.unescape(match.group("call"))
        try:
            return figure_html(call, lang, f"figure-{next(counter)}")
        except PluginError as error:
            raise PluginError(f"{where}: figure: {call}: {error}") from None

    return MARKER.sub(replace, content)


def on_page_content(html_text: str, page: Any, **kwargs: Any) -> str:
    if "<!-- figure:" not in html_text:
        return html_text
    return figures_in(html_text, language(page), str(page.file.src_uri))


def markers(text: str) -> Iterator[str]:
    """The calls of the markers in a page's Markdown."""
    for match in MARKER.finditer(text):
        yield match.group("call")
