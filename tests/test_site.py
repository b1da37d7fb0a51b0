"""The site as a whole: the cheat sheet, the errata page, the Chinese edition, build time.

The site is built once per test session (``built_site``), with ``--strict`` and
the real configuration, and shared with ``tests/test_browser.py``.
"""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import sympy

from hooks import cheatsheet
from tests.docs_collection import DOCS, ROOT, docs, runnable_fences
from tests.test_docs import build

#: ``mkdocs build --strict`` of the whole site must take less than this.
BUILD_SECONDS = 30.0
#: Translated pages: ``docs/X.zh.md`` next to ``docs/X.md``.
TRANSLATIONS = sorted(DOCS.glob("*.zh.md"))
LANGUAGES = ("", "zh/")


@dataclass(frozen=True)
class Built:
    path: Path
    seconds: float


@functools.cache
def built_site() -> Built:
    """Build the site once for the session, into a temporary directory."""
    out = Path(tempfile.mkdtemp(prefix="paramref-site-"))
    start = time.perf_counter()
    done = build(ROOT / "mkdocs.yml", out / "site")
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    import atexit

    atexit.register(shutil.rmtree, out, ignore_errors=True)
    return Built(out / "site", seconds)


def english_pages() -> list[Path]:
    """The source pages of the English site (translations excluded)."""
    return sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".zh.md"))


def page_url(source: Path, language: str = "") -> str:
    """The site-relative URL of a source page: ``dense-mlp.md`` -> ``dense-mlp/``."""
    stem = source.name.removesuffix(".md").removesuffix(".zh")
    return language + ("" if stem == "index" else f"{stem}/")


def html_of(url: str) -> str:
    return (built_site().path / url / "index.html").read_text(encoding="utf-8")


# --- the cheat sheet -------------------------------------------------------------


def test_every_public_spec_has_a_cheat_sheet_example() -> None:
    missing = cheatsheet.missing_examples()
    assert not missing, (
        f"add example constructions for {missing} to EXAMPLES in hooks/cheatsheet.py"
    )
    assert not cheatsheet.stale_examples(), "EXAMPLES names specs that are not public"


@pytest.mark.parametrize("key", sorted(cheatsheet.EXAMPLES))
def test_cheat_sheet_examples_give_their_count(key: str) -> None:
    for construction in cheatsheet.EXAMPLES[key]:
        spec = cheatsheet.construct(key, construction)
        assert spec.formula.subs(spec.arguments) == spec.params
        page = cheatsheet.page_of(key, construction)
        assert (DOCS / page).exists(), f"{key}: its page {page} does not exist"


class Headings(HTMLParser):
    """Collects (tag, id, text) of every heading and the TeX of every formula."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str, str]] = []
        self.tex: list[str] = []
        self._heading: tuple[str, str] | None = None
        self._annotation = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (tag, values.get("id") or "")
            self._text = []
        elif tag == "annotation" and values.get("encoding") == "application/x-tex":
            self._annotation = True
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == self._heading[0]:
            text = "".join(self._text).replace("¶", "").strip()
            self.headings.append((*self._heading, text))
            self._heading = None
        elif tag == "annotation" and self._annotation:
            self.tex.append("".join(self._text).strip())
            self._annotation = False

    def handle_data(self, data: str) -> None:
        if self._heading or self._annotation:
            self._text.append(data)


def test_cheat_sheet_lists_every_public_spec() -> None:
    page = html_of("cheat-sheet/")
    parser = Headings()
    parser.feed(page)
    headings = {text for _, _, text in parser.headings}
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for key in cheatsheet.public_specs():
        for construction in cheatsheet.EXAMPLES[key]:
            spec = cheatsheet.construct(key, construction)
            if spec.formula == 0:
                listed = f"{key}({construction.call()})"
                assert listed in text, f"the cheat sheet does not list {listed} as parameter-free"
                continue
            assert key in headings, f"the cheat sheet has no entry for {key}"
            tex = f"P = {cheatsheet.tex(spec.formula)}"
            assert tex in parser.tex, f"the cheat sheet lacks the formula of {key}: {tex}"
    for name in ("paramref.MLP", "paramref.TWO_HIDDEN_FORMULA"):
        assert name in headings
    import paramref

    for formula in (paramref.MLP_FORMULA, paramref.TWO_HIDDEN_FORMULA):
        assert f"P = {cheatsheet.tex(formula)}" in parser.tex
    for call, _, build_model in cheatsheet.TRANSFORMER_MODELS:
        assert f"paramref.models.{call.split('(')[0]}" in headings
        assert f"P = {cheatsheet.tex(build_model().formula)}" in parser.tex
    for call, build_model in cheatsheet.CNN_MODELS:
        assert f"models.{call}" in text
        assert f"P = {cheatsheet.tex(build_model().formula)}" in parser.tex


def test_cheat_sheet_tex_is_the_package_formula() -> None:
    """The TeX on the page parses back (by eye) to the formula: spot-check Linear."""
    tex = cheatsheet.tex(sympy.Symbol("in_features") * sympy.Symbol("out_features"))
    assert tex == r"\mathrm{in\_features} \cdot \mathrm{out\_features}"


# --- the errata page ---------------------------------------------------------------


class ErrataBoxes(HTMLParser):
    """The id of the section above each ``Errata`` danger box, in page order.

    With ``kind="note"`` and ``prefix="Convention"``: the convention notes instead.
    """

    def __init__(self, kind: str = "danger", prefix: str = "Errata") -> None:
        super().__init__()
        self.kind, self.prefix = kind, prefix
        self.section = ""
        self.boxes: list[tuple[str, str]] = []  # (section id, title)
        self._title: list[str] | None = None
        self._in_danger = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if re.fullmatch(r"h[1-6]", tag) and values.get("id"):
            self.section = str(values["id"])
        elif tag == "div" and "admonition" in classes and self.kind in classes:
            self._in_danger = True
        elif tag == "p" and "admonition-title" in classes and self._in_danger:
            self._title = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._title is not None:
            title = "".join(self._title).strip()
            if title.startswith(self.prefix):
                self.boxes.append((self.section, title))
            self._title = None
            self._in_danger = False

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def errata_boxes(url: str, kind: str = "danger", prefix: str = "Errata") -> list[tuple[str, str]]:
    parser = ErrataBoxes(kind, prefix)
    parser.feed(html_of(url))
    return parser.boxes


def errata_links() -> set[str]:
    """The targets of the errata page's links, as site-relative ``page/#anchor``."""
    return article_links("errata/")


