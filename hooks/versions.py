"""MkDocs hook: write the versions of the checking frameworks into the pages.

A page writes ``{{ version.torch }}``, ``{{ version.keras }}`` or
``{{ version.transformers }}``; the build replaces each with the installed
release, as ``major.minor``: the versions the test suite runs. Where a framework
is not installed (a build with the ``docs`` extra only), the major version that
the ``test`` extra of ``pyproject.toml`` admits is written instead.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{\{\s*version\.([A-Za-z_][\w-]*)\s*\}\}")
#: The frameworks a page may name, as their distributions are called.
FRAMEWORKS = ("torch", "keras", "transformers")


def required_major(name: str) -> str:
    """The major version of ``name`` that the test extra admits: ``<4`` gives 3."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for line in project["project"]["optional-dependencies"]["test"]:
        requirement = Requirement(line)
        if requirement.name != name:
            continue
        for spec in requirement.specifier:
            if spec.operator == "==":
                return spec.version.removesuffix(".*")
            if spec.operator == "<" and spec.version.isdigit():
                return str(int(spec.version) - 1)
    raise PluginError(f"versions: pyproject.toml's test extra does not pin {name}")


def version(name: str) -> str:
    """``2.13`` for torch 2.13.0+cpu: the installed release, major and minor."""
    if name not in FRAMEWORKS:
        raise PluginError(f"versions: unknown framework {name!r}; known: {FRAMEWORKS}")
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        return required_major(name)
    return ".".join(re.split(r"[.+]", installed)[:2])


def fill(markdown: str) -> str:
    return PLACEHOLDER.sub(lambda match: version(match.group(1)), markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return fill(markdown)
