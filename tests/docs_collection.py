"""How the suite finds the examples in the docs and in the package's docstrings.

``console`` fences are transcripts of the command line: each ``$ paramref ...``
line is run and its output (stdout and stderr, in order) must equal the lines
below it. A console fence with any other command is an error, so that no
transcript is silently left unchecked; shell lines that are not meant to run go
in a ``bash`` fence.

Sybil's stock markdown parser runs only fences whose info string is exactly
``python``. The site also uses ``py``, ``pycon`` and fences with attributes
(``python title="mlp.py"``), so this parser reads the language from the first
word of the info string. A fence whose code starts with ``>>>`` (and every
``pycon`` fence) runs as a doctest; any other python fence runs as a script.
Every page gets one namespace, in page order.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
from collections.abc import Iterable, Iterator
from pathlib import Path

from sybil import Document, Example, Region, Sybil
from sybil.document import PythonDocStringDocument
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.abstract.lexers import LexerCollection
from sybil.parsers.markdown.lexers import DirectiveInHTMLCommentLexer, FencedCodeBlockLexer
from sybil.parsers.rest import DocTestParser

from hooks.snippets import language as fence_language

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PACKAGE = ROOT / "paramref"

PYTHON_LANGUAGES = frozenset({"python", "py", "pycon"})
RUNNABLE_LANGUAGES = PYTHON_LANGUAGES | {"console"}
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


class PythonFenceParser:
    """Sybil parser for ``python``, ``py`` and ``pycon`` fences, attributes allowed."""

    def __init__(self) -> None:
        self.lexers = LexerCollection(
            [
                FencedCodeBlockLexer(
                    language=r".+", mapping={"language": "arguments", "source": "source"}
                ),
                DirectiveInHTMLCommentLexer(
                    directive=r"(invisible-)?code(-block)?", arguments=r".+"
                ),
            ]
        )
        self.doctests = DocTestStringParser(DocTestEvaluator(DOCTEST_FLAGS))
        self.scripts = PythonEvaluator()

    def __call__(self, document: Document) -> Iterator[Region]:
        for region in self.lexers(document):
            language = fence_language(region.lexemes["arguments"])
            if language not in PYTHON_LANGUAGES:
                continue
            source = region.lexemes["source"]
            if source.lstrip().startswith(">>>"):
                for example in self.doctests(source, document.path):
                    example.adjust(region, source)
                    yield example
            elif language == "pycon":
                line = document.text.count("\n", 0, region.start) + 1
                raise ValueError(f"{document.path}, line {line}: a pycon fence without >>>")
            else:
                region.parsed = source
                region.evaluator = self.scripts
                yield region


PROMPT = "$ "
COMMANDS = (("paramref",), ("python", "-m", "paramref"))


def run_command(line: str) -> tuple[str, int]:
    """Run one ``paramref ...`` command in-process: (stdout and stderr, exit status)."""
    from paramref._cli import main

    words = shlex.split(line)
    for command in COMMANDS:
        if tuple(words[: len(command)]) == command:
            argv = words[len(command) :]
            break
    else:
        raise ValueError(f"not a paramref command: {line!r}")
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
        try:
            status = main(argv)
        except SystemExit as done:  # --help
            status = int(done.code or 0)
    return captured.getvalue(), status


def transcript(source: str) -> list[tuple[str, str]]:
    """Split a console fence into (command, expected output) pairs."""
    pairs: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        if line.startswith(PROMPT):
            pairs.append((line[len(PROMPT) :], []))
        elif pairs:
            pairs[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"console fence starts with output, not a {PROMPT!r} line: {line!r}")
    return [(command, "\n".join(lines)) for command, lines in pairs]


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def evaluate_transcript(example: Example) -> str | None:
    for command, expected in example.parsed:
        got, status = run_command(command)
        if _normal(got) != _normal(expected):
            return f"$ {command}\nExpected:\n{expected}\nGot:\n{got}"
        # A transcript that shows an error shows a refusal: exit status 2; else 0.
        wanted = 2 if expected.lstrip().startswith("paramref: error:") else 0
        if status != wanted:
            return f"$ {command}\nexit status {status}, expected {wanted}"
    return None


class ConsoleParser:
    """Sybil parser for ``console`` fences of ``paramref`` commands."""

    def __init__(self) -> None:
        self.lexer = FencedCodeBlockLexer(
            language=r".+", mapping={"language": "arguments", "source": "source"}
        )

    def __call__(self, document: Document) -> Iterator[Region]:
        for region in self.lexer(document):
            if fence_language(region.lexemes["arguments"]) != "console":
                continue
            pairs = transcript(str(region.lexemes["source"]))
            if not pairs:
                raise ValueError(f"{document.path}: an empty console fence")
            for command, _ in pairs:
                words = shlex.split(command)
                if not any(tuple(words[: len(c)]) == c for c in COMMANDS):
                    raise ValueError(
                        f"{document.path}: console fences run paramref commands only, got "
                        f"{command!r}; use a bash fence for other shell lines"
                    )
            region.parsed = pairs
            region.evaluator = evaluate_transcript
            yield region


FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def runnable_fences(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers, 1-based, of every python/py/pycon/console fence.

    Written independently of Sybil's lexer so that the two can check each other.
    """
    found: list[tuple[int, int]] = []
    opened: tuple[int, str, str, str] | None = None  # line, fence, indent, language
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if match is None:
            continue
        fence, info = match["fence"], match["info"]
        if opened is None:
            opened = (number, fence, match["indent"], fence_language(info))
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not info.strip():
            if opened[3] in RUNNABLE_LANGUAGES:
                found.append((opened[0], number))
            opened = None
    return found


def examples_by_line(document: Iterable[Example]) -> list[int]:
    return [example.line for example in document]


docs = Sybil(
    parsers=[PythonFenceParser(), ConsoleParser()],
    path=str(DOCS),
    patterns=["*.md"],
    name="docs",
)
docstrings = Sybil(
    parsers=[DocTestParser(optionflags=DOCTEST_FLAGS)],
    path=str(PACKAGE),
    patterns=["*.py"],
    document_types={".py": PythonDocStringDocument},
    name="docstrings",
)