def article_links(url: str) -> set[str]:
    """The targets of the links in a page's text (not its navigation), as ``page/#anchor``."""
    parser = Links()
    article = html_of(url).split('<article class="md-content__inner', 1)[1]
    parser.feed(article)
    base = f"http://site/{url}"
    targets = set()
    for href in parser.hrefs:
        absolute = urljoin(base, href)
        if absolute.startswith("http://site/"):
            parts = urlsplit(absolute)
            targets.add(
                parts.path.removeprefix("/") + (f"#{parts.fragment}" if parts.fragment else "")
            )
    return targets


@pytest.mark.parametrize("source", english_pages(), ids=lambda p: p.name)
def test_errata_page_links_every_errata_box(source: Path) -> None:
    if source.name == "errata.md":
        return
    url = page_url(source)
    links = errata_links()
    for section, title in errata_boxes(url):
        assert section, f"{source.name}: the box {title!r} is not under a heading"
        assert f"{url}#{section}" in links, (
            f"docs/errata.md does not link {source.name}#{section}, "
            f"the section with the box {title!r}"
        )


@pytest.mark.parametrize("source", english_pages(), ids=lambda p: p.name)
def test_errata_page_links_every_convention_note(source: Path) -> None:
    """A source that counts by one framework's convention gets a note, listed too."""
    if source.name == "errata.md":
        return
    url = page_url(source)
    links = errata_links()
    for section, title in errata_boxes(url, "note", "Convention"):
        assert section, f"{source.name}: the note {title!r} is not under a heading"
        assert f"{url}#{section}" in links, (
            f"docs/errata.md does not link {source.name}#{section}, "
            f"the section with the note {title!r}"
        )


def test_convention_notes_are_found() -> None:
    """The recurrent page has two: the English LSTM formula, the SimpleRNN's output layer."""
    assert len(errata_boxes("recurrent/", "note", "Convention")) == 2


def test_errata_boxes_are_found() -> None:
    """The checker above does see boxes: the MLP page has two."""
    boxes = errata_boxes("dense-mlp/")
    assert len(boxes) == 2
    assert all(section for section, _ in boxes)


@pytest.mark.parametrize("translation", TRANSLATIONS, ids=lambda p: p.name)
def test_translations_keep_every_errata_box(translation: Path) -> None:
    english = DOCS / translation.name.replace(".zh.md", ".md")
    pattern = re.compile(r'^\s*!!! danger "(Errata|勘误)', re.MULTILINE)
    found = len(pattern.findall(translation.read_text(encoding="utf-8")))
    assert found == len(pattern.findall(english.read_text(encoding="utf-8")))


# --- the Chinese edition -----------------------------------------------------------


def test_there_are_chinese_pages() -> None:
    names = {p.name for p in TRANSLATIONS}
    assert {"index.zh.md", "dense-mlp.zh.md"} <= names
    for page in TRANSLATIONS:
        assert (DOCS / page.name.replace(".zh.md", ".md")).exists(), page


