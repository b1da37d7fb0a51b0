"""MkDocs hook: tidy the links that the language switch (mkdocs-static-i18n) adds.

- The plugin points each page's ``<link rel="alternate" hreflang>`` tags at the
  same page in the other language. Material's JavaScript reads those tags as
  language *roots* and fetches ``sitemap.xml`` under each one, which fails (a 404
  and a console error on every page). The language switch in the header already
  links each page to its translation, and ``hreflang`` tags need absolute URLs to
  mean anything (the site has no ``site_url``), so the tags are dropped.
- On the home pages the plugin writes the switch's links as ``/`` and ``/zh/``,
  which break when the site is served under a sub-path; they are made relative.
- The plugin builds each language into the same ``site_dir``, so the Chinese
  build's ``404.html`` would replace the English one at the site's root. The
  root keeps the English page; the Chinese one goes to ``zh/404.html``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

ALTERNATE_TAG = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
ABSOLUTE_SWITCH = re.compile(r'(<a href=")(/[^"]*)(" hreflang="[^"]*")')
DEFAULT_LANGUAGE = "en"

_default_404: dict[str, str] = {}


def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    output = ALTERNATE_TAG.sub("", output)

    def relative(match: re.Match[str]) -> str:
        href = get_relative_url(match.group(2).lstrip("/"), page.url)
        if not href.endswith("/") and match.group(2).endswith("/"):
            href += "/"
        return f"{match.group(1)}{href}{match.group(3)}"

    return ABSOLUTE_SWITCH.sub(relative, output)


def on_post_template(output: str, template_name: str, config: Any, **kwargs: Any) -> str:
    if template_name != "404.html":
        return output
    output = ALTERNATE_TAG.sub("", output)
    language = str(config["theme"]["language"])
    site_dir = str(config["site_dir"])
    if language == DEFAULT_LANGUAGE:
        _default_404[site_dir] = output
        return output
    translated = Path(site_dir) / language / "404.html"
    translated.parent.mkdir(parents=True, exist_ok=True)
    translated.write_text(output, encoding="utf-8")
    return _default_404.get(site_dir, output)
