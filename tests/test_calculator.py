"""The "Count it" boxes in the browser: the package, running in the page, answers as it does here.

Each box is driven in Debian's headless Chromium (the session's browser from
``tests/test_browser.py``) on the built site served from 127.0.0.1; every request
is intercepted, and one that would leave 127.0.0.1 is aborted and fails the test.
The answers are compared with what the command line prints for the same input in
this process (``paramref count --json``, ``paramref model --config ... --json``,
``--latex``, and the one line of a refusal), for random inputs of every page's
family and for hostile ones.

Python starts in a page only when a box is used, so each page that answers pays
one cold start; most inputs go to one warm page per box kind.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Route

from paramref import models
from paramref._cli import main, percent, shape_text, thousands

#: Milliseconds an answer may take here, a cold start included (two busy cores).
WAIT = 240_000
SEED = random.randrange(10**9)

#: What only a box in use may fetch.
PYTHON_ASSETS = ("/assets/pyodide/", "/assets/calculator/", "calculator-worker.js")


def eager_sympy() -> bool:
    """Whether the box's entry points import sympy (then counting loads it too)."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, paramref._browser; print('sympy' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "True"


EAGER_SYMPY = eager_sympy()


# --- the command line, in this process -----------------------------------------------


def cli(*argv: str) -> tuple[str, str]:
    """stdout and stderr of ``paramref *argv``."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        main(list(argv))
    return out.getvalue(), err.getvalue()


def expected_count(calls: list[str]) -> dict[str, Any]:
    """What a box must show for ``calls``: the command line's report, as the box lays it out."""
    out, err = cli("count", "--json", "--", *calls)
    if err:
        assert "\n" not in err.strip()
        return {"error": err.strip()}
    report = json.loads(out)
    layers = report["layers"]
    return {
        "error": None,
        "lines": "\n".join(
            f"{lay['expression']}{_output(lay)}: {thousands(lay['params'])}" for lay in layers
        ),
        "tensors": [
            [t["name"], shape_text(t["shape"]), thousands(t["count"]), t["trainable"]]
            for lay in layers
            for t in lay["tensors"]
        ],
        "buffers": [
            [name, shape_text(shape), thousands(_product(shape))]
            for lay in layers
            for name, shape in lay["buffers"].items()
        ],
        "summary": {
            "total": thousands(report["params"]),
            "trainable": thousands(report["trainable_params"]),
            "non-trainable": thousands(report["non_trainable_params"]),
        },
    }


def _output(layer: dict[str, Any]) -> str:
    """`` → (None, 10, 64)``: a Keras network's layer shows its output, as Keras's summary."""
    if "output_shape" not in layer:
        return ""

    def text(shape: list[Any]) -> str:
        if shape and isinstance(shape[0], list):
            return ", ".join(text(item) for item in shape)
        return "(" + ", ".join(["None", *("None" if s is None else str(s) for s in shape)]) + ")"

    return " → " + text(layer["output_shape"])


def _product(shape: list[int]) -> int:
    total = 1
    for size in shape:
        total *= size
    return total


def expected_model(config_text: str, folder: Path) -> dict[str, Any]:
    """What the config box must show: ``paramref model --config config.json --json``."""
    (folder / "config.json").write_text(config_text, encoding="utf-8")
    out, err = cli("model", "--config", str(folder / "config.json"), "--json")
    if err:
        assert "\n" not in err.strip()
        # The command line names the file as given; the box calls it config.json.
        return {"error": err.strip().replace(str(folder / "config.json"), "config.json")}
    report = json.loads(out)
    total = report["params"]
    summary = {
        "total": thousands(total),
        "trainable": thousands(report["trainable_params"]),
        "non-trainable": thousands(report["non_trainable_params"]),
    }
    if report["non_embedding_params"] != total:
        summary["non-embedding"] = thousands(report["non_embedding_params"])
    if report["active_params"] not in (None, total):
        summary["active"] = thousands(report["active_params"])
    return {
        "error": None,
        "lines": f"{report['spec']}: {thousands(total)}",
        "parts": [
            [part, thousands(count), percent(count, total)]
            for part, count in report["breakdown"].items()
        ],
        "summary": summary,
    }


