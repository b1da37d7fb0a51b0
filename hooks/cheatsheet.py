"""MkDocs hook: fill the cheat sheet with every closed form, computed from the package.

``docs/cheat-sheet.md`` holds the marker ``<!-- paramref:cheat-sheet -->``. When the
site is built, this hook replaces it with one entry per public spec class of
``paramref.nn`` and ``paramref.layers`` (and the MLP formulas): the class, its
framework, an example construction with its count, and ``sympy.latex`` of the
spec's ``formula``; then the whole models of ``paramref.models``. The formulas
come from the package at build time, so the page cannot drift from the code.

Each class needs an example construction in ``EXAMPLES`` below, together with the
page that derives it; ``tests/test_site.py`` fails while a public spec has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy
from mkdocs.exceptions import PluginError

import paramref
from paramref import Spec, models

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKER = "<!-- paramref:cheat-sheet -->"
MODULES = {"nn": ("PyTorch", paramref.nn), "layers": ("Keras", paramref.layers)}


#: The page that derives each family, by the module that defines its specs.
MODULE_PAGES = {
    "paramref.nn": "dense-mlp.md",
    "paramref.layers": "dense-mlp.md",
    "paramref._linear": "dense-mlp.md",
    "paramref._container": "dense-mlp.md",
    "paramref._conv": "convolution.md",
    "paramref._rnn": "recurrent.md",
    "paramref._embedding": "embedding.md",
    "paramref._norm": "normalization.md",
    "paramref._attention": "attention.md",
    "paramref._transformer": "transformer.md",
    "paramref._parameter_free": "parameter-free.md",
    "paramref._keras_model": "keras-models.md",
}


Arguments = tuple[tuple[object, ...], dict[str, object]]


@dataclass(frozen=True)
class Example:
    """A construction that shows a class's formula.

    ``factory``, when given, makes the arguments at build time (they include other
    specs, as in ``Bidirectional(LSTM(64, ...))``), and ``code`` is how they are
    written on the page. ``page`` overrides the family's page from ``MODULE_PAGES``.
    """

    args: tuple[object, ...] = ()
    kwargs: Mapping[str, object] = field(default_factory=dict)
    code: str | None = None
    page: str | None = None
    factory: Callable[[], Arguments] | None = None

    def arguments(self) -> Arguments:
        if self.factory is not None:
            return self.factory()
        return self.args, dict(self.kwargs)

    def call(self) -> str:
        """The arguments as they would be written in Python: ``256, 128, bias=False``."""
        if self.code is not None:
            return self.code
        words = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return ", ".join(words)


def example(*args: object, **kwargs: object) -> Example:
    return Example(args, kwargs)


def nested(code: str, factory: Callable[[], Arguments]) -> Example:
    """An example whose arguments include specs; ``code`` shows them as written."""
    return Example(code=code, factory=factory)


_nn = paramref.nn
_layers = paramref.layers

#: One or more example constructions for every public spec, keyed ``"nn.X"`` or
#: ``"layers.X"``. A construction should show the general formula (biases on,
#: learned affine parameters on); add a second one where an option changes it.
#: Numbers from the source documents are used where there are some.
EXAMPLES: dict[str, tuple[Example, ...]] = {
    # Linear family
    "nn.Linear": (example(256, 128),),
    "nn.Bilinear": (example(20, 30, 40),),
    "nn.Identity": (example(),),
    "nn.Sequential": (
        nested(
            "nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 8)",
            lambda: ((_nn.Linear(8, 16), _nn.ReLU(), _nn.Linear(16, 8)), {}),
        ),
    ),
    "nn.ModuleList": (
        nested(
            "[nn.Linear(8, 16), nn.Linear(16, 8)]",
            lambda: (([_nn.Linear(8, 16), _nn.Linear(16, 8)],), {}),
        ),
    ),
    "nn.ModuleDict": (
        nested(
            '{"encoder": nn.Linear(16, 8), "decoder": nn.Linear(8, 16)}',
            lambda: (({"encoder": _nn.Linear(16, 8), "decoder": _nn.Linear(8, 16)},), {}),
        ),
    ),
    "nn.AdaptiveLogSoftmaxWithLoss": (example(1024, 100000, [2000, 10000]),),
    "layers.Dense": (example(128, input_shape=(256,)),),
    "layers.Sequential": (
        Example(
            code="[layers.Input(shape=(10,)), layers.Embedding(1000, 64), layers.SimpleRNN(32)]",
            factory=lambda: (
                (
                    [
                        _layers.Input(shape=(10,)),
                        _layers.Embedding(1000, 64),
                        _layers.SimpleRNN(32),
                    ],
                ),
                {},
            ),
        ),
    ),
    "layers.EinsumDense": (
        example("ab,bc->ac", output_shape=64, bias_axes="c", input_shape=(32,)),
    ),
    "layers.Identity": (example(),),
    # Convolution
    "nn.Conv1d": (example(128, 32, 7),),
    "nn.Conv2d": (example(3, 64, 3),),
    "nn.Conv3d": (example(3, 16, 3),),
    "nn.ConvTranspose1d": (example(32, 16, 3),),
    "nn.ConvTranspose2d": (example(64, 3, 3),),
    "nn.ConvTranspose3d": (example(16, 8, 3),),
    "layers.Conv1D": (example(32, 7, input_shape=(500, 128)),),
    "layers.Conv2D": (example(64, 3, input_shape=(32, 32, 3)),),
    "layers.Conv3D": (example(16, 3, input_shape=(8, 8, 8, 3)),),
    "layers.Conv1DTranspose": (example(16, 3, input_shape=(10, 32)),),
    "layers.Conv2DTranspose": (example(3, 3, input_shape=(16, 16, 64)),),
    "layers.Conv3DTranspose": (example(8, 3, input_shape=(8, 8, 8, 16)),),
    "layers.DepthwiseConv1D": (example(3, input_shape=(10, 32)),),
    "layers.DepthwiseConv2D": (example(3, input_shape=(32, 32, 16)),),
    "layers.SeparableConv1D": (example(32, 3, input_shape=(10, 16)),),
    "layers.SeparableConv2D": (example(32, 3, input_shape=(32, 32, 16)),),
    # Recurrent
    "nn.RNN": (example(64, 32),),
    "nn.LSTM": (example(4096, 256),),
    "nn.GRU": (example(64, 32),),
    "nn.RNNCell": (example(64, 32),),
    "nn.LSTMCell": (example(64, 32),),
    "nn.GRUCell": (example(64, 32),),
    "layers.SimpleRNN": (example(32, input_shape=(None, 64)),),
    "layers.LSTM": (example(256, input_shape=(16, 4096)),),
    "layers.GRU": (example(32, input_shape=(10, 64)),),
    "layers.SimpleRNNCell": (example(32, input_shape=(64,)),),
    "layers.LSTMCell": (example(32, input_shape=(64,)),),
    "layers.GRUCell": (example(32, input_shape=(64,)),),
    "layers.Bidirectional": (
        nested(
            "layers.LSTM(64, input_shape=(10, 32))",
            lambda: ((_layers.LSTM(64, input_shape=(10, 32)),), {}),
        ),
    ),
    "layers.ConvLSTM1D": (example(16, 3, input_shape=(10, 32, 3)),),
    "layers.ConvLSTM2D": (example(16, 3, input_shape=(10, 32, 32, 3)),),
    "layers.ConvLSTM3D": (example(8, 3, input_shape=(10, 8, 8, 8, 3)),),
    "layers.TimeDistributed": (
        nested(
            "layers.Dense(8), input_shape=(10, 16)",
            lambda: ((_layers.Dense(8),), {"input_shape": (10, 16)}),
        ),
    ),
    # Embedding
    "nn.Embedding": (example(10000, 64),),
    "nn.EmbeddingBag": (example(10000, 64),),
    "layers.Embedding": (example(10000, 64),),
    # Normalization
    "nn.BatchNorm1d": (example(64),),
    "nn.BatchNorm2d": (example(64),),
    "nn.BatchNorm3d": (example(64),),
    "nn.SyncBatchNorm": (example(64),),
    "nn.GroupNorm": (example(8, 64),),
    "nn.InstanceNorm1d": (example(64, affine=True),),
    "nn.InstanceNorm2d": (example(64, affine=True),),
    "nn.InstanceNorm3d": (example(64, affine=True),),
    "nn.LayerNorm": (example(512),),
    "nn.RMSNorm": (example(512),),
    "nn.LocalResponseNorm": (example(5),),
    "layers.BatchNormalization": (example(input_shape=(64,)),),
    "layers.GroupNormalization": (example(groups=8, input_shape=(32, 64)),),
    "layers.LayerNormalization": (example(input_shape=(512,)),),
    "layers.RMSNormalization": (example(input_shape=(512,)),),
    "layers.UnitNormalization": (example(input_shape=(64,)),),
    "layers.Normalization": (example(input_shape=(10, 64)),),
    "layers.SpectralNormalization": (
        nested(
            "layers.Dense(64), input_shape=(128,)",
            lambda: ((_layers.Dense(64),), {"input_shape": (128,)}),
        ),
    ),
    # Attention and transformers
    "nn.MultiheadAttention": (example(512, 8),),
    "layers.MultiHeadAttention": (example(8, 64, input_shape=(10, 512)),),
    "layers.GroupQueryAttention": (example(64, 8, 2, input_shape=(10, 512)),),
    "layers.Attention": (example(use_scale=True, score_mode="concat"),),
    "layers.AdditiveAttention": (example(input_shape=(10, 64)),),
    "nn.TransformerEncoderLayer": (example(512, 8),),
    "nn.TransformerDecoderLayer": (example(512, 8),),
    "nn.TransformerEncoder": (
        nested(
            "nn.TransformerEncoderLayer(512, 8), num_layers=6",
            lambda: ((_nn.TransformerEncoderLayer(512, 8),), {"num_layers": 6}),
        ),
    ),
    "nn.TransformerDecoder": (
        nested(
            "nn.TransformerDecoderLayer(512, 8), num_layers=6",
            lambda: ((_nn.TransformerDecoderLayer(512, 8),), {"num_layers": 6}),
        ),
    ),
    "nn.Transformer": (example(),),
    # Activations with parameters
    "nn.PReLU": (example(),),
    "layers.PReLU": (example(input_shape=(10, 64)),),
    # No parameters
    **{
        f"nn.{name}": (example(*args),)
        for name, args in {
            "CELU": (),
            "ELU": (),
            "GELU": (),
            "SELU": (),
            "Hardswish": (),
            "Hardtanh": (),
            "LeakyReLU": (),
            "LogSoftmax": (),
            "Mish": (),
            "ReLU": (),
            "ReLU6": (),
            "SiLU": (),
            "Sigmoid": (),
            "Softmax": (),
            "Softplus": (),
            "Tanh": (),
            "Dropout": (),
            "Dropout1d": (),
            "Dropout2d": (),
            "Dropout3d": (),
            "AlphaDropout": (),
            "FeatureAlphaDropout": (),
            "Flatten": (),
            "Unflatten": (1, (2, 3)),
            "AdaptiveAvgPool1d": (1,),
            "AdaptiveAvgPool2d": (1,),
            "AdaptiveAvgPool3d": (1,),
            "AdaptiveMaxPool1d": (1,),
            "AdaptiveMaxPool2d": (1,),
            "AdaptiveMaxPool3d": (1,),
            "AvgPool1d": (2,),
            "AvgPool2d": (2,),
            "AvgPool3d": (2,),
            "MaxPool1d": (2,),
            "MaxPool2d": (2,),
            "MaxPool3d": (2,),
            "ConstantPad1d": (1, 0.0),
            "ConstantPad2d": (1, 0.0),
            "ConstantPad3d": (1, 0.0),
            "ZeroPad1d": (1,),
            "ZeroPad2d": (1,),
            "ZeroPad3d": (1,),
            "PixelShuffle": (2,),
            "PixelUnshuffle": (2,),
        }.items()
    },
    "nn.Upsample": (example(scale_factor=2),),
    **{
        f"layers.{name}": (example(*args),)
        for name, args in {
            "Activation": ("relu",),
            "ELU": (),
            "LeakyReLU": (),
            "ReLU": (),
            "Softmax": (),
            "Dropout": (0.5,),
            "AlphaDropout": (0.1,),
            "GaussianDropout": (0.1,),
            "GaussianNoise": (0.1,),
            "SpatialDropout1D": (0.1,),
            "SpatialDropout2D": (0.1,),
            "SpatialDropout3D": (0.1,),
            "Flatten": (),
            "Permute": ((2, 1),),
            "RepeatVector": (3,),
            "Reshape": ((4, 4),),
            "AveragePooling1D": (2,),
            "AveragePooling2D": (2,),
            "AveragePooling3D": (2,),
            "MaxPooling1D": (),
            "MaxPooling2D": (),
            "MaxPooling3D": (),
            "GlobalAveragePooling1D": (),
            "GlobalAveragePooling2D": (),
            "GlobalAveragePooling3D": (),
            "GlobalMaxPooling1D": (),
            "GlobalMaxPooling2D": (),
            "GlobalMaxPooling3D": (),
            "Cropping1D": (),
            "Cropping2D": (),
            "Cropping3D": (),
            "UpSampling1D": (),
            "UpSampling2D": (),
            "UpSampling3D": (),
            "ZeroPadding1D": (),
            "ZeroPadding2D": (),
            "ZeroPadding3D": (),
            "InputLayer": ((10,),),
        }.items()
    },
}


def page_of(key: str, construction: Example) -> str:
    """The page that derives the class's formula."""
    if construction.page is not None:
        return construction.page
    module = public_specs()[key].__module__
    return MODULE_PAGES.get(module, "cheat-sheet.md")


