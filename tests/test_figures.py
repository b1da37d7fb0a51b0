"""The figures of ``hooks/figures.py``: every marker draws, states the package's count,
speaks the page's language; a drifted count fails the build."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks import figures
from paramref import models
from tests.docs_collection import DOCS, ROOT
from tests.test_docs import build

PAGES = sorted(p for p in DOCS.glob("*.md") if not p.name.endswith(".zh.md"))
MARKED = [p for p in sorted(DOCS.glob("*.md")) if list(figures.markers(p.read_text("utf-8")))]
CJK = re.compile("[\u4e00-\u9fff]")

#: The figures each page must have (the layer pages' tensors, the MLP's three, the models').
EXPECTED = {
    "dense-mlp.md": ["tensors", "mlp", "width_match", "two_hidden"],
    "convolution.md": ["tensors"],
    "recurrent.md": ["tensors"],
    "normalization.md": ["tensors"],
    "attention.md": ["tensors", "tensors"],
    "embedding.md": ["tensors"],
    "transformer.md": ["tensors"],
    "models.md": ["model_parts", "model_parts", "kaplan", "model_parts"],
    "models-ssm.md": ["model_parts"],
}


def marker_calls(page: Path) -> list[str]:
    return list(figures.markers(page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", sorted(EXPECTED), ids=str)
def test_page_has_its_figures(page: str) -> None:
    names = [figures.parse(call).name for call in marker_calls(DOCS / page)]
    assert names == EXPECTED[page]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_translation_has_the_same_marker_lines(page: Path) -> None:
    """Translators copy the marker lines: a Chinese page has the English page's, in order."""
    chinese = page.with_name(page.name.replace(".md", ".zh.md"))
    if chinese.exists():
        assert marker_calls(chinese) == marker_calls(page)


@pytest.mark.parametrize("page", MARKED, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_marker_draws_an_accessible_figure(page: Path, lang: str) -> None:
    for k, call in enumerate(marker_calls(page), start=1):
        out = figures.figure_html(call, lang, f"figure-{k}")
        assert out.startswith(f'<figure class="pr-figure" lang="{lang}">')
        assert 'role="img"' in out
        assert f'aria-labelledby="figure-{k}-title"' in out
        assert re.search(r'viewBox="0 0 \d+ \d+"', out)
        title = re.search(rf'<title id="figure-{k}-title">([^<]+)</title>', out)
        desc = re.search(rf'<desc id="figure-{k}-desc">([^<]+)</desc>', out)
        assert title, call
        assert desc, call
        assert len(desc.group(1)) > 40, f"{call}: the description says too little"
        if lang == "zh":
            assert CJK.search(title.group(1)), f"{call}: the Chinese title is not Chinese"
            assert CJK.search(desc.group(1))
        else:
            assert not CJK.search(title.group(1) + desc.group(1))
        # Every text of the drawing is escaped: no raw markup breaks the page.
        assert "<script" not in out


def test_figure_states_the_package_numbers() -> None:
    out = figures.figure_html("tensors(nn.LSTM(4096, 256), params=4458496)", "en", "f")
    for text in ("weight_ih_l0", "4·hidden_size", "1,024", "4,096", "4,458,496"):
        assert text in out
    assert ">i<" in out
    assert ">o<" in out
    norm = figures.figure_html("tensors(nn.BatchNorm2d(64), params=128)", "en", "f")
    assert "running_mean" in norm
    assert "pr-buffer" in norm
    plane = figures.figure_html(
        "two_hidden(4096, 4197377, ratio=(3, 6), source=(985, 165), best=(974, 212), "
        "delta=(1024, 14))",
        "en",
        "f",
    )
    assert "+1,024" in plane
    assert "+14" in plane


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("tensors(nn.Linear(256, 128), params=32895)", "computes 32,896"),
        ("mlp(8, 16, 2, 8, params=553)", "computes 552"),
        (
            "width_match(8, 8, 2, 16, dest_hidden_layers=(4,), hidden_dim_match=(10,))",
            "computes 11",
        ),
        (
            "two_hidden(4096, 4197377, ratio=(3, 6), source=(985, 165), best=(974, 212), "
            "delta=(1000, 14))",
            "computes 1,024, 14",
        ),
        ('model_parts("gpt2", params=(1, 2, 3, 4))', "computes 124,439,808"),
        ('kaplan("gpt2", non_embedding=(1, 2, 3, 4))', "computes 85,056,000"),
        ("tensors(nn.Linear(256, 128))", "state params="),
        ("tensors(nn.Linear(256, 128), params=32896, colour=1)", "unknown argument"),
        ("pie(1)", "no figure 'pie'"),
        ("tensors(nn.Nothing(1), params=1)", "not public"),
        ("tensors(nn.Linear(256, -1), params=1)", "out_features"),
        ('model_parts("gpt5", params=(1,))', "no family 'gpt5'"),
        ("tensors(__import__('os'), params=1)", "cannot read"),
    ],
)
def test_a_wrong_marker_is_refused(call: str, message: str) -> None:
    with pytest.raises(PluginError, match=re.escape(message)):
        figures.figures_in(f"<p>x</p><!-- figure: {call} -->", "en", "probe.md")


