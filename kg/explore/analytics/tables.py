"""A report as terminal tables: (title, columns, rows) triples the CLI prints with rich, built from the same
dict `--format json` prints, so the table and the JSON never disagree. `top` caps the long lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    numeric: tuple[bool, ...]


SHORT = {"lead": "lead", "responsible": "resp.", "participant": "part.", "implementing": "impl."}


def _table(title: str, columns: tuple[str, ...], rows: list[tuple]) -> Table:
    columns = tuple(SHORT.get(c, c) for c in columns)
    cells = [tuple("" if v is None else str(v) for v in r) for r in rows]
    numeric = tuple(bool(cells) and all(_is_number(r[i]) for r in cells) for i in range(len(columns)))
    return Table(title, columns, cells, numeric)


def _is_number(text: str) -> bool:
    return text.replace(".", "", 1).replace("-", "", 1).isdigit() or text == ""


def tables(rep: dict, top: int = 15) -> list[Table]:
    """Every section present in `rep`, in a fixed order."""
    names = plan_keys([p["plan"] for p in rep["plans"]])
    roles = list(rep["roles"])
    out = [_plans(rep, roles)]
    for key, fn in (("overview", _overview), ("workload", _workload), ("network", _network),
                    ("places", _places), ("calendar", _calendar), ("compare", _compare), ("lineage", _lineage)):
        if key in rep:
            out += fn(rep, names, roles, top)
    return out


def plan_keys(stems: list[str]) -> dict[str, str]:
    """The shortest prefix of each stem that tells it from the others, at least up to its first `_`
    (`000_5aa1b34ff7adb0c1` → `000`), as `kg trace 000:9` accepts; the plans table maps them to titles."""
    keys = {}
    for stem in stems:
        n = stem.find("_") if stem.find("_") > 0 else min(3, len(stem))
        while n < len(stem) and any(o != stem and o.startswith(stem[:n]) for o in stems):
            n += 1
        keys[stem] = stem[:n]
    return keys


def _plans(rep: dict, roles: list[str]) -> Table:
    keys = plan_keys([p["plan"] for p in rep["plans"]])
    return _table("plans: tasks, agencies and obligations by role",
                  ("plan", "title", "where", "tasks", "bracketed", "agencies", "oblig.", *roles),
                  [(keys[p["plan"]], p["title"], p["jurisdiction"], p["tasks"], p["tasks_with_duties"],
                    p["agencies"], p["obligations"], *(p["by_role"][r] for r in roles)) for p in rep["plans"]])


def _overview(rep, names, roles, top) -> list[Table]:
    o = rep["overview"]
    return [_table("nodes per class", ("class", "nodes"), list(o["classes"].items())),
            _table("triples per named graph", ("graph", "triples"), list(o["graphs"].items())),
            _table(f"agencies by load (unit–task network: {o['components']} connected parts)",
                   ("agency", "jurisdiction", "tasks", "betweenness"),
                   [(a["label"], a["jurisdiction"], a["tasks"], f"{a['betweenness']:.4f}") for a in o["agencies"]])]


def _workload(rep, names, roles, top) -> list[Table]:
    w = rep["workload"]
    agencies = _table(f"agency workload by role (top {top} of {len(w['agencies'])})",
                      ("agency", "where", "function", "tasks", "oblig.", *roles),
                      [(a["label"], a["jurisdiction"], a["function"], a["tasks"], a["obligations"],
                        *(a["by_role"][r] for r in roles)) for a in w["agencies"][:top]])
    out = [agencies]
    for by, label in (("jurisdiction", "jurisdiction"), ("plan", "plan")):
        out.append(_table(f"workload by function, per {label}",
                          (label, "function", "agencies", "tasks", "oblig.", *roles),
                          [(names.get(g["group"], g["group"]), g["function"], g["agencies"], g["tasks"],
                            g["obligations"], *(g["by_role"][r] for r in roles)) for g in w["by_function"][by]]))
    return out


def _network(rep, names, roles, top) -> list[Table]:
    n = rep["network"]
    title = (f"co-responsibility network: {len(n['nodes'])} agencies, {len(n['edges'])} links, "
             f"{n['components']} connected parts, {len(n['communities'])} Louvain communities "
             f"(seed {n['seed']}, modularity {n['modularity']:.3f})")
    nodes = _table(title, ("agency", "where", "tasks", "partners", "shared", "betweenness", "community"),
                   [(x["label"], x["jurisdiction"], x["tasks"], x["degree"], x["strength"], f"{x['betweenness']:.4f}",
                     x["community"]) for x in n["nodes"][:top]])
    edges = _table(f"agency pairs sharing most tasks (top {top})", ("agency", "agency", "shared tasks"),
                   [(e["a_name"], e["b_name"], e["shared_tasks"]) for e in n["edges"][:top]])
    comms = _table("Louvain communities", ("community", "agencies", "members"),
                   [(k, len(c), "、".join(f"{m['label']}（{m['jurisdiction']}）" for m in c))
                    for k, c in enumerate(n["communities"])])
    return [nodes, edges, comms]


def _places(rep, names, roles, top) -> list[Table]:
    return [_table(f"most-addressed {kind} (tasks naming them)", (kind[:-1], "tasks", "plans"),
                   [(p["label"], p["tasks"], len(p["plans"])) for p in rep["places"][kind][:top]])
            for kind in ("rivers", "sections")]


def _calendar(rep, names, roles, top) -> list[Table]:
    return [_table("deadline calendar: tasks due per month", ("plan", "month", "tasks", "task numbers"),
                   [(names.get(m["plan"], m["plan"]), m["month"], m["tasks"], ", ".join(m["numbers"]))
                    for m in rep["calendar"]])]


def _compare(rep, names, roles, top) -> list[Table]:
    c = rep["compare"]
    zh = {t: v["zh"] for t, v in c["topics"].items()}
    topics = _table("task topics per plan (tasks whose title has the topic)", ("plan", "topics"),
                    [(names.get(p["plan"], p["plan"]), "、".join(f"{zh[t]} {n}" for t, n in p["topics"].items()))
                     for p in c["profiles"]])
    diff = _table("plan against plan: what the first has that the second lacks",
                  ("plan", "other plan", "functions only here", "topics only here"),
                  [(names.get(d["plan"], d["plan"]), names.get(d["other"], d["other"]),
                    "、".join(d["functions_only_here"]), "、".join(zh[t] for t in d["topics_only_here"]))
                   for d in c["differences"]])
    return [topics, diff]


def _lineage(rep, names, roles, top) -> list[Table]:
    lin = rep["lineage"]
    pairs = _table("lineage per plan pair (derived plan → prior directive in the corpus)",
                   ("plan", "directive", "plan tasks", "directive tasks", "kept", "added", "dropped", "mean score",
                    "added tasks", "dropped tasks"),
                   [(names.get(p["plan"], p["plan"]), names.get(p["directive"], p["directive"]), p["plan_tasks"],
                     p["directive_tasks"], p["kept"], p["added"], p["dropped"], f"{p['mean_score']:.3f}",
                     ", ".join(p["added_tasks"]), ", ".join(p["dropped_tasks"])) for p in lin["pairs"]])
    cited = _table("bases cited in preambles (not in the corpus)", ("plan", "directive", "score", "method"),
                   [(names.get(c["plan"], c["plan"]), c["label"], f"{c['score']:.2f}", c["method"]) for c in lin["cited"]])
    return [pairs, cited]
