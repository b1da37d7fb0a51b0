"""The "Run" buttons on the pages' snippets (hooks/snippets.py, paramref._browser.run).

In CPython, with the functions the reader's browser calls: every snippet that
gets a button prints what its page shows when run with the snippets before it
that the browser runs too; the hook reads the same snippets as the suite.
"""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from sybil import Document

from hooks import snippets
from paramref._browser import run
from tests.docs_collection import DOCS, PythonFenceParser

PAGES = sorted(DOCS.glob("*.md"))


def _page_id(page: Path) -> str:
    return page.name


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_the_hook_reads_the_snippets_the_suite_runs(page: Path) -> None:
    document = Document.parse(str(page), PythonFenceParser())
    suite = [
        example.parsed.source if isinstance(example.parsed, doctest.Example) else example.parsed
        for example in document.examples()
    ]
    hook = []
    for snippet in snippets.snippets(page.read_text(encoding="utf-8")):
        if snippet.kind == "script":
            hook.append(snippet.source)
        else:
            hook += [e.source for e in doctest.DocTestParser().get_examples(snippet.source)]
    assert hook == suite


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_run_button_prints_what_the_page_shows(page: Path) -> None:
    listed, runs = snippets.sessions(page.read_text(encoding="utf-8"))
    if not runs:
        return
    # The last button's session runs every kept snippet before it: the answer is an
    # error if any of them fails or prints otherwise.
    last = max(runs)
    answer = json.loads(run(json.dumps([[listed[i].kind, listed[i].source] for i in runs[last]])))
    assert "error" not in answer, answer
    assert answer["examples"], answer
    assert all(example["same"] for example in answer["examples"]), answer


def test_most_snippets_have_a_button() -> None:
    """Only the snippets that need torch, Keras or transformers (or their names) have none."""
    offered = shown = 0
    for page in PAGES:
        listed, runs = snippets.sessions(page.read_text(encoding="utf-8"))
        offered += len(runs)
        shown += sum(1 for s in listed if s.kind == "doctest" and s.shown)
    assert offered >= 200
    assert offered / shown >= 0.6


def test_a_snippet_after_a_skipped_one_that_defines_its_names_is_skipped() -> None:
    markdown = (
        "```pycon\n>>> from paramref import nn\n>>> nn.Linear(2, 2).params\n6\n```\n"
        "```pycon\n>>> import torch\n>>> layer = torch.nn.Linear(2, 2)\n```\n"
        "```pycon\n>>> sum(p.numel() for p in layer.parameters())\n6\n```\n"
        "```pycon\n>>> nn.Linear(3, 1).params\n4\n```\n"
    )
    _, runs = snippets.sessions(markdown)
    assert sorted(runs) == [0, 3]
    assert runs[3] == [0, 3]
    page = snippets.on_page_markdown(markdown, None, None)
    assert page.count("data-run-snippet=") == 2
    assert page.count('id="paramref-snippets"') == 1


def test_a_failing_earlier_snippet_is_reported() -> None:
    session = [["doctest", ">>> 1 + 1\n3\n"], ["doctest", ">>> 2\n2\n"]]
    assert json.loads(run(json.dumps(session))) == {"error": "<snippet 1>: 1 + 1 printed otherwise"}
    session = [["script", "raise ValueError('no')\n"], ["doctest", ">>> 2\n2\n"]]
    assert json.loads(run(json.dumps(session))) == {"error": "<snippet 1>: ValueError: no"}