# --- random inputs, by page -------------------------------------------------------


Maker = Callable[[random.Random], str]


def dense(r: random.Random) -> str:
    return r.choice(
        [
            f"nn.Linear({r.randint(1, 4096)}, {r.randint(1, 4096)})",
            f"nn.Linear({r.randint(1, 512)}, {r.randint(1, 512)}, bias={r.random() < 0.5})",
            f"layers.Dense({r.randint(1, 1024)}, input_shape=({r.randint(1, 1024)},))",
            f"layers.Dense({r.randint(1, 64)}, use_bias=False, "
            f"input_shape=(10, {r.randint(1, 64)}))",
            f"nn.Bilinear({r.randint(1, 64)}, {r.randint(1, 64)}, {r.randint(1, 64)})",
        ]
    )


def conv(r: random.Random) -> str:
    c, o, k = r.randint(1, 256), r.randint(1, 256), r.randint(1, 7)
    g = r.choice([1, 1, 2, 4])
    return r.choice(
        [
            f"nn.Conv2d({c * g}, {o * g}, {k}, groups={g})",
            f"nn.Conv1d({c}, {o}, {k}, bias={r.random() < 0.5})",
            f"nn.Conv3d({c}, {o}, ({k}, {k}, {r.randint(1, 5)}))",
            f"nn.ConvTranspose2d({c}, {o}, {k})",
            f"layers.Conv1D({o}, {k}, input_shape=({r.randint(8, 500)}, {c}))",
            f"layers.Conv2D({o}, {k}, input_shape=(32, 32, {c}))",
            f"layers.SeparableConv2D({o}, {k}, input_shape=(32, 32, {c}))",
            f"layers.DepthwiseConv2D({k}, depth_multiplier={g}, input_shape=(32, 32, {c}))",
        ]
    )


def recurrent(r: random.Random) -> str:
    i, h, n = r.randint(1, 512), r.randint(2, 512), r.randint(1, 4)
    bidirectional = r.random() < 0.5
    return r.choice(
        [
            f"nn.LSTM({i}, {h}, num_layers={n}, bidirectional={bidirectional})",
            f"nn.LSTM({i}, {h}, proj_size={r.randint(1, h - 1)})",
            f"nn.GRU({i}, {h}, num_layers={n}, bias={r.random() < 0.5})",
            f"nn.RNN({i}, {h}, bidirectional={bidirectional})",
            f"layers.LSTM({h}, input_shape=(None, {i}))",
            f"layers.GRU({h}, reset_after={r.random() < 0.5}, input_shape=(10, {i}))",
            f"layers.SimpleRNN({h}, input_shape=({r.randint(1, 50)}, {i}))",
            f"layers.Bidirectional(layers.LSTM({h}, input_shape=(10, {i})))",
        ]
    )


def normalization(r: random.Random) -> str:
    c = r.randint(1, 1024)
    return r.choice(
        [
            f"nn.BatchNorm2d({c}, affine={r.random() < 0.7})",
            f"nn.LayerNorm({c})",
            f"nn.GroupNorm({r.choice([1, 2, 4, 8])}, {8 * c})",
            f"nn.RMSNorm({c})",
            f"layers.BatchNormalization(input_shape=(16, 16, {c}))",
            f"layers.LayerNormalization(input_shape=(10, {c}))",
            f"layers.GroupNormalization(groups={r.choice([1, 2, 4])}, input_shape=(10, {4 * c}))",
        ]
    )