CJK = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


@pytest.mark.parametrize("translation", TRANSLATIONS, ids=lambda p: p.name)
def test_chinese_paragraphs_do_not_break_between_characters(translation: Path) -> None:
    """A line break between two Chinese characters would show as a space."""
    text = re.sub(r"```.*?```", "", translation.read_text(encoding="utf-8"), flags=re.DOTALL)
    breaks = re.findall(f"{CJK}\n[ \t]*{CJK}", text)
    assert not breaks, f"{translation.name}: join these lines: {breaks}"


@pytest.mark.parametrize("translation", TRANSLATIONS, ids=lambda p: p.name)
def test_chinese_snippets_are_collected(translation: Path) -> None:
    assert docs.should_parse(translation)
    fences = runnable_fences(translation.read_text(encoding="utf-8"))
    english = DOCS / translation.name.replace(".zh.md", ".md")
    if runnable_fences(english.read_text(encoding="utf-8")):
        assert fences, f"{translation.name} has no runnable snippet"
    assert len(list(docs.parse(translation))) >= len(fences)


@pytest.mark.parametrize("translation", TRANSLATIONS, ids=lambda p: p.name)
def test_translations_keep_the_english_anchors(translation: Path) -> None:
    """Links into a page (the errata page's, a reader's bookmark) work in both languages."""
    english, chinese = Headings(), Headings()
    english.feed(html_of(page_url(translation)))
    chinese.feed(html_of(page_url(translation, "zh/")))
    english_ids = {heading_id for _, heading_id, _ in english.headings}
    for tag, heading_id, text in chinese.headings:
        if tag != "h1":
            assert heading_id in english_ids, (
                f"{translation.name}: the heading {text!r} has the id {heading_id!r}, "
                f"which the English page does not have; give it the English page's id"
            )


@pytest.mark.parametrize("source", english_pages(), ids=lambda p: p.name)
def test_every_page_is_built_in_both_languages(source: Path) -> None:
    english, chinese = html_of(page_url(source)), html_of(page_url(source, "zh/"))
    assert '<html lang="en"' in english
    assert '<html lang="zh"' in chinese
    translated = (DOCS / source.name.replace(".md", ".zh.md")).exists()
    title = re.search(r"<h1[^>]*>(.*?)</h1>", chinese, re.DOTALL)
    assert title is not None
    has_chinese = re.search(r"[\u4e00-\u9fff]", html.unescape(title.group(1))) is not None
    if translated:
        assert has_chinese or source.name == "index.md", f"zh/{source.name} is not translated"
    else:  # falls back to the English page, inside the Chinese site
        assert english.count('class="katex"') == chinese.count('class="katex"')


@pytest.mark.parametrize("source", english_pages(), ids=lambda p: p.name)
def test_language_switch_links_the_same_page(source: Path) -> None:
    english, chinese = page_url(source), page_url(source, "zh/")
    for url, other in ((english, chinese), (chinese, english)):
        parser = Links()
        parser.feed(html_of(url))
        targets = {urljoin(f"http://site/{url}", href) for href in parser.hrefs}
        assert f"http://site/{other}" in targets, f"{url} does not link {other}"


def test_formulas_and_api_render_in_both_languages() -> None:
    for language in LANGUAGES:
        mlp = html_of(f"{language}dense-mlp/")
        assert mlp.count('class="katex-display"') >= 10
        assert "arithmatex" not in mlp
        api = html_of(f"{language}api/")
        assert 'id="paramref.nn.Linear"' in api
        assert 'id="paramref.layers.Dense"' in api


