"""The built site in a real browser: Debian's headless Chromium, driven by Playwright.

The site is served over http on 127.0.0.1 from a thread (search needs http, not
``file://``). Every page is loaded and checked: no console error, no failed
request, no request to another host (every request is intercepted; one that
would leave 127.0.0.1 is recorded and aborted), every formula rendered, the
fonts loaded. Probe sites show that the checker reports each failure it looks for.

Playwright drives ``/usr/bin/chromium`` (``make test`` installs it with apt-get
when it is missing); Playwright's own browser download is never used.
"""

from __future__ import annotations

import functools
import gzip
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    Route,
    ViewportSize,
)

from tests.docs_collection import DOCS
from tests.test_docs import build, small_site
from tests.test_site import english_pages, page_url

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
#: A formula page with its stylesheets, scripts, fonts and search index must transfer
#: less than this (text compressed with gzip, as web hosts send it).
MAX_PAGE_BYTES = 1_500_000
KATEX_FONTS = "/assets/katex/fonts/"
#: TeX that reached the reader unrendered: $...$, $$, \(, \[ or a \command{.
RAW_TEX = re.compile(r"\$\$|\$[^$\s][^$]*\$|\\[(\[]|\\[A-Za-z]+\{")

URLS = [
    *(page_url(p, language) for language in ("", "zh/") for p in english_pages()),
    "404.html",
    "zh/404.html",
]


# --- serving and browsing ----------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file server that compresses text and WebAssembly with gzip, as web hosts do.

    (Zip archives and wheels are compressed already, and go as they are.)
    """

    extensions_map = {  # noqa: RUF012 - the base class declares it as a plain dict
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".wasm": "application/wasm",
        ".woff2": "font/woff2",
    }
    COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".wasm")
    #: Compressed bodies by (path, modification time): Pyodide's runtime is 10 MB.
    _gzipped: ClassVar[dict[tuple[str, int], bytes]] = {}
    _lock = threading.Lock()

    @classmethod
    def gzipped(cls, path: Path) -> bytes:
        key = (str(path), path.stat().st_mtime_ns)
        with cls._lock:
            if key not in cls._gzipped:
                cls._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=6)
            return cls._gzipped[key]

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in self.COMPRESSED and path.is_file()):
            super().do_GET()
            return
        body = self.gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser that drops a connection early is not the site's fault


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` over http on 127.0.0.1, on a free port, from a thread."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- the checker ------------------------------------------------------------------

FACTS = """async () => {
  await document.fonts.ready;
  const article = document.querySelector("article") || document.body;
  const prose = article.cloneNode(true);
  prose.querySelectorAll("pre, code, script, style, .katex, .tex-copy").forEach((e) => e.remove());
  return {
    prose: prose.textContent,
    formulas: document.querySelectorAll(".katex").length,
    katexErrors: document.querySelectorAll(".katex-error").length,
    fontsStatus: document.fonts.status,
    fontErrors: Array.from(document.fonts)
      .filter((f) => f.status === "error")
      .map((f) => f.family),
    katexMain: document.fonts.check("16px KaTeX_Main"),
  };
}"""


@dataclass
class Report:
    """What the browser saw while loading one page."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    formulas: int = 0
    katex_errors: int = 0
    fonts_status: str = ""
    font_errors: list[str] = field(default_factory=list)
    katex_main: bool = False
    katex_fonts: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    transferred: dict[str, int] = field(default_factory=dict)

    @property
    def bytes(self) -> int:
        """Everything the page requested (HTML, CSS, JS, fonts, search index), unpacked."""
        return sum(self.sizes.values())

    @property
    def transfer_bytes(self) -> int:
        """The same, as sent over the network: text compressed with gzip, as hosts do."""
        return sum(self.transferred.values())

    def problems(self) -> list[str]:
        found = [f"console error: {text}" for text in self.console_errors]
        found += [f"failed request: {text}" for text in self.failed]
        found += [f"request leaving 127.0.0.1 (blocked): {url}" for url in self.outside]
        found += [f"raw TeX in the page: {text!r}" for text in self.raw_tex]
        if self.katex_errors:
            found.append(f"{self.katex_errors} formula(s) rendered as .katex-error")
        if self.fonts_status != "loaded":
            found.append(f"document.fonts.status is {self.fonts_status!r}")
        found += [f"font failed to load: {family}" for family in self.font_errors]
        if self.formulas:
            if not self.katex_fonts:
                found.append("the page has formulas but requested no KaTeX font")
            found += [
                f"KaTeX font answered {status}: {url}"
                for url, status in self.katex_fonts.items()
                if status != 200
            ]
            if not self.katex_main:
                found.append("KaTeX_Main is not available to the page")
        return found