def attention(r: random.Random) -> str:
    heads = r.randint(1, 16)
    embed = heads * r.randint(1, 64)
    return r.choice(
        [
            f"nn.MultiheadAttention({embed}, {heads})",
            f"nn.MultiheadAttention({embed}, {heads}, bias={r.random() < 0.5})",
            f"nn.MultiheadAttention({embed}, {heads}, kdim={r.randint(1, 256)}, "
            f"vdim={r.randint(1, 256)})",
            f"layers.MultiHeadAttention({heads}, {r.randint(1, 128)}, input_shape=(10, {embed}))",
            f"layers.GroupQueryAttention({r.randint(1, 64)}, {2 * heads}, {r.choice([1, 2])}, "
            f"input_shape=(10, {embed}))",
        ]
    )


def transformer(r: random.Random) -> str:
    heads = r.randint(1, 8)
    d = heads * r.randint(1, 64)
    f = r.randint(1, 2048)
    return r.choice(
        [
            f"nn.TransformerEncoderLayer({d}, {heads}, {f})",
            f"nn.TransformerDecoderLayer({d}, {heads}, {f})",
            f"nn.TransformerEncoderLayer({d}, {heads}, {f}, bias={r.random() < 0.5})",
        ]
    )


def embedding(r: random.Random) -> str:
    n, d = r.randint(1, 100_000), r.randint(1, 1024)
    return r.choice(
        [
            f"nn.Embedding({n}, {d})",
            f"nn.Embedding({n}, {d}, padding_idx=0)",
            f"nn.EmbeddingBag({n}, {d})",
            f"layers.Embedding({n}, {d})",
        ]
    )


def parameter_free(r: random.Random) -> str:
    a, b = r.randint(1, 1024), r.randint(1, 1024)
    return r.choice(
        [
            f"nn.PReLU({a})",
            "nn.ReLU(), nn.Dropout(0.5), nn.MaxPool2d(2)",
            f"nn.Sequential(nn.Linear({a}, {b}), nn.ReLU(), nn.Dropout(0.5), nn.Linear({b}, 10))",
            f"layers.PReLU(input_shape=(10, {a}))",
            f"layers.Dropout(0.{r.randint(1, 9)})",
        ]
    )


def network(r: random.Random) -> str:
    """Several calls in one box, separated as a reader would separate them."""
    calls = [r.choice(FAMILIES)(r) for _ in range(r.randint(2, 4))]
    return r.choice([", ", "\n", "; "]).join(calls)


def keras_network(r: random.Random) -> str:
    """Keras layers with an input: a Keras model, counted as Keras builds it."""
    d, u = r.randint(1, 256), r.randint(1, 128)
    return r.choice(
        [
            f"layers.Input(shape=({d},)), layers.Dense({u}), layers.Dense({r.randint(1, 10)})",
            f"layers.Input(shape=(10, {d})), layers.LSTM({u}), layers.Dense(1)",
            f"layers.Input(shape=(20,)), layers.Embedding({r.randint(10, 5000)}, {d}), "
            f"layers.GRU({u})",
            f"layers.Input(shape=(32, 32, 3)), layers.Conv2D({u}, 3), "
            "layers.BatchNormalization(), layers.Flatten(), layers.Dense(10)",
        ]
    )


FAMILIES: list[Maker] = [
    dense,
    conv,
    recurrent,
    normalization,
    attention,
    transformer,
    embedding,
    parameter_free,
]
#: Each layer page, the family its box is tried with.
PAGES: dict[str, Maker] = {
    "dense-mlp/": dense,
    "convolution/": conv,
    "recurrent/": recurrent,
    "normalization/": normalization,
    "attention/": attention,
    "transformer/": transformer,
    "embedding/": embedding,
    "parameter-free/": parameter_free,
    "zh/dense-mlp/": network,
}