def public_specs() -> dict[str, type[Spec]]:
    """``"nn.X"`` / ``"layers.X"`` -> class, for every public spec class."""
    found: dict[str, type[Spec]] = {}
    for prefix, (_, module) in MODULES.items():
        for name in module.__all__:
            item = getattr(module, name)
            if isinstance(item, type) and issubclass(item, Spec):
                found[f"{prefix}.{name}"] = item
    return found


def missing_examples() -> list[str]:
    """Public specs with no entry in ``EXAMPLES``."""
    return [key for key in public_specs() if not EXAMPLES.get(key)]


def stale_examples() -> list[str]:
    """Entries in ``EXAMPLES`` that name no public spec."""
    return [key for key in EXAMPLES if key not in public_specs()]


def tex_symbol(name: str) -> str:
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


def tex(expr: sympy.Expr) -> str:
    """``sympy.latex`` with every symbol written out as its argument name."""
    names = {s: tex_symbol(s.name) for s in expr.free_symbols}
    return str(sympy.latex(expr, symbol_names=names, mul_symbol="dot"))


def page_title(page: str) -> str:
    path = DOCS / page
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return page.removesuffix(".md")


def formula_block(
    formula: sympy.Expr, grouped: sympy.Expr | None = None, label: str = "Factored:"
) -> str:
    """The formula as the package gives it, then factored (or ``grouped``) if that differs."""
    lines = ["$$", f"P = {tex(formula)}", "$$", ""]
    if grouped is None:
        factored = sympy.factor(formula)
        grouped = factored if isinstance(factored, sympy.Mul) else None
    if grouped is not None and grouped != formula:
        lines += [label, "", "$$", f"P = {tex(grouped)}", "$$", ""]
    return "\n".join(lines)