def check(context: BrowserContext, url: str) -> Report:
    """Load ``url`` in a new tab and report everything the checks look for."""
    report = Report(url)
    page = context.new_page()
    responses: list[Response] = []

    def route(intercepted: Route) -> None:
        host = urlsplit(intercepted.request.url).hostname
        if intercepted.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            intercepted.continue_()
        else:
            report.outside.append(intercepted.request.url)
            intercepted.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            report.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def request_failed(request: Request) -> None:
        if request.url not in report.outside:
            report.failed.append(f"{request.url}: {request.failure}")

    def response(answer: Response) -> None:
        responses.append(answer)
        if answer.status >= 400:
            report.failed.append(f"{answer.url}: HTTP {answer.status}")
        if KATEX_FONTS in answer.url:
            report.katex_fonts[answer.url] = answer.status

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", request_failed)
    page.on("response", response)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        facts = page.evaluate(FACTS)
        for answer in responses:
            try:
                report.sizes[answer.url] = len(answer.body())
            except Exception:  # a redirect or an aborted request has no body
                report.sizes[answer.url] = 0
            length = answer.header_value("content-length")
            report.transferred[answer.url] = int(length) if length else 0
    finally:
        page.close()
    report.raw_tex = [m.group(0)[:80] for m in RAW_TEX.finditer(facts["prose"])]
    report.formulas = facts["formulas"]
    report.katex_errors = facts["katexErrors"]
    report.fonts_status = facts["fontsStatus"]
    report.font_errors = facts["fontErrors"]
    report.katex_main = facts["katexMain"]
    return report


# --- every page of the site -------------------------------------------------------


@pytest.mark.parametrize("url", URLS, ids=lambda u: u or "index")
def test_page_is_clean_in_the_browser(browser: BrowserContext, base_url: str, url: str) -> None:
    report = check(browser, base_url + url)
    assert report.problems() == []


def test_formula_page_is_light(browser: BrowserContext, base_url: str) -> None:
    report = check(browser, base_url + "dense-mlp/")
    assert report.formulas > 100
    assert report.katex_fonts, "no KaTeX font was requested"
    heaviest = sorted(report.transferred.items(), key=lambda item: -item[1])
    assert report.transfer_bytes < MAX_PAGE_BYTES, heaviest
    assert report.transfer_bytes < report.bytes  # the server did compress
    print(f"dense-mlp/: {report.transfer_bytes:,} bytes transferred, {report.bytes:,} unpacked")


# --- search, copy buttons -----------------------------------------------------------