def random_config(r: random.Random) -> dict[str, object]:
    if r.random() < 0.4:  # a famous checkpoint, one size changed
        name = r.choice(sorted(models.CHECKPOINTS))
        checkpoint = dict(models.CHECKPOINTS[name])
        sizes = [k for k, v in checkpoint.items() if type(v) is int]
        if sizes:
            key = r.choice(sizes)
            checkpoint[key] = r.choice([1, 2, 3]) * int(str(checkpoint[key]))
        return checkpoint
    model_type = r.choice(["gpt2", "bert", "llama", "mistral", "qwen2"])
    heads = r.randint(1, 16)
    layers = r.randint(1, 48)
    vocab = r.randint(100, 160_000)
    if model_type == "gpt2":
        config: dict[str, object] = {
            "n_embd": heads * r.randint(1, 128),
            "n_head": heads,
            "n_layer": layers,
            "vocab_size": vocab,
            "n_positions": r.choice([512, 1024, 2048]),
        }
    elif model_type == "bert":
        config = {
            "hidden_size": heads * r.randint(1, 128),
            "num_attention_heads": heads,
            "num_hidden_layers": layers,
            "intermediate_size": r.randint(1, 8192),
            "vocab_size": vocab,
            "type_vocab_size": r.randint(1, 4),
        }
    else:
        kv = r.choice([d for d in range(1, heads + 1) if heads % d == 0])
        head_dim = 2 * r.randint(1, 64)
        config = {
            "hidden_size": heads * head_dim,
            "num_attention_heads": heads,
            "num_key_value_heads": kv,
            "intermediate_size": r.randint(1, 16384),
            "num_hidden_layers": layers,
            "vocab_size": vocab,
            "tie_word_embeddings": r.random() < 0.3,
        }
    config["model_type"] = model_type
    if r.random() < 0.3:  # keys that change no count
        config |= {"torch_dtype": "bfloat16", "hidden_dropout_prob": 0.1, "rope_theta": 1e4}
    if r.random() < 0.1:  # sizes that do not fit: the package refuses them, naming the key
        config["num_attention_heads" if model_type != "gpt2" else "n_head"] = heads + 1
    return dict(sorted(config.items(), key=lambda item: item[0] != "model_type"))


# --- a page with a box --------------------------------------------------------------

READ = """(selector) => {
  const area = document.querySelector(selector);
  const cell = (td) => (td.querySelector("code") || td).textContent;
  const rows = (name) => [...area.querySelectorAll(`[data-table="${name}"] tbody tr`)];
  const error = area.querySelector("[data-calculator-error]");
  return {
    state: area.dataset.state || null,
    error: error ? error.textContent : null,
    lines: (area.querySelector(".calculator__lines") || { innerText: "" }).innerText.trim(),
    tensors: rows("tensors").map((tr) => [
      ...[...tr.children].map(cell),
      !tr.querySelector(".calculator__note"),
    ]),
    buffers: rows("buffers").map((tr) => [...tr.children].map(cell)),
    parts: rows("parts").map((tr) => [...tr.children].map(cell)),
    summary: Object.fromEntries(
      rows("summary").map((tr) => [tr.dataset.key, tr.children[1].textContent]),
    ),
    tex: [...area.querySelectorAll(".katex-display annotation")].map((a) => a.textContent),
    katexErrors: area.querySelectorAll(".katex-error").length,
  };
}"""

ANSWERED = """([selector, text]) => {
  const area = document.querySelector(selector);
  return area.dataset.answered === text && ["done", "error"].includes(area.dataset.state);
}"""

AREAS = {"count": "[data-calculator-result]", "formula": "[data-calculator-formula]"}


class Box:
    """A page with a box, every request intercepted and recorded."""

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.page = context.new_page()
        self.outside: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            self.requests.append(url)
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def fetched(self, *parts: str) -> list[str]:
        return [url for url in self.requests if any(part in url for part in parts)]

    def ask(self, text: str, action: str = "count") -> dict[str, Any]:
        area = AREAS[action]
        self.page.locator("[data-calculator]").fill(text)
        self.page.locator(f"[data-calculator-action={action}]").click()
        self.page.wait_for_function(ANSWERED, arg=[area, text], timeout=WAIT)
        answer: dict[str, Any] = self.page.evaluate(READ, area)
        return answer

    def read(self, action: str = "count") -> dict[str, Any]:
        answer: dict[str, Any] = self.page.evaluate(READ, AREAS[action])
        return answer

    def check_clean(self) -> None:
        assert self.outside == [], self.outside
        assert self.errors == [], self.errors

    def close(self) -> None:
        self.page.close()