def test_model_bars_show_active_counts() -> None:
    """A mixture of experts draws its active count beside the total."""
    spec = models.mistral()
    rows = [figures.ModelRow("dense", spec), figures.ModelRow("moe", spec, spec.params // 4)]
    figure = figures.model_parts_figure("Probe", rows, "en")
    drawn = "".join(figure.canvas.elements)
    assert drawn.count('class="pr-active"') == 1
    assert "active 1,810,433,024 (25.0 %)" in drawn
    assert "active 1,810,433,024" in figure.desc
    assert "the mark is the count active for one token" in figure.caption
    chinese = figures.model_parts_figure("Probe", rows, "zh")
    assert "激活 1,810,433,024" in "".join(chinese.canvas.elements)


def test_model_figures_take_model_calls() -> None:
    out = figures.figure_html(
        "model_parts(models.bert(), models.gpt2(), params=(109482240, 124439808))", "en", "f"
    )
    assert "models.bert()" in out
    assert "pooler" in out
    with pytest.raises(PluginError, match="neither a family name"):
        figures.figure_html("kaplan(nn.Linear(1, 1), non_embedding=(1,))", "en", "f")


def test_row_reads_active_params() -> None:
    assert figures.row("gpt2", models.gpt2()).active is None  # a dense model: no second count
    mixtral = models.mixtral()
    assert figures.row("Mixtral-8x7B", mixtral).active == mixtral.active_params == 12879925248


# --- the build ------------------------------------------------------------------------


def probe_site(tmp_path: Path, marker: str) -> Path:
    (tmp_path / "docs").mkdir(parents=True)
    page = f"# Probe\n\nA figure:\n\n<!-- figure: {marker} -->\n\nEnd.\n"
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "docs" / "index.zh.md").write_text(page, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            f"""\
            site_name: probe
            theme:
              name: material
              font: false
            hooks:
              - {ROOT / "hooks" / "figures.py"}
            plugins:
              - i18n:
                  docs_structure: suffix
                  languages:
                    - locale: en
                      default: true
                      name: English
                    - locale: zh
                      name: 中文
            """
        ),
        encoding="utf-8",
    )
    return config


def test_a_drifted_count_fails_the_build(tmp_path: Path) -> None:
    good = probe_site(tmp_path / "good", "tensors(nn.Linear(256, 128), params=32896)")
    done = build(good, tmp_path / "good" / "site")
    assert done.returncode == 0, done.stderr
    english = (tmp_path / "good" / "site" / "index.html").read_text(encoding="utf-8")
    chinese = (tmp_path / "good" / "site" / "zh" / "index.html").read_text(encoding="utf-8")
    assert '<figure class="pr-figure" lang="en">' in english
    assert "<!-- figure:" not in english
    assert '<figure class="pr-figure" lang="zh">' in chinese
    assert "32,896 个参数" in chinese

    drifted = probe_site(tmp_path / "drifted", "tensors(nn.Linear(256, 128), params=32768)")
    done = build(drifted, tmp_path / "drifted" / "site")
    assert done.returncode != 0
    assert "index.md: figure: tensors(nn.Linear(256, 128), params=32768)" in done.stderr
    assert "the page states params=32768, the package computes 32,896" in done.stderr
