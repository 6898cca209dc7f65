"""spaCy pipeline: blank "zh" whose tokenizer is a private jieba instance with the policy user dictionary.

The jieba instance is our own (``jieba.Tokenizer``), so the global jieba state and its log output are
untouched. Extraction components (``policytext.targets.v1`` …) are registered in
``policytext.extractors.components`` and added by :func:`build_pipeline`.
"""
from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.util import registry

USER_DICT = "userdict.txt"
# no parser or NER here (their memory is what spaCy's 1M default guards); inputs are capped at 50 MB on read
MAX_CHARS = 60_000_000
# policytext_words (jieba words inside every record, as tokens) is available but not default: the
# extractors work on characters, and ``span._.words`` segments a record's span on access instead
DEFAULT_COMPONENTS = ("policytext_targets", "policytext_mechanisms", "policytext_deadlines")


def _user_dict_path() -> Path:
    return Path(str(resources.files("policytext") / "data" / USER_DICT))


@lru_cache(maxsize=4)
def jieba_tokenizer(user_dict: str | None = None):
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    cache = Path(os.environ.get("POLICYTEXT_CACHE", Path.home() / ".cache" / "policytext"))
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tok.tmp_dir = str(cache)
    except OSError:
        pass
    tok.initialize()
    tok.load_userdict(user_dict or str(_user_dict_path()))
    return tok


# regex runs (digits, Latin, CJK, punctuation, space); the tokenizer cuts CJK runs into characters
_RUNS = re.compile(
    r"\s+|[0-9０-９][0-9０-９.,，．%％]*|[A-Za-z]+|[\u3400-\u9fff\uf900-\ufaff]+|[^\s0-9０-９A-Za-z\u3400-\u9fff\uf900-\ufaff]"
)
_TOKENS = re.compile(
    r"\s+|[0-9０-９][0-9０-９.,，．%％]*|[A-Za-z]+|[^\s0-9０-９A-Za-z]"
)
# the multi-character tokens, as separators: what lies between them is one token per character
_RUN_SPLIT = re.compile(r"(\s+|[0-9０-９][0-9０-９.,，．%％]*|[A-Za-z]+)")


def _words(text: str) -> list[str]:
    """``_TOKENS.findall(text)``, faster: split at the runs, and ``list.extend`` the characters between."""
    out: list[str] = []
    for i, part in enumerate(_RUN_SPLIT.split(text)):
        if i % 2:
            out.append(part)
        elif part:
            out.extend(part)
    return out


# the normalized text of a Doc, kept by the tokenizer: ``doc.text`` rebuilds it token by token on every call
TEXT_KEY = "policytext.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, from the tokenizer's copy when it has one (the same string, without the token walk)."""
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


def attach_spaces(words: list[str]) -> tuple[list[str], list[bool]]:
    """A single-space token after a non-space token becomes that token's trailing space (spaCy's way)."""
    spaces = [False] * len(words)
    if " " not in words:
        return words, spaces
    out_w: list[str] = []
    out_s: list[bool] = []
    last = 0
    i = words.index(" ")
    while True:
        if i > 0 and not words[i - 1].isspace():
            out_w += words[last:i]
            out_s += spaces[last:i]
            out_s[-1] = True
            last = i + 1
        try:
            i = words.index(" ", i + 1)
        except ValueError:
            break
    out_w += words[last:]
    out_s += spaces[last:]
    return out_w, out_s


def tokens_of(text: str) -> tuple[list[str], list[bool]]:
    """spaCy words and spaces: one token per CJK character (as spaCy's own ``zh`` "char" segmenter),
    digit runs, Latin runs, punctuation, whitespace runs. ``"".join`` of the words with their spaces is
    ``text``."""
    return attach_spaces(_words(text))


class JiebaTokenizer:
    """spaCy tokenizer. A regex pass cuts the text into tokens at regex speed (CJK as single characters,
    like spaCy's default ``zh`` segmenter; the vocabulary stays small however many documents pass);
    ``doc.text`` always equals the input. jieba words come only where they are needed: ``span._.words``
    and the optional ``policytext_words`` component segment the CJK runs inside extracted records with this
    tokenizer's private jieba instance (segmenting whole documents would cost more than extraction)."""

    def __init__(self, vocab, user_dict: str | None = None):
        self.vocab = vocab
        self.user_dict = user_dict

    def segment(self, run: str) -> list[str]:
        return [w for w in jieba_tokenizer(self.user_dict).cut(run, HMM=False) if w]

    def __call__(self, text: str) -> Doc:
        words, spaces = tokens_of(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        src = Path(self.user_dict) if self.user_dict else _user_dict_path()
        (Path(path) / USER_DICT).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")

    def from_disk(self, path, **kwargs):
        p = Path(path) / USER_DICT
        if p.exists():
            self.user_dict = str(p)
        return self


@registry.tokenizers("policytext.jieba_tokenizer.v1")
def create_jieba_tokenizer():
    def make(nlp):
        return JiebaTokenizer(nlp.vocab)
    return make


def blank_pipeline():
    """blank zh + our jieba tokenizer, no components."""
    import policytext.extractors.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policytext.jieba_tokenizer.v1"}}})
    nlp.max_length = MAX_CHARS
    return nlp


def build_pipeline(components=DEFAULT_COMPONENTS):
    nlp = blank_pipeline()
    for name in components:
        nlp.add_pipe(name, name=name.removeprefix("policytext_"))
    return nlp


def load_pipeline(path: str | Path | None = None):
    """Load the shipped pipeline (``models/policytext-zh``) or build it from the registered components."""
    import policytext.extractors.components  # noqa: F401

    if path is None:
        env = os.environ.get("POLICYTEXT_MODEL")
        path = Path(env) if env else None
    if path is not None:
        nlp = spacy.load(path)
        nlp.max_length = MAX_CHARS
        return nlp
    return build_pipeline()