def shown_count(answer: dict[str, Any]) -> dict[str, Any]:
    if answer["error"] is not None:
        return {"error": answer["error"]}
    keys = ("error", "lines", "tensors", "buffers", "summary")
    return {key: answer[key] for key in keys}


def shown_model(answer: dict[str, Any]) -> dict[str, Any]:
    if answer["error"] is not None:
        return {"error": answer["error"]}
    return {key: answer[key] for key in ("error", "lines", "parts", "summary")}


@pytest.fixture(scope="module")
def layer_box(browser: BrowserContext, base_url: str) -> Iterator[Box]:
    box = Box(browser, base_url + "recurrent/")
    try:
        yield box
    finally:
        box.close()


@pytest.fixture(scope="module")
def config_box(browser: BrowserContext, base_url: str) -> Iterator[Box]:
    box = Box(browser, base_url + "models/")
    try:
        yield box
    finally:
        box.close()


def example_of(box: Box) -> str:
    value = box.page.locator("[data-calculator]").input_value()
    return value


# --- every layer page ---------------------------------------------------------------


@pytest.mark.parametrize("url", list(PAGES))
def test_layer_page_box_answers_as_the_package(
    browser: BrowserContext,
    base_url: str,
    url: str,
) -> None:
    r = random.Random(f"{SEED}-{url}")
    box = Box(browser, base_url + url)
    try:
        # A page that is only read fetches none of Python.
        assert box.fetched(*PYTHON_ASSETS, "katex.min.js") == []
        example = example_of(box)
        assert example, "the box is not prefilled with the page's example"
        # The example's answer was computed when the site was built.
        shown = box.read()
        assert shown["state"] == "example"
        assert shown_count(shown) == expected_count(_calls(example))
        assert shown_count(box.ask(example)) == expected_count(_calls(example))
        assert box.fetched("/assets/pyodide/", "/assets/calculator/paramref-")
        for _ in range(2):
            text = PAGES[url](r)
            expected = expected_count(_calls(text))
            assert shown_count(box.ask(text)) == expected, (SEED, text)
        if not EAGER_SYMPY:
            assert box.fetched("/assets/calculator/sympy-") == [], "counting loaded sympy"
        box.check_clean()
    finally:
        box.close()


def _calls(text: str) -> list[str]:
    """The calls of a box's text, as separate arguments of ``paramref count``.

    Text the box refuses before splitting it goes whole: the command line refuses it
    with the same words.
    """
    from paramref._browser import expressions
    from paramref._cli import UsageError

    try:
        return expressions(text)
    except UsageError:
        return [text]


def test_box_markers_are_on_every_layer_page() -> None:
    from tests.docs_collection import DOCS

    for url in PAGES:
        language, _, name = url.rstrip("/").rpartition("/")
        source = DOCS / (name + (".zh.md" if language == "zh" else ".md"))
        text = source.read_text(encoding="utf-8")
        assert text.count('<div data-calculator-box="layer" data-example="') == 1, source


def test_config_box_markers_are_on_every_model_page() -> None:
    """Every model family page, in both languages, has a config box on a famous checkpoint."""
    from tests.docs_collection import DOCS

    pages = sorted(DOCS.glob("models*.md"))
    assert len(pages) >= 20
    for source in pages:
        text = source.read_text(encoding="utf-8")
        names = re.findall(r'<div data-calculator-box="config" data-example="([^"]+)">', text)
        assert len(names) == 1, source
        assert names[0] in models.CHECKPOINTS, source


def test_chinese_pages_label_the_box_in_chinese(
    browser: BrowserContext,
    base_url: str,
) -> None:
    for url in ("zh/dense-mlp/", "zh/recurrent/", "zh/models/"):
        box = Box(browser, base_url + url)
        try:
            assert box.page.locator("[data-calculator-action=count]").inner_text() == "计算"
            assert box.page.locator("[data-calculator-action=formula]").inner_text() == "公式"
            assert "总计" in box.page.locator("[data-calculator-result]").inner_text()
            box.check_clean()
        finally:
            box.close()
    box = Box(browser, base_url + "dense-mlp/")
    try:
        assert box.page.locator("[data-calculator-action=count]").inner_text() == "Count"
    finally:
        box.close()


