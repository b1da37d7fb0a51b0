"""The site: every snippet collected, a strict offline build, KaTeX errors fail it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from sybil import Document

from hooks.snippets import language as fence_language
from tests.docs_collection import (
    DOCS,
    PACKAGE,
    ROOT,
    ConsoleParser,
    PythonFenceParser,
    docs,
    docstrings,
    runnable_fences,
)

PAGES = sorted(DOCS.rglob("*.md"))
HOOK = ROOT / "hooks" / "katex.py"


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env=environment,
        check=False,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = build(ROOT / "mkdocs.yml", out)
    assert done.returncode == 0, done.stderr
    return out


def test_there_are_pages() -> None:
    assert len(PAGES) >= 3


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_runnable_fence_runs(page: Path) -> None:
    assert docs.should_parse(page), f"{page} is not collected by the docs Sybil"
    example_lines = [example.line for example in docs.parse(page)]
    for first, last in runnable_fences(page.read_text(encoding="utf-8")):
        inside = [line for line in example_lines if first <= line <= last]
        assert inside, f"{page.name}: the fence at lines {first}-{last} yields no example"


def test_every_module_docstring_is_collected() -> None:
    for module in PACKAGE.rglob("*.py"):
        assert docstrings.should_parse(module), module


def test_public_functions_and_specs_have_examples() -> None:
    import paramref

    documented = [
        paramref.mlp_params,
        paramref.match_hidden_dim,
        paramref.solve_two_hidden,
        paramref.MLP,
        paramref.symbol,
        *(getattr(paramref.nn, name) for name in paramref.nn.__all__),
        *(getattr(paramref.layers, name) for name in paramref.layers.__all__),
    ]
    for item in documented:
        assert ">>> " in (item.__doc__ or ""), f"{item.__qualname__} has no example"


@pytest.mark.parametrize(
    ("info", "language"),
    [
        ("python", "python"),
        ('python title="mlp.py"', "python"),
        ("py", "py"),
        ("pycon", "pycon"),
        ("{.python .annotate}", "python"),
        ("  Python linenums='1'", "python"),
        ("console", "console"),
        ("", ""),
    ],
)
def test_fence_language(info: str, language: str) -> None:
    assert fence_language(info) == language


SAMPLE = """\
# Sample

```python title="a.py"
x = 1
```

```py
x += 1
```

```pycon
>>> x
2
```

!!! note

    ~~~python
    x += 40
    ~~~

````{.python}
assert x == 42
````

<!-- invisible-code-block: python
x = 0
-->

```bash
echo not run
```
"""


def test_parser_runs_every_kind_of_fence(tmp_path: Path) -> None:
    page = tmp_path / "sample.md"
    page.write_text(SAMPLE, encoding="utf-8")
    assert len(runnable_fences(SAMPLE)) == 5  # the bash fence is not runnable
    document = Document.parse(str(page), PythonFenceParser())
    examples = list(document)
    assert len(examples) == 6  # five fences and the invisible block
    for example in examples:
        example.evaluate()
    assert document.namespace["x"] == 0


def test_console_transcripts_run(tmp_path: Path) -> None:
    page = tmp_path / "cli.md"
    page.write_text(
        "```console\n$ paramref count --latex 'nn.Linear(2, 3)'\n"
        "P = \\mathrm{in\\_features} \\cdot \\mathrm{out\\_features} + \\mathrm{out\\_features}"
        " = 2 \\cdot 3 + 3 = 9\n"
        "$ python -m paramref count 'nn.Foo()'\n"
        "paramref: error: unknown layer nn.Foo; see `paramref layers` for the list\n```\n",
        encoding="utf-8",
    )
    assert runnable_fences(page.read_text(encoding="utf-8")) == [(1, 6)]
    (example,) = Document.parse(str(page), ConsoleParser())
    example.evaluate()  # raises if the transcript does not match
    page.write_text(
        "```console\n$ paramref count 'nn.Linear(2, 3)'\nwrong\n```\n", encoding="utf-8"
    )
    (example,) = Document.parse(str(page), ConsoleParser())
    with pytest.raises(Exception, match="Expected:\nwrong"):
        example.evaluate()


@pytest.mark.parametrize(
    "body",
    [
        "```console\n$ ls\n```\n",
        "```console\noutput first\n$ paramref layers\n```\n",
        "```console\n```\n",
    ],
)
def test_console_fence_with_other_content_is_an_error(tmp_path: Path, body: str) -> None:
    page = tmp_path / "bad.md"
    page.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match="console"):
        list(Document.parse(str(page), ConsoleParser()))


def test_wrong_expected_output_fails(tmp_path: Path) -> None:
    page = tmp_path / "wrong.md"
    page.write_text("```pycon\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    (example,) = Document.parse(str(page), PythonFenceParser())
    with pytest.raises(Exception, match=r"Expected:\s+3\s+Got:\s+2"):
        example.evaluate()


def test_pycon_without_prompt_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "bad.md"
    page.write_text("```pycon\n1 + 1\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="a pycon fence without >>>"):
        list(Document.parse(str(page), PythonFenceParser()))


def small_site(tmp_path: Path, body: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(body, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""\
            site_name: probe
            theme:
              name: material
              font: false
            hooks:
              - {HOOK}
            markdown_extensions:
              - pymdownx.arithmatex:
                  generic: true
            """
        ),
        encoding="utf-8",
    )
    return config