def test_search_index_holds_both_languages() -> None:
    index = json.loads(
        (built_site().path / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    assert set(index["config"]["lang"]) == {"en", "zh"}
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("dense-mlp/") for loc in locations)
    chinese = [doc for doc in index["docs"] if doc["location"].startswith("zh/dense-mlp/")]
    assert chinese, "the Chinese MLP page is not in the search index"
    # jieba splits Chinese words with U+200B, and the separator splits on it.
    assert any("\u200b" in doc["text"] for doc in chinese)
    assert "\\u200b" in index["config"]["separator"]


# --- the table of symbols and the framework versions --------------------------------

#: Pages that need not point to the table of symbols: the table itself, and the
#: API reference, which speaks in argument names only.
WITHOUT_SYMBOLS_LINK = {"symbols.md", "api.md"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "source",
    [p for p in english_pages() if p.name not in WITHOUT_SYMBOLS_LINK],
    ids=lambda p: p.name,
)
def test_every_page_links_the_table_of_symbols(source: Path, language: str) -> None:
    url = page_url(source, language)
    symbols = f"{language}symbols/"
    targets = {target.split("#", 1)[0] for target in article_links(url)}
    assert symbols in targets, f"{url or 'the home page'} does not link {symbols} in its text"


def test_the_table_of_symbols_exists_in_both_languages() -> None:
    assert (DOCS / "symbols.md").exists()
    assert (DOCS / "symbols.zh.md").exists()
    for language in LANGUAGES:
        assert html_of(f"{language}symbols/").count("<table>") >= 4


def installed(name: str) -> str:
    """``2.13`` for torch 2.13.0+cpu."""
    from importlib import metadata

    return ".".join(metadata.version(name).split("+", 1)[0].split(".")[:2])


def test_the_site_shows_the_installed_versions() -> None:
    torch, keras, transformers = (installed(n) for n in ("torch", "keras", "transformers"))
    for language in LANGUAGES:
        home = html.unescape(re.sub(r"<[^>]+>", "", html_of(language)))
        for shown in (f"PyTorch {torch}", f"Keras {keras}", f"transformers {transformers}"):
            assert shown in home, f"the {language or 'English'} home page does not say {shown}"
    models = html.unescape(re.sub(r"<[^>]+>", "", html_of("models/")))
    assert f"5.x ({transformers} here)" in models
    normalization = html.unescape(re.sub(r"<[^>]+>", "", html_of("normalization/")))
    assert f"PyTorch {torch} and Keras {keras}" in normalization
    for page in built_site().path.rglob("*.html"):
        assert "{{ version." not in page.read_text(encoding="utf-8"), page


def test_versions_fall_back_to_the_test_extra() -> None:
    from mkdocs.exceptions import PluginError

    from hooks import versions

    assert [versions.required_major(n) for n in versions.FRAMEWORKS] == ["2.13", "3", "5"]
    assert versions.fill("{{ version.torch }}") == installed("torch")
    with pytest.raises(PluginError, match="tensorflow"):
        versions.fill("{{ version.tensorflow }}")


# --- KaTeX ------------------------------------------------------------------------


def test_tall_floor_brackets_render_valid_svg() -> None:
    """KaTeX writes a doubled moveto for tall floor brackets; the hook repairs it."""
    from hooks import katex

    tex = r"\left\lfloor \begin{matrix} a \\ b \\ c \\ d \\ e \end{matrix} \right\rfloor"
    (out,) = katex.render([(tex, True)])
    assert "<svg" in out  # the tall bracket is drawn as an SVG path
    assert "z\nMM" not in out
    assert katex.repair("H319z\nMM319 602") == "H319z\nM319 602"


def test_one_katex_process_renders_and_refuses_invalid_tex() -> None:
    """One node process serves the build; invalid TeX is an error naming the formula,
    and the process answers the next formula."""
    from mkdocs.exceptions import PluginError

    from hooks import katex

    katex.render([("a_1", False)])
    node = katex._renderer()
    with pytest.raises(PluginError, match=r"in: \\frac\{1\}\{"):
        katex.render([(r"\frac{1}{", True)])
    assert "katex" in katex.render([("b_2 + c", True)])[0]
    assert katex._renderer() is node


# --- speed ------------------------------------------------------------------------


def test_strict_build_is_fast() -> None:
    seconds = built_site().seconds
    assert seconds < BUILD_SECONDS, f"mkdocs build --strict took {seconds:.1f} s"


#: Pages that may stay English: the API reference is the docstrings.
ENGLISH_ONLY = {"api.md"}


def _parity(text: str) -> tuple[int, int, int, int]:
    """Python fences, errata boxes, convention notes and displayed formulas of a page."""
    fences = len(runnable_fences(text))
    errata = len(re.findall(r'^\s*!!! danger "', text, re.MULTILINE))
    notes = len(re.findall(r'^\s*!!! (?:note|info) "', text, re.MULTILINE))
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    formulas = prose.count("$$") // 2  # displayed formulas; inline ones may split or merge
    return fences, errata, notes, formulas


@pytest.mark.parametrize("source", english_pages(), ids=lambda p: p.name)
def test_every_page_has_a_chinese_twin_with_the_same_content(source: Path) -> None:
    """Same snippets, errata boxes, notes and formulas in both languages."""
    if source.name in ENGLISH_ONLY:
        pytest.skip("the API reference stays English")
    translation = DOCS / source.name.replace(".md", ".zh.md")
    assert translation.exists(), f"{source.name} has no Chinese page {translation.name}"
    english = _parity(source.read_text(encoding="utf-8"))
    chinese = _parity(translation.read_text(encoding="utf-8"))
    names = ("python fences", "errata boxes", "notes", "formulas")
    for name, a, b in zip(names, english, chinese, strict=True):
        assert a == b, f"{translation.name}: {b} {name}, {source.name}: {a}"