# --- one warm layer page: dozens of inputs -----------------------------------------------


def test_warm_box_answers_random_layers(layer_box: Box) -> None:
    r = random.Random(SEED)
    for _ in range(36):
        text = r.choice([*FAMILIES, network, keras_network])(r)
        expected = expected_count(_calls(text))
        assert shown_count(layer_box.ask(text)) == expected, (SEED, text)
    layer_box.check_clean()


HOSTILE = [
    "__import__('os')",
    "__import__('os').system('true')",
    "open('/etc/passwd')",
    "import os",
    "nn.Linear(8, 16).__class__",
    "lambda: nn.Linear(1, 2)",
    "nn.Linear(10**40, 1)",
    "nn.Linear(" + "9" * 31 + ", 1)",
    "nn.Linear(" + "9" * 30 + ", " + "9" * 30 + ")",
    "nn.Linear(*[1, 2])",
    "nn.Linear(**{'in_features': 1, 'out_features': 2})",
    "nn.Sequential(" * 40 + ")" * 40,
    "(" * 300 + ")" * 300,
    "[" * 3000,
    "nn.Linear(8, 16)" * 70_000,  # a 1 MB paste
    "nn.Linear(-1, 16)",
    "nn.Linear(True, 16)",
    "nn.LSTM(1.5, 2)",
    "nn.Nope(1)",
    "torch.os.system('true')",
    "",
    "nn.Linear(8, 16)\nnn.Linear(16,",
    # Syntax trees deeper than a small stack holds, each in 10,000 characters or less.
    "nn.Linear(1" + "+1" * 4990 + ", 2)",
    "nn.Linear(" + "-" * 9980 + "1, 2)",
    "nn.Linear(" + "not " * 2490 + "1, 2)",
    "nn" + ".a" * 4990 + "(1)",
    "nn.Linear" + "()" * 4990,
    "nn.Linear(x" + "[0]" * 3300 + ")",
    "nn.Linear(" + "lambda:" * 1400 + "1, 2)",
    "nn.Linear(" + "1 if 1 else " * 800 + "1, 2)",
    "nn.Linear(1" + "**1" * 3300 + ", 2)",
    "(" * 199 + "nn.Linear(1, 2)" + ")" * 199,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:30] or "empty")
def test_warm_box_refuses_bad_input_in_one_line(layer_box: Box, text: str) -> None:
    shown = layer_box.ask(text)
    expected = expected_count(_calls(text))
    assert shown_count(shown) == expected, text[:200]
    if expected["error"]:
        assert "\n" not in shown["error"]
    # ... and the next valid input still answers.
    follow = "nn.Linear(784, 128)"
    assert shown_count(layer_box.ask(follow)) == expected_count([follow])
    layer_box.check_clean()


def test_warm_box_shows_the_formula(layer_box: Box) -> None:
    for text in (
        "nn.LSTM(64, 32, num_layers=2, bidirectional=True)",
        "nn.Linear(8, 16), nn.Linear(16, 8)",
        "layers.BatchNormalization(input_shape=(112, 112, 64))",
    ):
        shown = layer_box.ask(text, "formula")
        out, err = cli("count", "--latex", "--", *_calls(text))
        assert not err
        assert shown["tex"] == out.splitlines(), text
        assert shown["katexErrors"] == 0
    block = layer_box.page.locator("[data-calculator-formula] .math-block").first
    assert block.locator(".tex-copy").count() == 1
    assert layer_box.fetched("/assets/katex/katex.min.js")
    assert layer_box.fetched("/assets/calculator/sympy-", "/assets/calculator/mpmath-")
    bad = layer_box.ask("nn.Linear(8, -16)", "formula")
    assert bad["error"] == expected_count(["nn.Linear(8, -16)"])["error"]
    layer_box.check_clean()