def parameters(count: int) -> str:
    """``1 parameter``, ``2,048 parameters``."""
    return f"{count:,} parameter" + ("" if count == 1 else "s")


#: What a reader needs besides the symbols, for the entries whose formula needs it.
NOTES = {
    "layers.Sequential": (
        "Each layer's symbols carry its position in `model.layers` (the input layer "
        "is not one): `input_dim_0` and `output_dim_0` are the embedding's, "
        "`input_dim_1` and `units_1` the SimpleRNN's, whose `input_dim_1` is the "
        "embedding's `output_dim_0`, passed on by the model. See "
        "[Keras models](keras-models.md)."
    ),
    "nn.AdaptiveLogSoftmaxWithLoss": (
        "One term per cluster: cluster $i$ projects to "
        "$\\lfloor \\mathrm{in\\_features} / 4^{i+1} \\rfloor$ features "
        "(`div_value` = 4, the default), then scores the classes between its two cutoffs."
    ),
    "layers.MultiHeadAttention": (
        "The formula holds when the key and the value have the query's features "
        "(`value_shape` and `key_shape` unset, or ending in the same size as "
        "`input_shape`); otherwise the key and value projections read their own "
        "sizes, as the attention page shows."
    ),
    "layers.PReLU": (
        "`axis_1`, `axis_2`, ... are the axes of `input_shape` (the batch left out): "
        "one slope per input entry, unless `shared_axes` shares them."
    ),
}


