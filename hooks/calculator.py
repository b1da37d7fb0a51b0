"""MkDocs hook: the "Count it" boxes, where the package itself answers in the reader's browser.

A page places a box with one line of HTML, the same in every language::

    <div data-calculator-box="layer" data-example="nn.LSTM(64, 32)"></div>
    <div data-calculator-box="config"></div>

``docs/javascripts/calculator.js`` turns the line into the box; Python (Pyodide)
starts in a Web Worker (``docs/javascripts/calculator-worker.js``) only when a
reader first uses it. This hook

- checks each box's example when the site is built (an example the command line
  refuses fails the build) and writes the package's answer to it into the
  marker, so the box shows a result before any Python is loaded;
- gives the config box its list of checkpoints (``paramref.models.CHECKPOINTS``),
  each counted by the package;
- copies into the site what the worker loads, all from this machine: Pyodide's
  runtime (the ``pyodide`` npm package, ``node_modules``), the package's own
  wheel (built here with hatchling, the build backend, no network), and the
  sympy and mpmath wheels that ``make`` downloads into ``.venv/wheels`` and
  the worker installs only when a reader asks for a formula.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

from hatchling.builders.wheel import WheelBuilder
from mkdocs.exceptions import PluginError

from paramref import _browser, models

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIST = ROOT / "node_modules" / "pyodide"
#: What the worker loads of Pyodide: the module, its wasm runtime, the standard
#: library and the package index (read at start-up).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: Where ``make`` puts the sympy and mpmath wheels (``pip download``): beside the
#: environment whose versions they are.
WHEEL_CACHE = Path(sys.prefix) / "wheels"
LAZY_WHEELS = ("mpmath", "sympy")  # sympy imports mpmath
ASSETS = "assets/calculator"

MARKER = re.compile(r"<div (?P<attributes>data-calculator-box=[^>]*)>\s*</div>")
ATTRIBUTE = re.compile(r'(?P<name>[a-z-]+)="(?P<value>[^"]*)"')


def checkpoints() -> list[dict[str, str]]:
    """The config box's list, from the package: name, config as JSON text, and its count."""
    return [
        {
            "name": name,
            "config": json.dumps(config, indent=2),
            "params": str(models.from_config(config).params),
        }
        for name, config in models.CHECKPOINTS.items()
    ]


def answer(kind: str, text: str, where: str) -> str:
    """The package's answer to a box's example, as the worker would give it."""
    answered = _browser.count(text) if kind == "layer" else _browser.model(text)
    error = json.loads(answered).get("error")
    if error:
        raise PluginError(f"{where}: the example {text!r} is refused: {error}")
    return answered


def expand(match: re.Match[str], where: str) -> str:
    attributes = dict(ATTRIBUTE.findall(match.group("attributes")))
    kind = attributes.get("data-calculator-box")
    extra: dict[str, str] = {}
    if kind == "layer":
        example = html.unescape(attributes.get("data-example", ""))
        if not example:
            raise PluginError(f'{where}: a layer box needs data-example="nn.X(...)"')
    elif kind == "config":
        listed = checkpoints()
        example = html.unescape(attributes.get("data-example", listed[0]["name"]))
        configs = {item["name"]: item["config"] for item in listed}
        if example not in configs:
            raise PluginError(f"{where}: {example!r} is not one of {', '.join(configs)}")
        extra["data-checkpoints"] = json.dumps(listed)
        attributes["data-example"] = example
        example = configs[example]
    else:
        raise PluginError(f"{where}: data-calculator-box must be layer or config, got {kind!r}")
    extra["data-answer"] = answer(kind, example, where)
    words = [f'{name}="{value}"' for name, value in attributes.items()]
    words += [f'{name}="{html.escape(value)}"' for name, value in extra.items()]
    return f"<div {' '.join(words)}></div>"


def on_page_content(html_text: str, page: Any, **kwargs: Any) -> str:
    if "data-calculator-box" not in html_text:
        return html_text
    where = page.file.src_path
    return MARKER.sub(lambda match: expand(match, where), html_text)


# --- what the worker loads ---------------------------------------------------------


def copy_if_changed(source: Path, target: Path) -> None:
    """Copy ``source`` unless ``target`` is a copy of it already (each language builds)."""
    if target.exists():
        here, there = source.stat(), target.stat()
        if here.st_size == there.st_size and here.st_mtime_ns == there.st_mtime_ns:
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def lazy_wheel(name: str) -> Path:
    """The wheel ``make`` downloaded for the installed version of ``name``."""
    wheel = WHEEL_CACHE / f"{name}-{version(name)}-py3-none-any.whl"
    if not wheel.exists():
        raise PluginError(
            f"{wheel} is missing: `make build` downloads it "
            f"(pip download --no-deps --only-binary=:all: {name}=={version(name)} -d {WHEEL_CACHE})"
        )
    return wheel


def build_wheel(directory: Path) -> Path:
    """The package's wheel, built by hatchling from the working tree, offline."""
    for old in directory.glob("paramref-*.whl"):
        old.unlink()
    built = WheelBuilder(str(ROOT)).build(directory=str(directory), versions=["standard"])
    return Path(next(iter(built)))


def entry(wheel: Path) -> dict[str, object]:
    data = wheel.read_bytes()
    return {
        "file": wheel.name,
        "bytes": len(data),
        "hash": hashlib.sha256(data).hexdigest()[:16],
    }


def on_post_build(config: Any, **kwargs: Any) -> None:
    if not (PYODIDE_DIST / "pyodide.mjs").exists():
        raise PluginError(f"Pyodide not found at {PYODIDE_DIST}: run `npm ci` in {ROOT}")
    site = Path(config["site_dir"])
    pyodide = json.loads((PYODIDE_DIST / "package.json").read_text(encoding="utf-8"))["version"]
    # One folder per Pyodide version: a browser never mixes files of two versions.
    runtime_dir = f"pyodide/{pyodide}/"  # in assets/
    runtime = {}
    for name in PYODIDE_FILES:
        copy_if_changed(PYODIDE_DIST / name, site / "assets" / runtime_dir / name)
        runtime[name] = (PYODIDE_DIST / name).stat().st_size
    target = site / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    lazy = []
    for name in LAZY_WHEELS:
        wheel = lazy_wheel(name)
        copy_if_changed(wheel, target / wheel.name)
        lazy.append({"name": name, **entry(wheel)})
    manifest = {
        "pyodide": pyodide,
        "runtime_dir": runtime_dir,
        "runtime": runtime,
        "paramref": entry(build_wheel(target)),
        "lazy": lazy,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