def search(page: Page, term: str) -> str:
    """Type ``term`` into the search box; click the first result; return its URL."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(term, delay=20)
    first = page.locator(".md-search-result__item .md-search-result__link").first
    first.wait_for(state="visible", timeout=10_000)
    first.click()
    page.wait_for_load_state("load")
    return page.url


SEARCHES = [
    # (start page, term, the page the first result must land on, needs this source page)
    ("", "LSTM", "recurrent/", "recurrent.md"),
    ("", "multilayer perceptron", "dense-mlp/", "dense-mlp.md"),
    ("zh/", "隐藏层", "zh/dense-mlp/", "dense-mlp.zh.md"),
    ("zh/", "长短期记忆", "zh/recurrent/", "recurrent.zh.md"),
    ("zh/", "深度可分离卷积", "zh/convolution/", "convolution.zh.md"),
]


@pytest.mark.parametrize(("start", "term", "lands_on", "source"), SEARCHES)
def test_search_finds_the_page(
    browser: BrowserContext, base_url: str, start: str, term: str, lands_on: str, source: str
) -> None:
    if not (DOCS / source).exists():
        pytest.skip(f"docs/{source} does not exist yet: the search for {term!r} needs it")
    page = browser.new_page()
    try:
        page.goto(base_url + start)
        landed = search(page, term)
        assert urlsplit(landed).path == "/" + lands_on, landed
        if lands_on == "recurrent/":
            assert "Recurrent" in page.title()
    finally:
        page.close()


def test_copy_tex_button_copies_the_formula(browser: BrowserContext, base_url: str) -> None:
    page = browser.new_page()
    try:
        page.goto(base_url + "dense-mlp/")
        blocks = page.locator(".math-block")
        assert blocks.count() > 10
        assert page.locator(".math-block > .tex-copy").count() == blocks.count()
        assert page.locator(".katex-display").count() == blocks.count()
        block = blocks.nth(1)
        tex = block.locator('annotation[encoding="application/x-tex"]').text_content()
        assert tex
        block.hover()
        button = block.locator(".tex-copy")
        assert button.is_visible()
        assert button.get_attribute("aria-label") == "Copy TeX"
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == tex.strip()
        page.wait_for_selector(".tex-copy--done")
    finally:
        page.close()


def test_copy_tex_button_speaks_chinese(browser: BrowserContext, base_url: str) -> None:
    page = browser.new_page()
    try:
        page.goto(base_url + "zh/dense-mlp/")
        button = page.locator(".math-block > .tex-copy").first
        assert button.get_attribute("aria-label") == "复制 TeX"
    finally:
        page.close()


def test_code_blocks_have_a_copy_button(browser: BrowserContext, base_url: str) -> None:
    page = browser.new_page()
    try:
        page.goto(base_url + "dense-mlp/")
        blocks = page.locator("pre > code")
        assert blocks.count() > 5
        # Material 9.7+ puts the button in a <nav> inside the <pre>; older ones directly.
        buttons = "pre button[data-md-type='copy'], pre > button.md-clipboard"
        assert page.locator(buttons).count() == blocks.count()
        first = page.locator("pre").first
        first.hover()
        first.locator("button[data-md-type='copy'], button.md-clipboard").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(">>> import sympy"), copied
    finally:
        page.close()


# --- the checker catches each failure ------------------------------------------------


def probe(tmp_path: Path, body: str, *, katex: bool = True) -> Path:
    """Build a one-page probe site; without ``katex`` its formulas stay raw TeX."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = small_site(tmp_path, body)
    if not katex:
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"hooks:\n  - .*\n", "", text), encoding="utf-8")
    done = build(config, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    return tmp_path / "site"


def check_probe(browser: BrowserContext, site: Path) -> Report:
    with serve(site) as url:
        return check(browser, url)


def test_checker_passes_a_clean_probe(browser: BrowserContext, tmp_path: Path) -> None:
    report = check_probe(browser, probe(tmp_path, "# Probe\n\nText and $x^2$.\n"))
    assert report.formulas == 1
    # The probe site does not copy KaTeX's stylesheet, so only the font checks fail.
    assert all("KaTeX" in problem for problem in report.problems()), report.problems()


def test_checker_reports_a_broken_formula(browser: BrowserContext, tmp_path: Path) -> None:
    # Invalid TeX fails the build (tests/test_docs.py shows it for several cases) ...
    config = small_site(tmp_path, "# Probe\n\n$$\n\\frac{1}{\n$$\n")
    done = build(config, tmp_path / "site")
    assert done.returncode != 0
    assert "KaTeX could not render a formula" in done.stderr
    # ... and TeX that gets through unrendered is caught in the browser.
    raw = probe(tmp_path / "raw", "# Probe\n\n$$\n\\frac{1}{2}\n$$\n\nand $x^2$.\n", katex=False)
    report = check_probe(browser, raw)
    assert report.raw_tex
    assert any("raw TeX" in problem for problem in report.problems())
    error = probe(tmp_path / "error", '# Probe\n\n<span class="katex-error">\\frac{</span>\n')
    assert any(".katex-error" in p for p in check_probe(browser, error).problems())


def test_checker_reports_a_console_error(browser: BrowserContext, tmp_path: Path) -> None:
    site = probe(tmp_path, '# Probe\n\n<script>console.error("probe: broken");</script>\n')
    report = check_probe(browser, site)
    assert any("probe: broken" in text for text in report.console_errors)
    assert any("console error" in problem for problem in report.problems())


def test_checker_reports_an_outside_request(browser: BrowserContext, tmp_path: Path) -> None:
    site = probe(tmp_path, '# Probe\n\n<img src="https://example.com/probe.png" alt="">\n')
    report = check_probe(browser, site)
    assert set(report.outside) == {"https://example.com/probe.png"}
    assert any("leaving 127.0.0.1" in problem for problem in report.problems())


def test_checker_reports_a_missing_font(browser: BrowserContext, tmp_path: Path) -> None:
    body = (
        "# Probe\n\n<style>@font-face { font-family: Probe; "
        'src: url("missing.woff2") format("woff2"); }</style>\n\n'
        '<p style="font-family: Probe">text</p>\n'
    )
    report = check_probe(browser, probe(tmp_path, body))
    assert any("missing.woff2" in text for text in report.failed)
    assert report.font_errors == ["Probe"]


# --- figures ----------------------------------------------------------------------

#: Pages with figures (``<!-- figure: ... -->`` markers), in both languages, with the
#: language their figures must speak: Chinese where the page has a ``.zh.md`` twin.
FIGURE_PAGES = [
    (page_url(p, language), "zh" if language and p.with_suffix(".zh.md").exists() else "en")
    for language in ("", "zh/")
    for p in english_pages()
    if "<!-- figure:" in p.read_text(encoding="utf-8")
]

FIGURE_FACTS = """() => Array.from(document.querySelectorAll("figure.pr-figure")).map((f) => {
  const svg = f.querySelector("svg");
  const box = svg.getBoundingClientRect();
  const byId = (id) => (document.getElementById(id) || {}).textContent || "";
  const texts = Array.from(svg.querySelectorAll("text"));
  const heights = texts.map((t) => t.getBoundingClientRect().height).filter((h) => h > 0);
  return {
    lang: f.getAttribute("lang"),
    role: svg.getAttribute("role"),
    title: (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).map(byId).join(" ").trim(),
    desc: byId(svg.getAttribute("aria-describedby") || ""),
    caption: (f.querySelector("figcaption") || {}).textContent || "",
    width: box.width,
    height: box.height,
    right: box.right,
    viewport: document.documentElement.clientWidth,
    shapes: svg.querySelectorAll("rect, path, circle, line").length,
    texts: texts.length,
    smallestText: Math.min(...heights),
    textFill: texts.length ? getComputedStyle(texts[0]).fill : "",
    background: getComputedStyle(document.body).backgroundColor,
  };
})"""

PHONE: ViewportSize = {"width": 375, "height": 740}


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black, 1 white) of ``rgb(r, g, b)``."""
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def figure_facts(
    context: BrowserContext, url: str, *, scheme: str = "light", viewport: ViewportSize = DESKTOP
) -> tuple[list[dict[str, Any]], list[str]]:
    """The figures of ``url`` as the browser lays them out, and any request off 127.0.0.1."""
    outside: list[str] = []
    page = context.new_page()

    def route(intercepted: Route) -> None:
        if urlsplit(intercepted.request.url).hostname in ("127.0.0.1", None):
            intercepted.continue_()
        else:
            outside.append(intercepted.request.url)
            intercepted.abort()

    try:
        page.route("**/*", route)
        # Material keeps the palette a reader picked; start from the browser's preference.
        page.add_init_script("localStorage.clear()")
        page.set_viewport_size(viewport)
        page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
        page.goto(url, wait_until="load")
        figures = page.locator("figure.pr-figure")
        for k in range(figures.count()):
            figures.nth(k).scroll_into_view_if_needed()
            assert figures.nth(k).locator("svg").is_visible(), f"{url}: figure {k + 1} is hidden"
        facts: list[dict[str, Any]] = page.evaluate(FIGURE_FACTS)
    finally:
        page.close()
    return facts, outside


@pytest.mark.parametrize(("url", "lang"), FIGURE_PAGES, ids=[u for u, _ in FIGURE_PAGES])
def test_figures_load_with_their_text_alternative(
    browser: BrowserContext, base_url: str, url: str, lang: str
) -> None:
    facts, outside = figure_facts(browser, base_url + url)
    assert facts, f"{url}: no figure"
    assert outside == []
    for k, figure in enumerate(facts, start=1):
        where = f"{url} figure {k}"
        assert figure["lang"] == lang, where
        assert figure["role"] == "img", where
        assert figure["width"] > 200, where
        assert figure["height"] > 80, where
        assert figure["shapes"] >= 1, where
        assert figure["texts"] > 2, where
        assert len(figure["title"]) > 10, where
        assert len(figure["desc"]) > 40, where
        assert figure["caption"], where
        chinese = re.search("[\u4e00-\u9fff]", figure["title"] + figure["desc"]) is not None
        assert chinese == (lang == "zh"), f"{where}: the text alternative is not in {lang}"


@pytest.mark.parametrize("url", ["dense-mlp/", "zh/dense-mlp/", "recurrent/", "models/"])
def test_figures_read_in_both_palettes(browser: BrowserContext, base_url: str, url: str) -> None:
    light, _ = figure_facts(browser, base_url + url, scheme="light")
    dark, _ = figure_facts(browser, base_url + url, scheme="dark")
    for figure in light:
        assert luminance(figure["background"]) > 0.8
        assert luminance(figure["textFill"]) < 0.3, figure["textFill"]
    for figure in dark:
        assert luminance(figure["background"]) < 0.2
        assert luminance(figure["textFill"]) > 0.7, figure["textFill"]


@pytest.mark.parametrize("url", ["dense-mlp/", "zh/dense-mlp/", "attention/", "models/"])
def test_figures_fit_a_phone(browser: BrowserContext, base_url: str, url: str) -> None:
    facts, _ = figure_facts(browser, base_url + url, viewport=PHONE)
    for k, figure in enumerate(facts, start=1):
        assert figure["right"] <= figure["viewport"] + 0.5, f"{url} figure {k} overflows"
        # Text is drawn at 11.5 to 13 units, the figure scaled to the screen: still legible.
        assert figure["smallestText"] >= 8, f"{url} figure {k}: {figure['smallestText']:.1f} px"
