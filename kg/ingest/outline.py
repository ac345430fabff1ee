"""Find a plan's task section, its group headings and its numbered tasks in normalised text.

Layouts handled: arabic tasks (`1.` `1．` `1、`) under （一） group headings, and plans whose tasks are the
（一）…（十一） items themselves (no arabic numbers in the task section). A task runs to the next marker of
the same or a higher level, so sub-items (（1）…) and label lines stay inside it. Arabic numbers must run in
sequence, which rejects look-alikes such as an e-mail address broken as `26.com`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.header import is_chrome

_CN = "一二三四五六七八九十"
SECTION = re.compile(rf"^([{_CN}]+)、(.*)$")
GROUP = re.compile(rf"^（([{_CN}]+)）(.*)$")
ARABIC = re.compile(r"^(\d{1,3})[\.、](?![A-Za-z0-9@])(.*)$")
TASK_SECTION_WORDS = ("主要任务", "工作任务", "重点任务", "重点工作", "主要措施", "工作措施", "重点措施", "具体任务", "任务措施",
                      "主要工作", "工作重点", "治理任务", "攻坚任务", "攻坚行动", "重点行动", "主要行动", "工作举措",
                      "重点举措", "主要举措", "具体措施", "工作内容", "重点领域", "任务分工")
# sections before the tasks (goals, principles) and after them (safeguards): never tasks
NOT_TASKS = ("总体要求", "指导思想", "基本原则", "工作原则", "工作目标", "主要目标", "总体目标", "基本思路", "目标要求",
             "编制依据", "适用范围", "总体思路")
CLOSING = ("保障措施", "组织保障", "工作要求", "组织实施", "工作保障", "保障机制", "实施保障", "组织领导", "工作步骤",
           "进度安排", "实施步骤", "督导考核", "考核问责", "有关要求", "其他事项")
ANNEX = re.compile(r"^附\s*[件表]")


@dataclass(frozen=True)
class Para:
    start: int  # offsets in normalised text
    end: int
    text: str


@dataclass(frozen=True)
class OutlineGroup:
    number: str
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class OutlineTask:
    number: str
    position: int  # 1-based order in the plan
    title: str
    start: int  # span of the whole task (number included) in normalised text
    end: int
    body_start: int  # where the text after the number begins
    group: str | None  # number of its group heading, if any


@dataclass(frozen=True)
class Outline:
    section: tuple[int, int]
    groups: list[OutlineGroup]
    tasks: list[OutlineTask]


def paragraphs(text: str) -> list[Para]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Para(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def cn_to_int(s: str) -> int:
    digits = {c: i + 1 for i, c in enumerate(_CN[:9])}
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (digits.get(a, 1) if a else 1) * 10 + (digits.get(b, 0) if b else 0)
    return digits.get(s, 0)


def _task_section(paras: list[Para]) -> tuple[int, int]:
    """Indexes [i, j) of the paragraphs in the task section.

    A heading naming tasks (三、主要任务) opens it and the next 一、 heading closes it. Without one, it runs
    from the first 一、 section that is not goals or principles to the first safeguards section; a document
    without 一、 sections is all task section. Annexes and website footers always close it."""
    first = next((i for i, p in enumerate(paras) if SECTION.match(p.text)), 0)
    stop = next((j for j, p in enumerate(paras) if j > first and (ANNEX.match(p.text) or is_chrome(p.text)
                                                                   and j > len(paras) // 2)), len(paras))
    heads = [(i, m.group(2)) for i, p in enumerate(paras[:stop]) if (m := SECTION.match(p.text))]
    for n, (i, words) in enumerate(heads):
        if any(w in words[:12] for w in TASK_SECTION_WORDS):
            return i + 1, heads[n + 1][0] if n + 1 < len(heads) else stop
    if not heads:
        return 0, stop
    body = [(i, w) for i, w in heads if not any(x in w[:10] for x in NOT_TASKS)]
    if not body or any(x in body[0][1][:10] for x in CLOSING):
        return stop, stop
    end = next((i for i, w in body if any(x in w[:10] for x in CLOSING)), stop)
    return body[0][0], end


def short_title(body: str) -> str:
    first_para = body.split("\n", 1)[0]
    return first_para.split("。", 1)[0].strip()


def outline(text: str) -> Outline:
    paras = paragraphs(text)
    i, j = _task_section(paras)
    section = paras[i:j]
    arabic = _arabic_starts(section)
    groups: list[OutlineGroup] = []
    starts: list[tuple[int, str, int, str | None]] = []  # (para index, number, body offset, group)
    current_group = None
    if arabic:
        for k, p in enumerate(section):
            g = GROUP.match(p.text) or SECTION.match(p.text)
            if g:
                current_group = g.group(1)
                groups.append(OutlineGroup(g.group(1), g.group(2).strip(), p.start, p.end))
            elif k in arabic:
                m = ARABIC.match(p.text)
                starts.append((k, m.group(1), p.start + m.start(2), current_group))
    else:
        for k, p in enumerate(section):
            g, h = GROUP.match(p.text), SECTION.match(p.text)
            if h:
                current_group = h.group(1)
                groups.append(OutlineGroup(h.group(1), h.group(2).strip(), p.start, p.end))
            elif g:
                starts.append((k, g.group(1), p.start + g.start(2), current_group))
    tasks = []
    for n, (k, number, body_start, group) in enumerate(starts):
        last = _task_end(section, k, starts[n + 1][0] if n + 1 < len(starts) else len(section), bool(arabic))
        end = section[last - 1].end
        body = text[body_start:end]
        tasks.append(OutlineTask(number, n + 1, short_title(body), section[k].start, end, body_start, group))
    sec = (section[0].start, section[-1].end) if section else (0, 0)
    return Outline(section=sec, groups=groups, tasks=tasks)


def _arabic_starts(section: list[Para]) -> set[int]:
    """Paragraph indexes that begin arabic-numbered tasks, numbered 1, 2, 3 … in sequence; the count may go
    on across group headings (tasks 40, 41 under （五）) or start again at 1 under each."""
    found, expect, after_group = set(), 1, False
    for k, p in enumerate(section):
        if GROUP.match(p.text) or SECTION.match(p.text):
            after_group = True
            continue
        m = ARABIC.match(p.text)
        if m and (int(m.group(1)) == expect or (after_group and int(m.group(1)) == 1 and found)):
            found.add(k)
            expect = int(m.group(1)) + 1
            after_group = False
    return found


def _task_end(section: list[Para], k: int, next_start: int, arabic: bool) -> int:
    """Index one past the task's last paragraph: stop at the next task or, for arabic tasks, a group heading."""
    for m in range(k + 1, next_start):
        if (arabic and GROUP.match(section[m].text)) or SECTION.match(section[m].text):
            return m
    return next_start
