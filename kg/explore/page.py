"""The query page of `kg serve`: `/` (YASGUI over /sparql), its files under `/static/`, and small JSON under `/api/`.

Why it is here and not a separate app: researchers open one address and get an editor with the standard
prefixes, the canned queries with their parameters, a results table, a network view and downloads, all
served from the package (importlib.resources, so a wheel works) with nothing fetched from another host.
The JSON the page reads is made from the same records as the CLI: `kg.explore.queries.canned_queries()`,
`kg.explore.query.prefixes()`, `kg.viz.style` (colours per class, as `kg viz` draws them), and
`kg.explore.bind` for parameters, so a parameter bound on the page gives exactly the query that
`kg query --name NAME --bind VAR=VALUE` runs.

Paths answered (GET and HEAD only; anything else on them is 405):
- `/` the page (with a Content-Security-Policy that lets it reach only its own origin);
- `/static/PATH` a packaged file; a segment that is empty, starts with a dot or holds anything but letters,
  digits, `.`, `_`, `-` is 404, so no path leaves the folder;
- `/api/prefixes`, `/api/queries`, `/api/style`, `/api/bind?name=NAME&bind=VAR=VALUE…`.
`respond_page` returns None for every other path: the endpoint answers those.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable

from kg.errors import InputError
from kg.explore.results import Response, text_response

ALLOW = "GET, HEAD"
#: file suffix → Content-Type (X-Content-Type-Options: nosniff is on every reply, so these must be right)
TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8", ".woff2": "font/woff2",
}
PLAIN = "text/plain; charset=utf-8"  # LICENSE files and other suffix-less text
#: the page may load and fetch only from its own origin; inline styles because YASGUI and vis-network set them
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
NO_CACHE = {"Cache-Control": "no-cache"}  # our own files and data: revalidated, so an upgrade shows at once
VENDOR_CACHE = {"Cache-Control": "public, max-age=3600"}  # pinned third-party files: an hour
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
_JSON = "application/json"


def static_root() -> Traversable:
    """The packaged folder the page's files come from."""
    return resources.files("kg") / "explore" / "static"


def respond_page(method: str, path: str, params: Mapping[str, list[str]] | None = None) -> Response | None:
    """The page's answer for PATH, or None when PATH is not the page's (the endpoint answers it)."""
    if path not in ("/", "/index.html") and not path.startswith(("/static/", "/api/")):
        return None
    if method not in ("GET", "HEAD"):
        return text_response(405, f"{method} is not allowed on {path[:80]}; the page is read with GET",
                             {"Allow": ALLOW})
    if path.startswith("/static/"):
        return static_file(path[len("/static/"):])
    if path.startswith("/api/"):
        return api(path[len("/api/"):], params or {})
    page = static_file("index.html")
    page.headers["Content-Security-Policy"] = CSP
    page.headers["Referrer-Policy"] = "no-referrer"
    return page


def static_file(rel: str) -> Response:
    """A file under static/ by its relative path, or 404 for a missing file or any path that could leave it."""
    parts = rel.split("/")
    if not all(_SEGMENT.fullmatch(p) for p in parts):
        return text_response(404, f"no such file: /static/{rel[:120]}")
    node = static_root()
    for part in parts:
        node = node / part
    if not node.is_file():
        return text_response(404, f"no such file: /static/{rel[:120]}")
    suffix = "." + parts[-1].rsplit(".", 1)[1].lower() if "." in parts[-1] else ""
    headers = VENDOR_CACHE if parts[0] == "vendor" else NO_CACHE
    return Response(200, TYPES.get(suffix, PLAIN), node.read_bytes(), dict(headers))


def api(name: str, params: Mapping[str, list[str]]) -> Response:
    """One of the page's JSON answers by name; 404 for an unknown name, 400 for a bad binding."""
    makers = {"prefixes": page_prefixes, "queries": queries_json, "style": style_json}
    if name in makers:
        return _json(makers[name]())
    if name == "bind":
        return bind_response(params)
    return text_response(404, f"no such page data: /api/{name[:80]}; known: {', '.join([*makers, 'bind'])}")


def _json(data) -> Response:
    return Response(200, _JSON, json.dumps(data, ensure_ascii=False).encode("utf-8"), dict(NO_CACHE))


def page_prefixes() -> dict[str, str]:
    """The prefixes /sparql predeclares: the vocabulary's standard ones and `id:` for instances."""
    from kg.explore.query import prefixes
    from kg.graph.vocab import ID

    return prefixes() | {"id": str(ID)}


def queries_json() -> list[dict]:
    """The canned queries as the page's menu: name, title, description, params, text (from the .rq files)."""
    from dataclasses import asdict

    from kg.explore.queries import canned_queries

    return [{"name": cq.name, "title": cq.title, "description": cq.description,
             "params": [asdict(p) for p in cq.params], "text": cq.text} for cq in canned_queries()]


def style_json() -> dict:
    """How `kg viz` draws classes and relations (kg.viz.style), so the network tab looks the same."""
    from kg.viz import style

    return {"classes": style.CLASSES, "priority": [list(p) for p in style.CLASS_PRIORITY],
            "relations": style.RELATIONS, "font": style.FONT_STACK,
            "namespaces": [str(style.POL_NS), style.PROV, style.DCT]}


def bind_response(params: Mapping[str, list[str]]) -> Response:
    """/api/bind: the canned query NAME with `bind=VAR=VALUE` values, as `kg query --name --bind` binds them,
    with PREFIX lines for the standard prefixes it uses, so the editor's text runs on any endpoint."""
    names = params.get("name", [])
    if len(names) != 1 or not names[0]:
        return text_response(400, "give one canned query: /api/bind?name=NAME&bind=VAR=VALUE")
    try:
        text = bound_query(names[0], [b for b in params.get("bind", []) if b.split("=", 1)[-1].strip()])
    except InputError as exc:
        return text_response(400, str(exc))
    return _json({"name": names[0], "query": text})


def bound_query(name: str, binds: list[str]) -> str:
    """The canned query NAME with its `VAR=VALUE` bindings in a VALUES block and its prefixes declared."""
    from kg.explore.bind import parse_binds, parse_bindings, with_bindings
    from kg.explore.queries import canned_query

    cq = canned_query(name)
    bindings = parse_bindings([(k, v.strip()) for k, v in parse_binds(binds)])
    return declare_prefixes(with_bindings(cq.text, bindings, f"queries/{name}.rq"))


def declare_prefixes(text: str) -> str:
    """TEXT with a PREFIX line for each predeclared prefix it uses and does not declare, placed after its
    leading comment lines (the canned headers stay on top)."""
    from kg.explore.guard import tokens

    toks = list(tokens(text))
    declared = {toks[i + 1].text[:-1] for i, t in enumerate(toks[:-1])
                if t.kind == "keyword" and t.text.upper() == "PREFIX" and toks[i + 1].kind == "pname"}
    known = page_prefixes()
    used = [t.text.split(":", 1)[0] for t in toks if t.kind == "pname"]
    wanted = [p for p in dict.fromkeys(used) if p in known and p not in declared]
    if not wanted:
        return text
    lines = text.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].lstrip().startswith("#"):
        head += 1
    block = "".join(f"PREFIX {p}: <{known[p]}>\n" for p in sorted(wanted, key=list(known).index))
    return "".join(lines[:head]) + block + "".join(lines[head:])