def construct(key: str, construction: Example) -> Spec:
    """Build the example; a failure fails the site's build, naming the call."""
    cls = public_specs()[key]
    call = f"paramref.{key}({construction.call()})"
    try:
        args, kwargs = construction.arguments()
        spec = cls(*args, **kwargs)
        formula = spec.formula
        params = spec.params
    except Exception as error:
        raise PluginError(f"cheat sheet: {call} failed: {error!r}") from None
    if formula.subs(spec.arguments) != params:
        raise PluginError(f"cheat sheet: the formula of {call} does not give {params}")
    return spec


def spec_entry(key: str, construction: Example, spec: Spec) -> str:
    framework = MODULES[key.split(".")[0]][0]
    call = f"paramref.{key}({construction.call()})"
    values = ", ".join(f"`{s.name}` = {v}" for s, v in spec.arguments.items())
    counted = parameters(spec.params)
    if spec.non_trainable_params:
        counted += f", {spec.non_trainable_params:,} of them non-trainable"
    lines = [f"{framework}: `{call}` has {counted} ({values}).", ""]
    if key in NOTES:
        lines += [NOTES[key], ""]
    return "\n".join([*lines, formula_block(spec.formula)])


def mlp_entries() -> Iterator[str]:
    net = paramref.MLP(8, 16, 2, 8)
    yield "### `paramref.MLP`"
    yield ""
    yield (
        f"`paramref.MLP(8, 16, 2, 8)` has {net.params:,} parameters: "
        "`hidden_layers` equal hidden layers of width `hidden_dim`, every layer with its bias."
    )
    yield ""
    yield formula_block(
        paramref.MLP_FORMULA,
        sympy.collect(paramref.MLP_FORMULA, sympy.Symbol("hidden_dim")),
        "Collected in `hidden_dim`:",
    )
    yield "### `paramref.TWO_HIDDEN_FORMULA`"
    yield ""
    yield (
        "Two hidden layers of widths `h1` and `h2` between `input_dim` inputs and "
        "`output_dim` outputs, every bias counted (`paramref.solve_two_hidden`)."
    )
    yield ""
    yield formula_block(paramref.TWO_HIDDEN_FORMULA)