def test_box_stops_an_answer_that_takes_too_long(layer_box: Box) -> None:
    """An input with more tensors than can be listed: the worker is stopped, the box works on."""
    layer_box.ask("nn.Linear(1, 2)")  # warm
    layer_box.page.locator("[data-calculator-box]").evaluate("box => box.dataset.timeout = 2000")
    try:
        shown = layer_box.ask("nn.LSTM(1, 1, num_layers=1000000000)")
        assert shown["error"] is not None
        assert shown["error"].startswith("No answer within 2 s: stopped")
        assert "\n" not in shown["error"]
    finally:
        layer_box.page.locator("[data-calculator-box]").evaluate(
            "box => delete box.dataset.timeout"
        )
    # A new worker starts.
    follow = "nn.GRU(10, 20)"
    assert shown_count(layer_box.ask(follow)) == expected_count([follow])
    layer_box.check_clean()


# --- the models pages ---------------------------------------------------------------

CONFIG_PAGES = [
    "models/",
    "models-dense/",
    "models-moe/",
    "models-ssm/",
    "zh/models-towers/",
    "models-architectures/",
    "zh/models-architectures/",
]


@pytest.mark.parametrize("url", CONFIG_PAGES)
def test_config_page_box_answers_as_the_package(
    browser: BrowserContext,
    base_url: str,
    url: str,
    tmp_path: Path,
) -> None:
    r = random.Random(f"{SEED}-{url}")
    box = Box(browser, base_url + url)
    try:
        assert box.fetched(*PYTHON_ASSETS, "katex.min.js") == []
        example = example_of(box)
        shown = box.read()
        assert shown["state"] == "example"
        assert shown_model(shown) == expected_model(example, tmp_path)
        assert shown_model(box.ask(example)) == expected_model(example, tmp_path)
        for _ in range(2):
            text = json.dumps(random_config(r))
            assert shown_model(box.ask(text)) == expected_model(text, tmp_path), (SEED, text)
        if not EAGER_SYMPY:
            assert box.fetched("/assets/calculator/sympy-") == [], "counting loaded sympy"
        box.check_clean()
    finally:
        box.close()


def test_config_box_answers_random_configs(config_box: Box, tmp_path: Path) -> None:
    example = example_of(config_box)
    shown = config_box.read()
    assert shown["state"] == "example"
    assert shown_model(shown) == expected_model(example, tmp_path)
    assert config_box.fetched(*PYTHON_ASSETS) == []
    r = random.Random(SEED)
    for _ in range(20):
        text = json.dumps(random_config(r), indent=r.choice([None, 2]))
        expected = expected_model(text, tmp_path)
        assert shown_model(config_box.ask(text)) == expected, (SEED, text)
    config_box.check_clean()


def test_config_box_offers_checkpoints(config_box: Box, tmp_path: Path) -> None:
    select = config_box.page.locator("[data-calculator-checkpoint]")
    names = select.locator("option").all_inner_texts()
    assert "Llama-2-7B (6,738,415,616)" in names, names
    select.select_option("Llama-2-7B")
    config = example_of(config_box)
    config_box.page.wait_for_function(ANSWERED, arg=[AREAS["count"], config], timeout=WAIT)
    shown = config_box.read()
    assert shown_model(shown) == expected_model(config, tmp_path)
    assert shown["summary"]["total"] == "6,738,415,616"
    select.select_option("Mixtral-8x7B-v0.1")
    config = example_of(config_box)
    config_box.page.wait_for_function(ANSWERED, arg=[AREAS["count"], config], timeout=WAIT)
    shown = config_box.read()
    assert shown_model(shown) == expected_model(config, tmp_path)
    assert shown["summary"]["active"] == "12,879,925,248"


