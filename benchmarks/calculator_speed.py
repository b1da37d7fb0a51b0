"""What a "Count it" box costs a reader: bytes over the network, and seconds to an answer.

The built site is served from 127.0.0.1 the way web hosts serve it (text and
WebAssembly compressed with gzip; zip archives and wheels as they are), and Debian's
headless Chromium, with a fresh profile, opens the recurrent page and uses its box:

- **first answer, empty cache**: from the click on "Count" to the answer, on a first
  visit (Python, the package and Pyodide's runtime are downloaded and started);
- **first answer, cached**: the same on a second visit (the browser's cache holds
  the files; Python starts again, as it does on every page);
- **later answers**: the median of the next answers, from the warm worker;
- **first formula**: the first click on "Formula" (sympy and mpmath downloaded,
  installed and imported; KaTeX's script loaded); **later formulas**: the median.

It prints the bytes each group of files takes over the network and unpacked.

    python benchmarks/calculator_speed.py              # builds the site first
    python benchmarks/calculator_speed.py --site site  # an already built site
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, Response, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

ANSWERED = """([selector, text]) => {
  const area = document.querySelector(selector);
  return area.dataset.answered === text && ["done", "error"].includes(area.dataset.state);
}"""
GROUPS = {
    "Pyodide runtime": "/assets/pyodide/",
    "paramref wheel, worker, manifest": (
        "/assets/calculator/paramref-",
        "calculator-worker.js",
        "manifest.json",
    ),
    "sympy and mpmath wheels": ("/assets/calculator/sympy-", "/assets/calculator/mpmath-"),
    "KaTeX script": "katex.min.js",
}
INPUTS = [f"nn.LSTM({i}, {2 * i}, num_layers=2)" for i in range(10, 30)]


def ask(page: Page, text: str, action: str = "count") -> float:
    """Seconds from the click to the answer."""
    area = "[data-calculator-result]" if action == "count" else "[data-calculator-formula]"
    page.locator("[data-calculator]").fill(text)
    start = time.perf_counter()
    page.locator(f"[data-calculator-action={action}]").click()
    page.wait_for_function(ANSWERED, arg=[area, text], timeout=600_000, polling=20)
    return time.perf_counter() - start


def build() -> Path:
    out = Path(tempfile.mkdtemp(prefix="paramref-site-")) / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT,
        check=True,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    options = parser.parse_args()
    site = options.site or build()
    sizes: dict[str, tuple[int, int]] = {}  # url -> (sent, unpacked)

    def record(response: Response) -> None:
        try:
            unpacked = len(response.body())
        except Exception:
            return
        sent = int(response.header_value("content-length") or unpacked)
        sizes[response.url.split("?")[0]] = (sent, unpacked)

    with (
        serve(site) as url,
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as profile,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = context.new_page()
        page.on("response", record)
        page.goto(url + "recurrent/", wait_until="networkidle")
        first = ask(page, "nn.LSTM(64, 32)")
        later = statistics.median(ask(page, text) for text in INPUTS)
        formula = ask(page, "nn.GRU(8, 16)", "formula")
        formulas = statistics.median(ask(page, text, "formula") for text in INPUTS[:5])
        page.close()
        page = context.new_page()
        page.goto(url + "recurrent/", wait_until="networkidle")
        cached = ask(page, "nn.LSTM(64, 32)")
        page.close()
        context.close()

    print(f"{'files':<34}{'sent (gzip)':>14}{'unpacked':>14}")
    for group, parts in GROUPS.items():
        parts = (parts,) if isinstance(parts, str) else parts
        chosen = [v for u, v in sizes.items() if any(p in u for p in parts)]
        sent, unpacked = sum(s for s, _ in chosen), sum(u for _, u in chosen)
        print(f"{group:<34}{sent / 1e6:>11.2f} MB{unpacked / 1e6:>11.2f} MB")
    print()
    print(f"first answer, empty cache   {first:6.1f} s")
    print(f"first answer, cached        {cached:6.1f} s")
    print(f"later answers (median)      {later * 1000:6.0f} ms")
    print(f"first formula               {formula:6.1f} s")
    print(f"later formulas (median)     {formulas * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