#: The transformers of ``paramref.models``: call as written, the class it counts, the spec.
TRANSFORMER_MODELS: tuple[tuple[str, str, Callable[[], models.ModelSpec]], ...] = (
    ("gpt2()", "GPT2LMHeadModel", models.gpt2),
    ("bert()", "BertModel", models.bert),
    (
        "llama(num_key_value_heads=32)",
        "LlamaForCausalLM",
        lambda: models.llama(num_key_value_heads=32),
    ),
    ("mistral()", "MistralForCausalLM", models.mistral),
    ("qwen2()", "Qwen2ForCausalLM", models.qwen2),
)
#: The CNNs of ``paramref.models``, as called.
CNN_MODELS: tuple[tuple[str, Callable[[], models.ModelSpec]], ...] = (
    *((f"resnet({d})", lambda d=d: models.resnet(d)) for d in (18, 34, 50, 101, 152)),
    *((f"vgg({d})", lambda d=d: models.vgg(d)) for d in (11, 13, 16, 19)),
    *(
        (f"vgg({d}, batch_norm=True)", lambda d=d: models.vgg(d, batch_norm=True))
        for d in (11, 13, 16, 19)
    ),
    ("alexnet()", models.alexnet),
    ("mobilenet_v2()", models.mobilenet_v2),
)