def test_valid_tex_renders(tmp_path: Path) -> None:
    config = small_site(tmp_path, "# Probe\n\n$$\n\\frac{(n + 1)\\, m}{2}\n$$\n\nand $x^2$.\n")
    done = build(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="katex"') == 2
    assert "arithmatex" not in html


@pytest.mark.parametrize("tex", ["$$\n\\frac{1}{\n$$", "$\\notacommand{x}$", "$x^{2$"])
def test_invalid_tex_fails_the_build(tmp_path: Path, tex: str) -> None:
    config = small_site(tmp_path, f"# Probe\n\n{tex}\n")
    done = build(config, tmp_path / "site")
    assert done.returncode != 0
    assert "KaTeX could not render a formula" in done.stderr


def test_site_has_no_raw_tex(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "arithmatex" not in html, page
        assert "katex-error" not in html, page
        # TeX delimiters left in the text (a formula in a heading reaches the table
        # of contents unrendered); code and KaTeX's own TeX annotation excepted.
        text = re.sub(r"<(pre|code|annotation|script)\b.*?</\1>", "", html, flags=re.DOTALL)
        leftover = re.search(r".{0,40}(\\\(|\\\[).{0,40}", text)
        assert leftover is None, f"{page.relative_to(site)}: raw TeX in {leftover[0]!r}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_headings_have_no_math(page: Path) -> None:
    """A heading's text also goes to the table of contents, which KaTeX never sees."""
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#") and "$" in line:
            raise AssertionError(f"{page.name}:{number}: math in a heading: {line!r}")


class ResourceFinder(HTMLParser):
    """Collects the URLs a browser would fetch on its own to show the page."""

    FETCHING: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "link": "href",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attribute = self.FETCHING.get(tag)
        values = dict(attrs)
        if tag == "link" and values.get("rel") in {"canonical", "alternate", "prev", "next"}:
            return
        if attribute and values.get(attribute):
            self.urls.append(str(values[attribute]))
        for url in re.findall(r"url\(([^)]*)\)", values.get("style") or ""):
            self.urls.append(url)


def external(url: str) -> bool:
    return bool(re.match(r"^\s*['\"]?(https?:)?//", url))


def site_files(site: Path, suffix: str) -> Iterator[Path]:
    yield from site.rglob(f"*{suffix}")


def test_site_fetches_nothing_from_outside(site: Path) -> None:
    for page in site_files(site, ".html"):
        finder = ResourceFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        outside = [url for url in finder.urls if external(url)]
        assert not outside, f"{page.relative_to(site)} fetches {outside}"
    for sheet in site_files(site, ".css"):
        css = sheet.read_text(encoding="utf-8")
        outside = [u for u in re.findall(r"url\(([^)]*)\)", css) if external(u)]
        outside += re.findall(r"@import\s+(?:url\()?['\"]?(?:https?:)?//[^;]*", css)
        assert not outside, f"{sheet.relative_to(site)} fetches {outside}"


def test_katex_fonts_are_served(site: Path) -> None:
    css_path = site / "assets" / "katex" / "katex.min.css"
    css = css_path.read_text(encoding="utf-8")
    fonts = set(re.findall(r"url\((fonts/[^)]+\.woff2)\)", css))
    assert len(fonts) >= 10
    for font in fonts:
        assert (css_path.parent / font).exists(), font


def test_pages_link_katex_stylesheet(site: Path) -> None:
    html = (site / "dense-mlp" / "index.html").read_text(encoding="utf-8")
    assert "assets/katex/katex.min.css" in html
    assert 'class="katex-display"' in html
