"""The `policy_facts` component: targets, deadlines and periods, and the goals section where a plan sets targets.

The component only wires the pure finders to the Doc: targets (kg/extract/targets.py) are read off a copy of
the text on which citations, dates, projects and enterprises are masked (kg/extract/masks.py), so none of
those is taken for a value; deadlines and periods come from kg/extract/deadlines.py. `goal_spans` tells the
document-level targets (those of 二、工作目标) from the ones a task's own text repeats.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.deadlines import PeriodPatterns, find_deadlines, find_periods, period_patterns
from kg.extract.masks import mask_non_values
from kg.extract.mentions import SECTION
from kg.extract.targets import TargetPatterns, find_targets, target_patterns
from kg.extract.words import POLICY_FACTS
from kg.extract.doctext import doc_text


@Language.factory("policy_facts", default_config=POLICY_FACTS)
def make_policy_facts(nlp: Language, name: str, units: list[str], count_units: list[str], verbs: dict[str, str],
                      change_verbs: list[str], bounds: dict[str, str], count_verbs: list[str],
                      class_verbs: dict[str, str], lead_words: list[str], trail_words: list[str],
                      periods: list[str], period_actions: list[str], coordinated_periods: list[str]):
    """Targets, deadlines and periods of a text, with the word lists compiled once per pipeline."""
    targets = target_patterns(units, count_units, verbs, change_verbs, bounds, count_verbs, class_verbs,
                              lead_words, trail_words)
    recurring = period_patterns(periods, period_actions, coordinated_periods)

    def component(doc: Doc) -> Doc:
        return policy_facts(doc, targets, recurring)

    return component


def policy_facts(doc: Doc, targets: TargetPatterns, periods: PeriodPatterns) -> Doc:
    """Store the targets, deadlines and periods of doc on it; the entities found before mask or tie targets."""
    hits = doc._.entities or []
    text = doc_text(doc)
    sections = [h for h in hits if h.kind == SECTION]
    doc._.targets = find_targets(text, mask_non_values(text, hits), targets, sections)
    doc._.deadlines = find_deadlines(text)
    doc._.periods = find_periods(text, periods)
    return doc


# ---- the goals section -------------------------------------------------------------------------------------
_GOAL_HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*(?:工作目标|主要目标|总体目标|目标任务|发展目标|目标指标)")
_GOAL_LABEL = re.compile(r"(?:主要目标指标|主要目标|目标指标|工作目标|总体目标)[：:]")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


def goal_spans(text: str, out) -> list[tuple[int, int]]:
    """Spans of the goals section (二、工作目标 …) and of goal paragraphs (主要目标指标：…) outside the tasks."""
    from kg.ingest.outline import paragraphs

    paras = paragraphs(text)
    spans = []
    task_start = out.tasks[0].start if out.tasks else len(text)
    for i, p in enumerate(paras):
        if p.start >= task_start:
            break
        if _GOAL_HEADING.match(p.text):
            end = p.end
            for q in paras[i + 1 :]:
                if _SECTION.match(q.text) or q.start >= task_start:
                    break
                end = q.end
            spans.append((p.end, end))
        elif m := _GOAL_LABEL.search(p.text):  # 主要目标指标：… inside a paragraph
            spans.append((p.start + m.start(), p.end))
    return spans