def checked_model(call: str, build: Callable[[], models.ModelSpec]) -> models.ModelSpec:
    """Build a model spec; a failure, or a formula that misses the count, fails the build."""
    try:
        spec = build()
        formula, params = spec.formula, spec.params
    except Exception as error:
        raise PluginError(f"cheat sheet: paramref.models.{call} failed: {error!r}") from None
    if formula.subs(spec.arguments) != params:
        raise PluginError(f"cheat sheet: the formula of models.{call} does not give {params}")
    return spec


def model_entries() -> Iterator[str]:
    """Whole models: each transformer's formula in its config keys, each CNN's in its classes."""
    yield (
        "Each transformer's formula is in its `config.json` keys, for the configuration "
        "shown (the `transformers` defaults); a head tied to the token embedding, "
        "`n_inner` or `head_dim` set, or biases switched on change it, as the models "
        "page explains. The layer count stays a symbol."
    )
    yield ""
    for call, cls, build in TRANSFORMER_MODELS:
        spec = checked_model(call, build)
        values = ", ".join(f"`{s.name}` = {v}" for s, v in spec.arguments.items())
        yield f"### `paramref.models.{call.split('(')[0]}`"
        yield ""
        yield (
            f"`paramref.models.{call}` counts `transformers.{cls}`: "
            f"{parameters(spec.params)} ({values})."
        )
        yield ""
        yield formula_block(spec.formula, spec.formula)
    yield "### The CNNs"
    yield ""
    yield (
        "torchvision's architectures: every size but the classifier's `num_classes` "
        "is fixed, so each formula is linear in it (1,000 classes give the count shown)."
    )
    yield ""
    yield "| call | parameters | formula |"
    yield "|---|---|---|"
    for call, build in CNN_MODELS:
        spec = checked_model(call, build)
        yield f"| `models.{call}` | {spec.params:,} | $P = {tex(spec.formula)}$ |"
    yield ""


def nav_pages(nav: Any) -> Iterator[str]:
    """The pages of an mkdocs ``nav`` setting, in order."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)


def cheat_sheet(nav: Any = None) -> str:
    """The markdown that replaces the marker."""
    specs = public_specs()
    by_page: dict[str, list[tuple[str, Example]]] = {}
    for key, constructions in EXAMPLES.items():
        if key in specs:
            for construction in constructions:
                by_page.setdefault(page_of(key, construction), []).append((key, construction))
    order = list(dict.fromkeys(nav_pages(nav)))
    pages = sorted(
        set(by_page) | {"dense-mlp.md", "models.md"},
        key=lambda p: (order.index(p) if p in order else len(order), p),
    )
    out: list[str] = []
    for page in pages:
        title = page_title(page)
        heading = f"[{title}]({page})" if (DOCS / page).exists() else title
        out += [f"## {heading}", ""]
        without: dict[str, list[str]] = {}
        headed: set[str] = set()
        for key, construction in by_page.get(page, []):
            spec = construct(key, construction)
            if spec.formula == 0:
                framework = MODULES[key.split(".")[0]][0]
                without.setdefault(framework, []).append(f"`{key}({construction.call()})`")
                continue
            if key not in headed:
                out += [f"### `{key}`", ""]
                headed.add(key)
            out.append(spec_entry(key, construction, spec))
        if page == "dense-mlp.md":
            out += list(mlp_entries())
        if page == "models.md":
            out += list(model_entries())
        if without:
            out += ["### No parameters", "", "For these constructions $P = 0$:", ""]
            out += [f"- {framework}: {', '.join(calls)}." for framework, calls in without.items()]
            out.append("")
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, config: Any, **kwargs: Any) -> str:
    if MARKER not in markdown:
        return markdown
    sheet = cheat_sheet(config.get("nav"))
    return re.sub(re.escape(MARKER), lambda _: sheet, markdown, count=1)