BAD_CONFIGS = [
    "{",
    "[1, 2]",
    '"config"',
    "{}",
    '{"model_type": "nope"}',
    '{"model_type": "gpt2", "n_embd": "768"}',
    '{"model_type": "gpt2", "n_embd": 1e400}',
    '{"model_type": "gpt2", "n_embd": ' + "7" * 5000 + "}",
    '{"model_type": "gpt2", "n_embd": 768, "n_head": 7}',
    "[" * 100_000 + "]" * 100_000,
    '{"model_type": "gpt2", "n_embd": ' + "[" * 3000 + "]" * 3000 + "}",
    '{"model_type": "gpt2", "pad": "' + "x" * 1_000_000 + '"',  # a 1 MB paste, cut short
    "__import__('os')",
]


def test_config_box_refuses_bad_configs_in_one_line(config_box: Box, tmp_path: Path) -> None:
    good = '{"model_type": "bert"}'
    for text in BAD_CONFIGS:
        shown = config_box.ask(text)
        expected = expected_model(text, tmp_path)
        assert shown_model(shown) == expected, text[:200]
        assert shown["error"]
        assert "\n" not in shown["error"]
        assert shown_model(config_box.ask(good)) == expected_model(good, tmp_path)
    config_box.check_clean()


def test_config_box_shows_the_formula(config_box: Box, tmp_path: Path) -> None:
    text = '{"model_type": "llama", "num_key_value_heads": 8}'
    shown = config_box.ask(text, "formula")
    (tmp_path / "config.json").write_text(text, encoding="utf-8")
    out, err = cli("model", "--config", str(tmp_path / "config.json"), "--latex")
    assert not err
    assert shown["tex"] == out.splitlines()
    assert shown["katexErrors"] == 0
    config_box.check_clean()


# --- "Run" under the snippets ---------------------------------------------------------

RUN_DONE = """(marker) => {
  const area = document.querySelector(`[data-run-snippet="${marker}"] [data-run-result]`);
  return area && ["done", "error"].includes(area.dataset.state);
}"""


def run_snippet(box: Box, marker: str) -> dict[str, Any]:
    """Press the "Run" button under snippet ``marker``; what its result area shows."""
    box.page.locator(f'[data-run-snippet="{marker}"] [data-run-action]').click()
    box.page.wait_for_function(RUN_DONE, arg=marker, timeout=WAIT)
    shown: dict[str, Any] = box.page.evaluate(
        """(marker) => {
          const area = document.querySelector(`[data-run-snippet="${marker}"] [data-run-result]`);
          return {state: area.dataset.state, same: area.dataset.same, text: area.innerText};
        }""",
        marker,
    )
    return shown


def test_run_buttons_print_what_the_page_shows(layer_box: Box) -> None:
    """On the recurrent page, the first and the last button run in the page's Python."""
    markers = layer_box.page.eval_on_selector_all(
        "[data-run-snippet]", "nodes => nodes.map(n => n.dataset.runSnippet)"
    )
    assert len(markers) >= 5
    for marker in (markers[0], markers[-1]):
        shown = run_snippet(layer_box, marker)
        assert (shown["state"], shown["same"]) == ("done", "true"), shown
        assert ">>> " in shown["text"]
    layer_box.check_clean()


def test_run_button_loads_sympy_for_a_proof(browser: BrowserContext, base_url: str) -> None:
    """A Chinese page's sympy proof: sympy is fetched from the site, the labels are Chinese."""
    box = Box(browser, base_url + "zh/attention/")
    try:
        assert box.fetched(*PYTHON_ASSETS) == []  # read only: nothing of Python
        marker = box.page.eval_on_selector_all(
            "[data-run-snippet]", "nodes => nodes.map(n => n.dataset.runSnippet)"
        )[0]
        assert box.page.locator(f'[data-run-snippet="{marker}"] button').inner_text() == "运行"
        shown = run_snippet(box, marker)
        assert (shown["state"], shown["same"]) == ("done", "true"), shown
        assert "输出与页面上的相同" in shown["text"]
        assert box.fetched("sympy")
        box.check_clean()
    finally:
        box.close()
