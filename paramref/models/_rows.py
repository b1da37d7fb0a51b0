"""The table of architectures: one row per Hugging Face ``model_type``.

A :class:`Row` says which ``config.json`` keys the architecture reads and their
defaults (as its ``transformers`` config class has them), the classes it has
(``LlamaForCausalLM``, ``LlamaModel``, ...), and a function from the config to
the sizes and the :class:`~paramref.models._decoder.Layout` of switches. Adding
an architecture is adding a row (and its oracle test).

A :class:`Config` is what a row reads: the ``config.json`` with the defaults
filled in, and getters that refuse a value of the wrong type or range with a
message naming the key and the value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from ._decoder import HEADS, Decoder, Layout, Structure

__all__ = ["ROWS", "Config", "Row", "register"]

#: Task classes every decoder row has, by the suffix of the class name.
DECODER_CLASSES = tuple(HEADS)


class Config:
    """A ``config.json`` with its row's defaults, read key by key with checks.

    Every getter names the key and the value it refuses, as ``transformers``'s
    config classes would refuse them (or as building the model would fail).
    """

    __slots__ = ("defaults", "merged", "model_type", "values")

    def __init__(
        self, model_type: str, values: Mapping[str, object], defaults: Mapping[str, object]
    ) -> None:
        self.model_type = model_type
        self.values = values
        self.defaults = defaults
        self.merged = {**defaults, **values}

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str) -> object:
        """The value of ``key``: the config's, else the row's default (``None`` if neither)."""
        return self.merged.get(key)

    def size(self, key: str, minimum: int = 1) -> int:
        """A size: an ``int`` of at least ``minimum`` (``bool`` refused)."""
        value = self.merged.get(key)
        if type(value) is int and value >= minimum:
            return value
        if type(value) is not int:
            raise TypeError(
                f"{key} must be an int, got {type(value).__name__} {value!r} ({self.model_type})"
            )
        if value < minimum:
            what = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
            raise ValueError(f"{key} must be {what}, got {value} ({self.model_type})")
        return value

    def optional_size(self, key: str, minimum: int = 1) -> int | None:
        """A size or ``None`` (``null`` in ``config.json``)."""
        return None if self.get(key) is None else self.size(key, minimum)

    def flag(self, key: str) -> bool:
        """A ``bool``."""
        value = self.get(key)
        if type(value) is not bool:
            raise TypeError(
                f"{key} must be a bool, got {type(value).__name__} {value!r} ({self.model_type})"
            )
        return value

    def number(self, key: str) -> float:
        """A real number (``int`` or ``float``, not ``bool``)."""
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(
                f"{key} must be a number, got {type(value).__name__} {value!r} ({self.model_type})"
            )
        return value

    def choice(self, key: str, choices: tuple[object, ...]) -> object:
        """One of ``choices``."""
        value = self.get(key)
        if value not in choices:
            allowed = ", ".join(map(repr, choices))
            raise ValueError(f"{key} must be one of {allowed}, got {value!r} ({self.model_type})")
        return value

    def divisible(self, key: str, by_key: str) -> None:
        """Refuse ``key`` that is not a multiple of ``by_key``."""
        value, by = self.size(key), self.size(by_key)
        if value % by:
            raise ValueError(
                f"{key} must be a multiple of {by_key}, got {key}={value} and {by_key}={by} "
                f"({self.model_type})"
            )

    def padding(self, *tables: str, default: int | None = None) -> None:
        """Refuse a ``pad_token_id`` outside a table it pads, as ``nn.Embedding`` does.

        The key changes no count, but ``transformers`` fails to build a model whose
        padding row is not in the table. ``default`` is the config class's default,
        for rows whose defaults do not list the key.
        """
        pad = self.values.get("pad_token_id", self.defaults.get("pad_token_id", default))
        if pad is None:
            return
        if type(pad) is not int:
            raise TypeError(
                f"pad_token_id must be an int or None, got {type(pad).__name__} {pad!r} "
                f"({self.model_type})"
            )
        for key in tables:
            rows = self.size(key, minimum=0)
            if not -rows <= pad < rows:
                raise ValueError(
                    f"pad_token_id must index {key} rows, got pad_token_id={pad} and "
                    f"{key}={rows} ({self.model_type})"
                )

    def num_labels(self) -> int:
        """``num_labels`` as ``PretrainedConfig`` reads it: from ``id2label`` if given, else 2."""
        if "num_labels" in self.values:
            return self.size("num_labels", minimum=0)
        labels = self.values.get("id2label")
        if labels is None:
            return 2
        if not isinstance(labels, Mapping):
            raise TypeError(f"id2label must be a mapping, got {type(labels).__name__}")
        return len(labels)


#: What a row's build function returns: the layout, the sizes (the formula's
#: symbols, config key -> int) and other integers the spec reads (``top_k``).
Built = tuple[Layout, dict[str, int], dict[str, int]]


@dataclass(frozen=True)
class Row:
    """One ``model_type``: its keys and defaults, its classes, and how it is built.

    Attributes:
        model_type: The ``model_type`` of ``config.json``.
        prefix: The class-name prefix (``Llama`` for ``LlamaForCausalLM``).
        defaults: The config keys the count depends on, with the defaults of
            the ``transformers`` config class.
        build: Config -> (layout, sizes, extra). ``extra`` holds integers that
            are not symbols of the formula (the experts picked per token).
        classes: The class-name suffixes the architecture has.
        family: The page that derives it (``dense``, ``gpt``, ``moe``, ``ssm``, ``encoder``).
        example: A famous checkpoint's name and its config keys, for the pages
            and the calculator's list.
    """

    model_type: str
    prefix: str
    defaults: Mapping[str, object]
    build: Callable[[Config], Built]
    family: str
    classes: tuple[str, ...] = DECODER_CLASSES
    #: Heads that differ from :data:`HEADS`, by class-name suffix.
    heads: Mapping[str, Callable[[str, bool], tuple[object, ...]]] = field(default_factory=dict)
    #: The suffix of the language-model class (``LMHeadModel`` for GPT-2).
    causal: str = "ForCausalLM"
    #: Task classes whose base model has another attribute name, by suffix
    #: (``LlamaForQuestionAnswering`` keeps it in ``transformer``).
    bases: Mapping[str, str] = field(default_factory=dict)
    #: Class names that do not follow ``prefix + suffix``, by suffix
    #: (``gemma3_text``'s base model is ``Gemma3TextModel``).
    class_names: Mapping[str, str] = field(default_factory=dict)
    #: The class counted when a config names none (encoders: the base ``Model``).
    default: str = "ForCausalLM"
    #: Task classes whose head reads ``num_labels``, by suffix.
    labelled: tuple[str, ...] = ("ForSequenceClassification", "ForTokenClassification")
    #: Checks of a config against one class (a head that refuses some ``num_labels``).
    check: Callable[[Config, str], None] | None = None
    #: Changes of the layout for one class, by suffix: ``(layout, tied) -> layout``
    #: (XLM-RoBERTa's masked LM lists the tied word embedding under its head).
    adapt: Mapping[str, Callable[[Layout, bool], Layout]] = field(default_factory=dict)
    #: The width the heads read when the layout has no embedding of its own at the
    #: top (Whisper: its token table is inside the decoder stack).
    hidden: str = "hidden_size"
    #: The spec built (a subclass of :class:`Decoder` for encoder-decoders).
    spec_class: type[Decoder] = Decoder

    def class_name(self, suffix: str) -> str:
        """The ``transformers`` class of a suffix: ``ForCausalLM`` -> ``LlamaForCausalLM``."""
        if suffix in self.class_names:
            return self.class_names[suffix]
        return self.prefix + (self.causal if suffix == "ForCausalLM" else suffix)

    def spec(self, values: Mapping[str, object], architecture: str | None = None) -> Decoder:
        """The model ``values`` (a ``config.json``) describes, as class ``architecture``
        (a class-name suffix; the row's ``default`` if ``None``)."""
        if architecture is None:
            architecture = self.default
        config = Config(self.model_type, values, self.defaults)
        layout, sizes, extra = self.build(config)
        tied = "tie_word_embeddings" in self.defaults and config.flag("tie_word_embeddings")
        # Rows may share a layout and differ in their heads: the key names the row.
        key = (self.model_type, id(layout), architecture, tied)
        try:
            final = _HEADED[key][1]
        except KeyError:
            chosen = dict(layout.heads)
            if architecture in chosen:
                head = chosen[architecture]
            else:
                heads = self.heads.get(architecture) or HEADS[architecture]
                # The width of the first table (a tower model's first block has none).
                first = layout.embeddings[0] if layout.embeddings else None
                head = heads(str(getattr(first, "width", self.hidden)), tied)
            # The cache keeps ``layout`` alive, so its id is not reused.
            base = self.bases.get(architecture, layout.base)
            headed = replace(layout, head=head, base=base)
            if architecture in self.adapt:
                headed = self.adapt[architecture](headed, tied)
            final = Structure(headed)
            _HEADED[key] = (layout, final)
        if architecture in self.labelled:
            sizes["num_labels"] = config.num_labels()
        if self.check is not None:
            self.check(config, architecture)
        name = self.class_name(architecture)
        return self.spec_class(self.model_type, architecture, name, final, sizes, extra)


#: (row, layout id, class suffix, tied) -> (the layout, its structure with the head).
_HEADED: dict[tuple[str, int, str, bool], tuple[Layout, Structure]] = {}


#: Every row, by ``model_type``, in the order the pages list them.
ROWS: dict[str, Row] = {}


def register(*rows: Row) -> None:
    """Add ``rows`` to the table."""
    for row in rows:
        assert row.model_type not in ROWS, row.model_type
        ROWS[row.model_type] = row
