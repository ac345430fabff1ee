"""Typed records between extraction and RDF: what the documents say, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Evidence:
    source_file: str
    start: int  # offsets in the source file's decoded text
    end: int
    quote: str  # source_text[start:end], exactly


@dataclass(frozen=True)
class DocMeta:
    title: str
    jurisdiction: str | None
    level: str | None
    year: int | None
    doc_number: str | None = None
    issuer: str | None = None
    issued: date | None = None
    inferred: frozenset[str] = frozenset()  # fields inferred from the text rather than read from a sidecar
    issued_source: str | None = None  # where `issued` was read when not a signature: information table, web page
    co_issued: tuple[str, ...] = ()  # titles of the other plans the same notice issues (not citations)


@dataclass(frozen=True)
class Obligation:
    unit: str  # as written in the bracket, distributed prefix restored
    canonical: str
    role: str  # lead / responsible / participant / implementing
    clause: int
    evidence: Evidence
    carried: bool = False  # assigned by an earlier task's "以下均需…落实" bracket


@dataclass(frozen=True)
class Mention:
    kind: str  # river / section / project / enterprise
    label: str
    evidence: Evidence
    river: str | None = None  # for sections tied to a river


@dataclass(frozen=True)
class Target:
    indicator: str
    value: float | str
    unit_of_measure: str | None
    comparator: str
    year: int | None
    evidence: Evidence
    section: str | None = None


@dataclass(frozen=True)
class Deadline:
    date: date
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class Period:
    label: str
    evidence: Evidence


@dataclass(frozen=True)
class Citation:
    title: str | None
    doc_number: str | None
    kind: str  # directive / standard
    evidence: Evidence


@dataclass
class Task:
    number: str
    position: int
    title: str
    text: str
    group: str | None
    evidence: Evidence
    body_start: int = 0  # offset of `text` in the document's normalised text (see Document.norm)
    content: str = ""  # `text` without its responsibility brackets (what lineage compares as words)
    obligations: list[Obligation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass(frozen=True)
class Group:
    number: str
    title: str
    evidence: Evidence


@dataclass(frozen=True)
class AnnexRow:
    table: str  # the annex table's title
    row: int
    about: str  # enterprise or township name
    about_kind: str  # enterprise / township
    values: dict[str, float | int | str | None]
    evidence: Evidence


@dataclass
class Document:
    source_file: str
    stem: str
    meta: DocMeta
    groups: list[Group] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # plan-level (goals section)
    citations: list[Citation] = field(default_factory=list)  # the whole document's citations
    mentions: list[Mention] = field(default_factory=list)  # plan-level mentions outside tasks
    annex: list[AnnexRow] = field(default_factory=list)
    norm: object = None  # the kg.ingest.normalise.Normalised text, for evidence spans found after extraction
    source_format: str = "txt"  # txt / pdf / docx / html
    text_file: str | None = None  # for non-txt sources: build-relative path of the text offsets refer to
