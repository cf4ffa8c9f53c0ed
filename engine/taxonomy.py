"""The cyd element catalogue (bundled data) and label matching."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from .model import FactKind, Taxonomy
from .resources import data_text


class Element(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    alias: str
    label: str
    plain: str
    """What a reader is shown ("Board oversight"), without the kind."""
    kind: FactKind
    requirements: tuple[str, ...]
    forms: tuple[str, ...]

    @property
    def plain_label(self) -> str:
        """The plain label with its kind: "Board oversight — text block"."""
        return f"{self.plain} — {'flag' if self.kind is FactKind.FLAG else 'text block'}"


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    namespace_pattern: str
    elements: tuple[Element, ...]

    def by_name(self, name: str) -> Element | None:
        return _index(self)[0].get(name)

    def resolve(self, name_or_alias: str) -> Element | None:
        """An element by local name or by its short alias."""
        names, aliases, _ = _index(self)
        return names.get(name_or_alias) or aliases.get(name_or_alias)

    def by_label(self, label: str) -> Element | None:
        """An element by its label, tolerant of case, punctuation, 'and'/'or' and the local-name spelling."""
        return _index(self)[2].get(label_key(label))

    def is_cyd_namespace(self, namespace: str | None) -> bool:
        return namespace is not None and re.match(self.namespace_pattern, namespace) is not None


# The standard taxonomies EDGAR publishes together each year (EFM 6.22.03 checks that their years agree).
_STANDARD = re.compile(
    r"^https?://(?:xbrl\.sec\.gov/(?P<sec>[a-z][a-z\-]*)|fasb\.org/(?P<fasb>us-gaap|srt|us-types|us-roles))/(?P<year>\d{4})/?$"
)


def standard_taxonomies(namespaces: Iterable[str | None]) -> tuple[Taxonomy, ...]:
    """The standard (SEC / FASB) taxonomies among namespace URIs, each once, sorted by family then year."""
    found: set[tuple[str, int, str]] = set()
    for ns in namespaces:
        m = _STANDARD.match(ns) if ns else None
        if m:
            found.add((m.group("sec") or m.group("fasb"), int(m.group("year")), ns or ""))
    return tuple(Taxonomy(family=f, year=y, namespace=n) for f, y, n in sorted(found))


_STOPWORDS = frozenset({"and", "or", "the", "of", "for", "to", "a", "an"})
_SUFFIX = re.compile(r"\[(text block|flag|line items|abstract|table|axis|domain|member)\]\s*$", re.I)


def label_kind(label: str) -> str | None:
    """The bracketed suffix of an SEC standard label ('text block', 'flag', 'line items'…), lower-case."""
    m = _SUFFIX.search(label)
    return m.group(1).lower() if m else None


def label_key(label: str) -> str:
    """A normal form of a label: CamelCase split, case, punctuation and connectives ignored, kind suffix kept."""
    kind = label_kind(label) or ""
    body = _SUFFIX.sub("", label)
    if kind == "" and body.endswith(("TextBlock", "Flag")):  # a local name used as a label
        kind = "text block" if body.endswith("TextBlock") else "flag"
        body = body.removesuffix("TextBlock").removesuffix("Flag")
    body = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", body)
    words = [w for w in re.findall(r"[a-z0-9]+", body.lower().replace("sub-committee", "subcommittee"))]
    return " ".join(w for w in words if w not in _STOPWORDS) + "|" + kind


@cache
def _index(cat: Catalogue) -> tuple[dict[str, Element], dict[str, Element], dict[str, Element]]:
    names = {e.name: e for e in cat.elements}
    aliases = {e.alias: e for e in cat.elements}
    labels: dict[str, Element] = {}
    for e in cat.elements:
        for key in {label_key(e.label), label_key(e.name)}:
            if key in labels and labels[key] is not e:  # the catalogue itself is wrong: fail loudly in tests
                raise ValueError(f"label key {key!r} is ambiguous: {labels[key].name} and {e.name}")
            labels[key] = e
    return names, aliases, labels


@cache
def catalogue() -> Catalogue:
    data = data_text("cyd.yaml")
    # libyaml's loader when PyYAML has it (the same data, several times faster): read at every start.
    return Catalogue.model_validate(yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def loose_match(cat: Catalogue, label: str) -> Element | None:
    """A filer's own terse label ('Role of Management [Text Block]'): the one element of the same kind whose
    standard label contains every word of it. None when no element or more than one does."""
    key = label_key(label)
    words, _, kind = key.partition("|")
    wanted = set(words.split())
    if len(wanted) < 2:
        return None
    hits = []
    for e in cat.elements:
        e_words, _, e_kind = label_key(e.label).partition("|")
        if e_kind == kind and wanted <= set(e_words.split()):
            hits.append(e)
    return hits[0] if len(hits) == 1 else None
